import DendriteCore
import Foundation

extension Sequential {
    /// Prints the Keras-style table of layers, output shapes and parameter counts.
    public func summary() { print(summaryText()) }

    /// The summary table as text. Output shapes show the batch axis as `None`, as Keras does.
    public func summaryText() -> String {
        if !isBuilt, let shape = expectedInputShape { try? build(inputShape: shape) }
        var rows: [(String, String, String)] = []
        var shape = inputShape
        for layer in layers {
            shape = shape.flatMap { try? layer.outputShape(for: $0) }
            let shown = shape.map { "(None, " + $0.map(String.init).joined(separator: ", ") + ")" } ?? "?"
            rows.append(("\(layer.name) (\(layer.typeName))", shown, Sequential.grouped(layer.parameterCount)))
        }
        let widths = [33, 24, 15]
        func rule(_ left: String, _ join: String, _ right: String, _ fill: String) -> String {
            left + widths.map { String(repeating: fill, count: $0) }.joined(separator: join) + right
        }
        func cells(_ a: String, _ b: String, _ c: String, _ edge: String) -> String {
            edge + " " + a.padding(toLength: widths[0] - 2, withPad: " ", startingAt: 0) + " " + edge + " "
                + b.padding(toLength: widths[1] - 2, withPad: " ", startingAt: 0) + " " + edge + " "
                + String(repeating: " ", count: Swift.max(0, widths[2] - 2 - c.count)) + c + " " + edge
        }
        var lines = ["Model: \"\(name)\"", rule("┏", "┳", "┓", "━"), cells("Layer (type)", "Output Shape", "Param #", "┃"),
                     rule("┡", "╇", "┩", "━")]
        for (index, row) in rows.enumerated() {
            lines.append(cells(row.0, row.1, row.2, "│"))
            lines.append(index == rows.count - 1 ? rule("└", "┴", "┘", "─") : rule("├", "┼", "┤", "─"))
        }
        let total = parameters.reduce(0) { $0 + $1.value.count }
        let trainable = parameters.filter(\.trainable).reduce(0) { $0 + $1.value.count }
        lines.append(" Total params: \(Sequential.grouped(total)) (\(Sequential.bytes(total * 4)))")
        lines.append(" Trainable params: \(Sequential.grouped(trainable)) (\(Sequential.bytes(trainable * 4)))")
        lines.append(" Non-trainable params: \(Sequential.grouped(total - trainable)) (\(Sequential.bytes((total - trainable) * 4)))")
        return lines.joined(separator: "\n")
    }

    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return result
    }

    static func bytes(_ count: Int) -> String {
        if count < 1024 { return String(format: "%.2f B", Double(count)) }
        if count < 1024 * 1024 { return String(format: "%.2f KB", Double(count) / 1024) }
        return String(format: "%.2f MB", Double(count) / 1024 / 1024)
    }
}
