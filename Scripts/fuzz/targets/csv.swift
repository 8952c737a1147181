import Dendrite

/// CSV.read on any bytes, with the last column as the target, and readFeatures without one:
/// every input must load or throw a DendriteError, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let url = FuzzInput.write(start, count)
    for missing in [MissingValues.error, .mean, .dropRow] {
        _ = try? CSV.read(url, target: "label", missingValues: missing)
    }
    _ = try? CSV.readFeatures(url)
    return 0
}
