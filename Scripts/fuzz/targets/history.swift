import Foundation

/// The `dendrite plot history` reader on any bytes, as history.json and as history.csv:
/// read or throw, never trap. HistoryFile.swift is compiled into this target from the CLI.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistory(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    for name in ["json", "csv"] {
        _ = try? HistoryFile.read(FuzzInput.write(start, count, to: FuzzInput.url.appendingPathExtension(name)))
    }
    return 0
}
