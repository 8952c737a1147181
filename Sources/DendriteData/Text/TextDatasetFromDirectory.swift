import Foundation

/// The `.txt` files of a folder with one sub-folder per class, read as a ``TextDataset``, as Keras'
/// `text_dataset_from_directory`:
///
/// ```
/// reviews/
///   neg/  a.txt  b.txt  more/c.txt
///   pos/  d.txt  …
/// ```
///
/// gives class names `["neg", "pos"]` (sub-folders sorted by name; hidden ones skipped) and label 0
/// for every file under `neg/`, sub-folders included. Files are taken class by class, in order of
/// folder path and then name; a name counts if it ends in `.txt` in any case (`.TXT`).
///
/// - Parameters:
///   - labels: ``DirectoryLabels/inferred`` (default) from the sub-folders, `.given` one label per
///     file of the whole folder (then sorted `classNames` are the distinct labels), nil for none.
///   - labelMode: ``TextLabelMode`` (default `int`); nil for no labels.
///   - classNames: with inferred labels, the classes to use, in this order (some sub-folders only).
///   - batchSize: texts per batch when iterating (default 32); nil for one at a time.
///   - maxLength: keep at most this many bytes of each text (Keras counts bytes too), cut back to a
///     whole character so that the text stays valid UTF-8 (Keras can cut one in half).
///   - shuffle: put the files in a random order (default true), seeded by `seed`; nil picks one.
///     Keras' order cannot be matched (NumPy's generator, then tf.data's shuffle buffer), so the same
///     seed gives another order here. Without shuffling the order is Keras' exactly.
///   - validationSplit, subset: keep the last `⌊validationSplit · files⌋` files (after shuffling) for
///     `.validation`, the rest for `.training`. With shuffling, a `seed` is required so the two calls
///     split the same order.
///   - followLinks: walk into folders that are symbolic links (default false).
/// - Throws: ``DendriteError`` naming the folder or file: a missing folder, no class sub-folders,
///   no `.txt` file, a file that cannot be read or is not valid UTF-8 (with the byte offset), a
///   label count that differs from the file count, `binary` without exactly two classes, a split
///   that leaves a part empty, and settings Keras refuses.
public func textDatasetFromDirectory(_ directory: URL, labels: DirectoryLabels? = .inferred,
                                     labelMode: TextLabelMode? = .int, classNames: [String]? = nil,
                                     batchSize: Int? = 32, maxLength: Int? = nil, shuffle: Bool = true,
                                     seed: UInt64? = nil, validationSplit: Double? = nil,
                                     subset: DatasetSubset? = nil, followLinks: Bool = false) throws -> TextDataset {
    let caller = "textDatasetFromDirectory"
    if (validationSplit == nil) != (subset == nil) {
        throw DendriteError.argument("\(caller): validationSplit and subset go together; pass both or neither")
    }
    let files = try TextFiles(directory, labels: labels, labelMode: labelMode, classNames: classNames,
                              batchSize: batchSize, maxLength: maxLength, shuffle: shuffle, seed: seed,
                              validationSplit: validationSplit, followLinks: followLinks, caller: caller)
    guard let validationSplit, let subset else { return try files.dataset(files.order) }
    let parts = try files.split(validationSplit)
    return try files.dataset(subset == .training ? parts.training : parts.validation)
}

/// ``textDatasetFromDirectory(_:labels:labelMode:classNames:batchSize:maxLength:shuffle:seed:validationSplit:subset:followLinks:)``
/// split into its training and validation parts at once (Keras' `subset="both"`); the settings are
/// the same. The training part comes first in the file order, the validation part last.
public func textDatasetsFromDirectory(_ directory: URL, validationSplit: Double, seed: UInt64? = nil,
                                      labels: DirectoryLabels? = .inferred, labelMode: TextLabelMode? = .int,
                                      classNames: [String]? = nil, batchSize: Int? = 32, maxLength: Int? = nil,
                                      shuffle: Bool = true, followLinks: Bool = false)
    throws -> (training: TextDataset, validation: TextDataset) {
    let files = try TextFiles(directory, labels: labels, labelMode: labelMode, classNames: classNames,
                              batchSize: batchSize, maxLength: maxLength, shuffle: shuffle, seed: seed,
                              validationSplit: validationSplit, followLinks: followLinks,
                              caller: "textDatasetsFromDirectory")
    let parts = try files.split(validationSplit)
    return (try files.dataset(parts.training), try files.dataset(parts.validation))
}

/// The files found, their labels and their order; reads the texts of a part when asked.
private struct TextFiles {
    let index: DirectoryIndex
    let labels: [Int]?
    let classNames: [String]
    let labelMode: TextLabelMode?
    let batchSize: Int?
    let maxLength: Int?
    /// The order of the files: as found, or shuffled.
    let order: [Int]
    let caller: String

    init(_ directory: URL, labels: DirectoryLabels?, labelMode: TextLabelMode?, classNames: [String]?,
         batchSize: Int?, maxLength: Int?, shuffle: Bool, seed: UInt64?, validationSplit: Double?,
         followLinks: Bool, caller: String) throws {
        func failure(_ message: String) -> DendriteError { DendriteError.argument("\(caller): \(message)") }
        if let batchSize, batchSize < 1 { throw failure("batchSize must be at least 1, got \(batchSize)") }
        if let maxLength, maxLength < 0 { throw failure("maxLength must be 0 or more, got \(maxLength)") }
        if let validationSplit, !(validationSplit > 0 && validationSplit < 1) {
            throw failure("validationSplit must be between 0 and 1, got \(validationSplit)")
        }
        if validationSplit != nil, shuffle, seed == nil {
            throw failure("with validationSplit and shuffle, pass a seed so that the training and validation parts do not overlap")
        }
        // As Keras: without a label mode there are no labels, so no class folders either.
        let labels = labelMode == nil ? nil : labels
        if classNames != nil, labels != .inferred {
            throw failure("classNames can only be chosen with inferred labels and a labelMode; other labels are named after their values")
        }
        index = try DirectoryIndex(directory, classFolders: labels == .inferred, chosenClasses: classNames,
                                   extensions: [".txt"], followLinks: followLinks, caller: caller)
        guard !index.files.isEmpty else {
            throw DendriteError(.invalidFile, "\(caller): no .txt files in '\(directory.path)'"
                                + (labels == .inferred ? " or its class sub-folders (\(index.classNames.joined(separator: ", ")))" : ""))
        }
        switch labels {
        case .inferred?:
            self.labels = index.classIDs
            self.classNames = index.classNames
        case .given(let given)?:
            guard given.count == index.files.count else {
                throw failure("\(given.count) labels for the \(index.files.count) .txt files found in '\(directory.path)'; give one per file")
            }
            if let position = given.firstIndex(where: { $0 < 0 }) {
                throw failure("label \(given[position]) (file \(index.files[position].path)) is negative; labels are class ids")
            }
            let distinct = Array(Set(given)).sorted()
            if labelMode == .categorical, let position = given.firstIndex(where: { $0 >= distinct.count }) {
                throw failure("label \(given[position]) (file \(index.files[position].path)) is not below the \(distinct.count) distinct labels, so it has no one-hot column; number the classes 0..<\(distinct.count)")
            }
            self.labels = given
            self.classNames = distinct.map(String.init)
        case nil:
            self.labels = nil
            self.classNames = []
        }
        if labels != nil, labelMode == .binary, self.classNames.count != 2 {
            throw failure("labelMode binary needs exactly 2 classes, found \(self.classNames.count): \(self.classNames.joined(separator: ", "))")
        }
        self.labelMode = labels == nil ? nil : labelMode
        self.batchSize = batchSize
        self.maxLength = maxLength
        self.caller = caller
        if shuffle {
            var generator = RandomGenerator(seed: seed ?? UInt64.random(in: 0...UInt64.max))
            order = generator.permutation(index.files.count)
        } else {
            order = Array(index.files.indices)
        }
    }

    /// The training and validation positions of `order`: the last `⌊split · files⌋` validate.
    func split(_ validationSplit: Double) throws -> (training: [Int], validation: [Int]) {
        let validationCount = Int(validationSplit * Double(order.count))
        guard validationCount > 0, validationCount < order.count else {
            throw DendriteError.argument("\(caller): validationSplit \(validationSplit) of \(order.count) files leaves \(validationCount == 0 ? "no validation" : "no training") file")
        }
        return (Array(order.dropLast(validationCount)), Array(order.suffix(validationCount)))
    }

    /// The files at `positions` read, with their labels.
    func dataset(_ positions: [Int]) throws -> TextDataset {
        let texts = try positions.map { try read(index.files[$0]) }
        return TextDataset(texts: texts, labels: labels.map { ids in encodedLabels(positions.map { ids[$0] }) },
                           classNames: classNames, files: positions.map { index.files[$0] }, batchSize: batchSize)
    }

    private func encodedLabels(_ ids: [Int]) -> Tensor {
        switch labelMode ?? .int {
        case .int: return Tensor(ids.map(Float.init))
        case .binary: return Tensor(shape: [ids.count, 1], scalars: ids.map(Float.init))
        case .categorical:
            var rows = [Float](repeating: 0, count: ids.count * classNames.count)
            for (row, id) in ids.enumerated() { rows[row * classNames.count + id] = 1 }
            return Tensor(shape: [ids.count, classNames.count], scalars: rows)
        }
    }

    /// The text of `file`, checked to be UTF-8 and cut to `maxLength` bytes at a character boundary.
    private func read(_ file: URL) throws -> String {
        let bytes = try InputFile.read(file) { DendriteError(.invalidFile, "\(caller): the text file '\(file.path)' \($0)") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8Offset(bytes)
            throw DendriteError(.invalidData, "\(caller): the text file '\(file.path)' is not valid UTF-8: byte \(offset) is 0x\(String(bytes[offset], radix: 16, uppercase: true)); save it as UTF-8")
        }
        guard let maxLength, text.utf8.count > maxLength else { return text }
        var end = maxLength
        // A UTF-8 continuation byte (10xxxxxx) is inside a character: step back to its first byte.
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser(), iterator = bytes.makeIterator(), offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return Swift.max(0, bytes.count - 1)
            }
        }
    }
}
