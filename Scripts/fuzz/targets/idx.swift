import Dendrite

/// IDX.read (gzipped or not) and the MNIST loader on any bytes: load or throw, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let url = FuzzInput.write(start, count)
    _ = try? IDX.read(url)
    _ = try? Datasets.mnist(imagesURL: url, labelsURL: url)
    return 0
}
