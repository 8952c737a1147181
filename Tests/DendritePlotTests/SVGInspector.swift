import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A parsed SVG document for tests: parsing fails the test unless the text is well-formed XML with
/// an `<svg>` root in the SVG namespace, and the helpers read back what the picture shows.
struct SVGInspector {
    let root: XMLElement

    init(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let document = try XMLDocument(xmlString: svg, options: [])
        root = try #require(document.rootElement(), sourceLocation: sourceLocation)
        #expect(root.name == "svg", sourceLocation: sourceLocation)
        #expect(root.uri == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
        #expect(root.attribute("viewBox") != nil, sourceLocation: sourceLocation)
    }

    /// Every element called `name`, in document order, anywhere below the root.
    func all(_ name: String) -> [XMLElement] { all(name, in: root) }

    /// Every element called `name`, in document order, anywhere below `element`.
    func all(_ name: String, in element: XMLElement) -> [XMLElement] {
        var found: [XMLElement] = []
        func visit(_ node: XMLElement) {
            for child in node.children ?? [] {
                guard let child = child as? XMLElement else { continue }
                if child.localName == name { found.append(child) }
                visit(child)
            }
        }
        visit(element)
        return found
    }

    /// The `<g>` elements with `class="name"`.
    func groups(_ name: String, in element: XMLElement? = nil) -> [XMLElement] {
        let element = element ?? root
        return all("g", in: element).filter { $0.attribute("class") == name }
    }

    /// The text of every `<text>` below `element`.
    func texts(in element: XMLElement? = nil) -> [String] { all("text", in: element ?? root).map { $0.stringValue ?? "" } }

    /// The points of a path's `d` attribute (`M`/`L` commands with absolute coordinates), with the
    /// number of `M` (pen lifts) it contains.
    static func points(_ d: String) -> (points: [(x: Double, y: Double)], moves: Int) {
        var points: [(x: Double, y: Double)] = [], moves = 0
        let commands = d.split(whereSeparator: { $0 == "M" || $0 == "L" })
        moves = d.filter { $0 == "M" }.count
        for command in commands {
            let numbers = command.split(separator: " ").compactMap { Double($0) }
            if numbers.count == 2 { points.append((numbers[0], numbers[1])) }
        }
        return (points, moves)
    }
}

extension XMLElement {
    // FoundationXML on Linux finds no attribute by name on elements in a default namespace, so
    // search the list.
    func attribute(_ name: String) -> String? { attributes?.first { $0.name == name }?.stringValue }
    func number(_ name: String) -> Double { Double(attribute(name) ?? "") ?? .nan }
}
