import ArgumentParser
import Dendrite

/// `--max-file-size`, `--max-tensor-size` and `--max-model-size`: the ``ResourceLimits`` of one run,
/// shared by every command that reads a model or data. A refusal names the option to raise.
struct ResourceOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Largest file to read, and largest decompressed gzip data (bytes, or with K, M, G, T).", valueName: "size"))
    var maxFileSize = ByteSize(bytes: ResourceLimits().maximumFileBytes)

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Largest single tensor a model, a file or the data may ask for (bytes, or with K, M, G, T).", valueName: "size"))
    var maxTensorSize = ByteSize(bytes: ResourceLimits().maximumTensorBytes)

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Largest model: all its weights together (bytes, or with K, M, G, T).", valueName: "size"))
    var maxModelSize = ByteSize(bytes: ResourceLimits().maximumModelBytes)

    /// Makes these the limits every reader and model build checks.
    func apply() {
        var limits = ResourceLimits(maximumFileBytes: maxFileSize.bytes, maximumTensorBytes: maxTensorSize.bytes,
                                    maximumModelBytes: maxModelSize.bytes)
        limits.fileLimitName = "--max-file-size"
        limits.tensorLimitName = "--max-tensor-size"
        limits.modelLimitName = "--max-model-size"
        ResourceLimits.current = limits
    }
}

/// A size in bytes as typed on the command line: `1000`, `512K`, `64M`, `4G`, `1.5T` (binary units).
struct ByteSize: ExpressibleByArgument {
    let bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let units: [Character: Double] = ["K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40]
        var text = Substring(argument.uppercased())
        if text.hasSuffix("B") { text = text.dropLast() }
        if text.hasSuffix("I") { text = text.dropLast() }
        let unit = text.last.flatMap { units[$0] } ?? 1
        if unit != 1 { text = text.dropLast() }
        // Below 2⁶² the product converts to Int exactly enough, and cannot trap.
        guard let number = Double(text), number >= 0, let bytes = Int(exactly: (number * unit).rounded()),
              bytes < 1 << 62 else { return nil }
        self.bytes = bytes
    }

    var defaultValueDescription: String { ResourceLimits.text(bytes: bytes).replacingOccurrences(of: " ", with: "") }
}
