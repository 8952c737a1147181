import Dendrite
import Foundation

/// A rectangle in SVG user units (pixels), y growing downwards as in SVG.
public struct Frame: Sendable, Equatable {
    public var x: Double, y: Double, width: Double, height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }

    var maxX: Double { x + width }
    var maxY: Double { y + height }
}

/// The elements of an SVG picture being drawn; charts add to it, ``document`` wraps them in a
/// standalone SVG 1.1 file.
public struct SVGCanvas: Sendable {
    /// Average glyph width as a fraction of the font size, for laying out text without measuring it.
    static let glyphWidth = 0.6

    private(set) var elements: [String] = []
    private var idCounter = 0

    init() {}

    /// An id no other element of this picture has (for clip paths).
    mutating func uniqueID(_ prefix: String) -> String {
        idCounter += 1
        return "\(prefix)\(idCounter)"
    }

    /// Appends `<name attributes…/>`, or `<name …>text</name>` when `text` is given (escaped here).
    mutating func add(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        elements.append(Self.element(name, attributes, text: text))
    }

    /// Adds a clip path for `frame` and returns its `url(#…)` reference.
    mutating func clipPath(_ frame: Frame) -> String {
        let id = uniqueID("clip-")
        let rect = Self.element("rect", [("x", Self.number(frame.x)), ("y", Self.number(frame.y)),
                                         ("width", Self.number(frame.width)), ("height", Self.number(frame.height))])
        elements.append("<defs><clipPath id=\"\(id)\">\(rect)</clipPath></defs>")
        return "url(#\(id))"
    }

    /// Appends a `<g>` holding what `body` draws.
    mutating func group(_ attributes: [(String, String)], _ body: (inout SVGCanvas) -> Void) {
        elements.append(Self.openTag("g", attributes) + ">")
        body(&self)
        elements.append("</g>")
    }

    /// Appends horizontal text whose `anchor` (`start`, `middle`, `end`) sits at `(x, y)`, its
    /// baseline moved so that `y` is the text's vertical centre.
    mutating func text(_ text: String, x: Double, y: Double, anchor: String = "middle", size: Double = 12,
                       weight: String? = nil, fill: String = "#222222", rotation: Double? = nil) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y)), ("text-anchor", anchor),
                          ("dominant-baseline", "central"), ("font-size", Self.number(size)), ("fill", fill)]
        if let weight { attributes.append(("font-weight", weight)) }
        if let rotation {
            attributes.append(("transform", "rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))"))
        }
        add("text", attributes, text: text)
    }

    /// The standalone document: XML declaration, `<svg>` with `xmlns`, size and `viewBox`, a white
    /// background, then the elements.
    func document(width: Double, height: Double) -> String {
        let (w, h) = (Self.number(width), Self.number(height))
        let root = Self.openTag("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"), ("width", w), ("height", h),
            ("viewBox", "0 0 \(w) \(h)"), ("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"),
        ])
        let background = Self.element("rect", [("width", w), ("height", h), ("fill", "#FFFFFF")])
        return (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", root + ">", background] + elements + ["</svg>", ""])
            .joined(separator: "\n")
    }

    static func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) -> String {
        guard let text else { return openTag(name, attributes) + "/>" }
        return openTag(name, attributes) + ">" + escaped(text) + "</\(name)>"
    }

    private static func openTag(_ name: String, _ attributes: [(String, String)]) -> String {
        "<" + name + attributes.map { " \($0.0)=\"\(escaped($0.1))\"" }.joined()
    }

    /// `text` with the five XML special characters replaced by entities, safe in text and in
    /// attribute values. Characters XML 1.0 does not allow at all (the control characters other
    /// than tab and line breaks, U+FFFE and U+FFFF) are shown as `\u{1B}`, as error messages show
    /// them: written as they are, one in a metric's name made the whole file unreadable.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A coordinate with at most two decimals and no trailing zeros (`12.5`, `3`, `-0.25`).
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// The width `text` takes at `size`, estimated.
    static func textWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * glyphWidth }
}
