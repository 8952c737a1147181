import Dendrite

/// HDF5File(bytes:) on any bytes, then every group, dataset and attribute it leads to: read or
/// throw, never trap. Soft links may form loops, so the walk stops at depth 8 and 500 objects.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHDF5(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.limited
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    guard let file = try? HDF5File(bytes: bytes, source: "fuzz.h5") else { return 0 }
    var pending: [(group: HDF5Group, depth: Int)] = [(file.root, 0)]
    var visited = 0
    while let (group, depth) = pending.popLast(), visited < 500 {
        for name in group.children {
            visited += 1
            guard let object = try? group.object(named: name) else { continue }
            switch object {
            case .group(let child): if depth < 8 { pending.append((child, depth + 1)) }
            case .dataset(let dataset):
                _ = try? dataset.doubles()
                _ = try? dataset.integers()
                _ = try? dataset.strings()
            }
        }
    }
    _ = try? file.root.object(at: "/layers/dense/vars/0")
    return 0
}
