import Dendrite
import Foundation

/// A model directory whose config.json is the fuzzer's bytes (and whose model.safetensors holds
/// no tensors): Model.load must load or throw, never trap or allocate without limit. The seeds are
/// saved configurations and model specs, so the mutations reach layer settings and shapes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let directory = FuzzInput.url.appendingPathExtension("model")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    _ = FuzzInput.write(start, count, to: directory.appendingPathComponent("config.json"))
    if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path) {
        try? SafeTensors().write(to: directory.appendingPathComponent("model.safetensors"))
    }
    _ = try? Model.load(from: directory)
    return 0
}
