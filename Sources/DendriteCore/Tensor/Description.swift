extension Tensor: CustomStringConvertible {
    /// NumPy-like text: nested brackets, aligned columns, long axes elided, then the shape.
    public var description: String {
        let values = scalars
        let width = values.lazy.map { Tensor.format($0).count }.max() ?? 1
        func render(_ axis: Int, _ offset: Int, _ indent: String) -> String {
            if axis == rank { return Tensor.format(values[offset]).leftPadded(to: width) }
            let size = shape[axis], step = shape[(axis + 1)...].reduce(1, *)
            let shown: [Int?] = size > 8 ? Array(0..<3) + [nil] + Array((size - 3)..<size) : Array(0..<size)
            let parts = shown.map { index in
                index.map { render(axis + 1, offset + $0 * step, indent + " ") } ?? "..."
            }
            let separator = axis == rank - 1 ? ", " : ",\n" + String(repeating: "\n", count: rank - axis - 2) + indent + " "
            return "[" + parts.joined(separator: separator) + "]"
        }
        let body = rank == 0 ? Tensor.format(values[0]) : render(0, 0, "")
        let gradientNote = requiresGradient ? ", requiresGradient" : ""
        return "Tensor(\(body), shape: \(shape)\(gradientNote))"
    }

    private static func format(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded() && value.magnitude < 1e7 { return String(Int(value)) + "." }
        let magnitude = value.magnitude
        if magnitude >= 1e-4 && magnitude < 1e7 {
            var text = String(format4: value)
            while text.hasSuffix("0") { text.removeLast() }
            return text
        }
        return "\(value)"
    }
}

extension String {
    fileprivate init(format4 value: Float) {
        let scaled = (Double(value) * 10_000).rounded()
        let sign = scaled < 0 ? "-" : ""
        let whole = Int(scaled.magnitude) / 10_000, fraction = Int(scaled.magnitude) % 10_000
        let digits = String(fraction)
        self = sign + String(whole) + "." + String(repeating: "0", count: 4 - digits.count) + digits
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
