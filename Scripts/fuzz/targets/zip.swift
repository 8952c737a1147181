import Dendrite

/// ZipArchive(bytes:) on any bytes, then every entry's data: read or throw, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZip(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.limited
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    guard let archive = try? ZipArchive(bytes: bytes, source: "fuzz.zip") else { return 0 }
    for entry in archive.entries { _ = try? archive.data(of: entry) }
    return 0
}
