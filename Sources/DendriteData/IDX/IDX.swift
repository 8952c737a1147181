import DendriteCore
import Foundation

/// Reading and writing the IDX format of the MNIST files (http://yann.lecun.com/exdb/mnist/):
/// two zero bytes, a type byte (``IDXDataType``), the number of dimensions, each dimension as a
/// big-endian 32-bit integer, then the elements big-endian in row-major order. Files may be gzipped
/// (decoded in pure Swift, no zlib needed).
public enum IDX {
    /// The array in an IDX file (gzipped or not) as a tensor of that shape (values converted to Float).
    ///
    /// ```swift
    /// let images = try IDX.read(URL(fileURLWithPath: "train-images-idx3-ubyte.gz"))   // [60000, 28, 28]
    /// ```
    /// - Throws: ``DendriteError`` (`.invalidFile`) naming the file and the problem: missing file,
    ///   bad magic bytes, unknown type code, a header or data shorter or longer than the dimensions
    ///   say, or damaged gzip data.
    public static func read(_ url: URL) throws -> Tensor { try readWithDataType(url).tensor }

    /// Like ``read(_:)``, also returning the element type the file declares.
    public static func readWithDataType(_ url: URL) throws -> (tensor: Tensor, dataType: IDXDataType) {
        let path = url.path
        var bytes = try InputFile.read(url, kind: "IDX file")
        if Gzip.isCompressed(bytes) { bytes = try Gzip.decompress(bytes, source: path) }
        return try decode(bytes, source: path)
    }

    static func decode(_ bytes: [UInt8], source: String) throws -> (tensor: Tensor, dataType: IDXDataType) {
        func failure(_ reason: String) -> DendriteError { DendriteError(.invalidFile, "IDX file '\(source)': \(reason)") }
        guard bytes.count >= 4 else {
            throw failure("\(bytes.count) bytes cannot hold the 4-byte header (00 00, type, number of dimensions)")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            let shown = bytes[0..<4].map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            throw failure("magic bytes \(shown.joined(separator: " ")) are not an IDX header; expected 00 00, a type code and the number of dimensions")
        }
        guard let dataType = IDXDataType(rawValue: bytes[2]) else {
            throw failure("type code 0x\(String(bytes[2], radix: 16)) is not one of 08 (ubyte), 09 (byte), 0b (short), 0c (int), 0d (float), 0e (double)")
        }
        let rank = Int(bytes[3]), dataStart = 4 + 4 * rank
        guard bytes.count >= dataStart else {
            throw failure("the header declares \(rank) dimensions (\(dataStart) header bytes), but the file has only \(bytes.count) bytes")
        }
        let shape = (0..<rank).map { axis in (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * axis + $1]) } }
        // The dimensions are the file's to choose: their product may overflow or ask for terabytes.
        let count: Int, dataBytes: Int
        do {
            count = try ResourceLimits.count(shape, "dimensions")
            dataBytes = try ResourceLimits.product(count, dataType.size, "dimensions")
        } catch {
            throw failure("dimensions \(shape) describe more elements than any file can hold; the header is damaged")
        }
        guard bytes.count - dataStart == dataBytes else {
            throw failure("dimensions \(shape) need \(dataBytes) bytes of \(dataType.name) data, but the file has \(bytes.count - dataStart)")
        }
        var values = [Float](repeating: 0, count: count)
        if dataType == .unsignedByte {
            // The common case (MNIST) as a plain conversion loop the compiler vectorises.
            for index in 0..<count { values[index] = Float(bytes[dataStart + index]) }
        } else {
            for index in 0..<count { values[index] = dataType.value(bytes, at: dataStart + index * dataType.size) }
        }
        return (Tensor(shape: shape, scalars: values), dataType)
    }

    /// Writes `tensor` as an IDX file of element type `dataType`, gzipped if `gzip` (stored DEFLATE
    /// blocks: a valid gzip file that `gunzip` and Python's `gzip` read, not smaller than the data).
    ///
    /// - Throws: ``DendriteError``: a value that does not fit `dataType` (integer types need whole
    ///   numbers in range), more than 255 dimensions, or a file that cannot be written.
    public static func write(_ tensor: Tensor, dataType: IDXDataType, to url: URL, gzip: Bool = false) throws {
        guard tensor.rank <= 255 else { throw DendriteError.argument("IDX.write: \(tensor.rank) dimensions; IDX allows at most 255") }
        guard tensor.shape.allSatisfy({ $0 <= Int(UInt32.max) }) else {
            throw DendriteError.argument("IDX.write: shape \(tensor.shape) has a dimension above 2³² − 1")
        }
        var bytes: [UInt8] = [0, 0, dataType.rawValue, UInt8(tensor.rank)]
        bytes.reserveCapacity(4 + 4 * tensor.rank + tensor.count * dataType.size)
        for dimension in tensor.shape { bytes += (0..<4).map { UInt8(truncatingIfNeeded: dimension >> (8 * (3 - $0))) } }
        for (index, value) in tensor.scalars.enumerated() {
            if let range = dataType.integerRange, !(value.rounded() == value && range.contains(Double(value))) {
                throw DendriteError.data("IDX.write: value \(value) at index \(index) does not fit \(dataType.name) (whole numbers \(Int(range.lowerBound))…\(Int(range.upperBound)))")
            }
            dataType.append(value, to: &bytes)
        }
        do { try Data(gzip ? Gzip.compress(bytes) : bytes).write(to: url) } catch {
            throw DendriteError(.invalidFile, "IDX.write: cannot write '\(url.path)': \(FileErrorText.describe(error))")
        }
    }
}
