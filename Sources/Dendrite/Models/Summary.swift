import DendriteCore
import Foundation

extension Model {
    /// Prints the Keras-style table of layers, output shapes and parameter counts.
    public func summary() { print(summaryText()) }

    /// The summary table as text. Output shapes show the batch axis as `None`, as Keras does. A
    /// functional model adds Keras' "Connected to" column: the tensors each layer is called on,
    /// as `layer[call][output]`.
    public func summaryText() -> String {
        if !isBuilt, let shapes = expectedInputShapes { try? build(inputShapes: shapes) }
        func shown(_ shape: [Int]?) -> String {
            shape.map { "(None" + $0.map { ", \($0)" }.joined() + ")" } ?? "?"
        }
        var rows: [[String]] = []
        let connected = !(self is Sequential) && graph != nil
        if let graph, connected {
            var tensorNames: [Int: String] = [:]
            for (index, input) in graph.inputs.enumerated() { tensorNames[index] = "\(input.name)[0][0]" }
            var calls: [ObjectIdentifier: (shapes: [[Int]], sources: [String])] = [:]
            var callCounts: [ObjectIdentifier: Int] = [:]
            for step in graph.steps {
                let key = ObjectIdentifier(step.layer)
                let node = callCounts[key, default: 0]
                callCounts[key] = node + 1
                for (outputIndex, slot) in step.results.enumerated() { tensorNames[slot] = "\(step.layer.name)[\(node)][\(outputIndex)]" }
                let shapes = (try? step.layer.outputShapes(for: step.inputShapes)) ?? []
                calls[key, default: (shapes, [])].sources += step.arguments.map { tensorNames[$0] ?? "?" }
            }
            for layer in graph.layers {
                let call = calls[ObjectIdentifier(layer)]
                let shapes = call?.shapes ?? [(layer as? Input)?.shape ?? []]
                rows.append(["\(layer.name) (\(layer.typeName))", shapes.map(shown).joined(separator: ", "),
                             Model.grouped(layer.parameterCount), call.map { $0.sources.joined(separator: "\n") } ?? "-"])
            }
        } else {
            var shapes = inputShapes ?? expectedInputShapes
            for layer in layers {
                shapes = shapes.flatMap { try? layer.outputShapes(for: $0) }
                rows.append(["\(layer.name) (\(layer.typeName))", shapes.map { $0.map(shown).joined(separator: ", ") } ?? "?",
                             Model.grouped(layer.parameterCount)])
            }
        }
        let widths = connected ? [33, 24, 12, 22] : [33, 24, 15]
        let rightAligned = 2
        func rule(_ left: String, _ join: String, _ right: String, _ fill: String) -> String {
            left + widths.map { String(repeating: fill, count: $0) }.joined(separator: join) + right
        }
        // A cell may hold several lines (one per connection); the row is as tall as its tallest cell.
        func cells(_ values: [String], _ edge: String) -> String {
            let columns = values.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            let height = columns.map(\.count).max() ?? 1
            return (0..<height).map { line in
                let parts = zip(columns, widths).enumerated().map { column, pair in
                    let (lines, width) = pair
                    let text = line < lines.count ? lines[line] : ""
                    let room = Swift.max(0, width - 2 - text.count)
                    return column == rightAligned ? String(repeating: " ", count: room) + text
                        : text.padding(toLength: Swift.max(width - 2, text.count), withPad: " ", startingAt: 0)
                }
                return edge + " " + parts.joined(separator: " " + edge + " ") + " " + edge
            }.joined(separator: "\n")
        }
        let header = ["Layer (type)", "Output Shape", "Param #"] + (connected ? ["Connected to"] : [])
        var lines = ["Model: \"\(name)\"", rule("┏", "┳", "┓", "━"), cells(header, "┃"), rule("┡", "╇", "┩", "━")]
        for (index, row) in rows.enumerated() {
            lines.append(cells(row, "│"))
            lines.append(index == rows.count - 1 ? rule("└", "┴", "┘", "─") : rule("├", "┼", "┤", "─"))
        }
        let parameters = self.parameters
        let total = parameters.reduce(0) { $0 + $1.value.count }
        let trainable = parameters.filter(\.trainable).reduce(0) { $0 + $1.value.count }
        lines.append(" Total params: \(Model.grouped(total)) (\(Model.bytes(total * 4)))")
        lines.append(" Trainable params: \(Model.grouped(trainable)) (\(Model.bytes(trainable * 4)))")
        lines.append(" Non-trainable params: \(Model.grouped(total - trainable)) (\(Model.bytes((total - trainable) * 4)))")
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
