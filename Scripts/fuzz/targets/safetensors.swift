import Dendrite
import Foundation

/// SafeTensors(data:) on any bytes, then loading them as the weights of a small model:
/// parse or throw, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.limited
    guard let file = try? SafeTensors(data: Data(bytes: start, count: count)) else { return 0 }
    let model = Sequential { Dense(2, inputShape: [2]) }
    if (try? model.build(inputShape: [2])) != nil {
        _ = try? model.loadWeights(from: FuzzInput.write(start, count))
    }
    _ = file.names.count
    return 0
}
