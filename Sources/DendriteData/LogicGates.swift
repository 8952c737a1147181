import DendriteCore

/// The truth tables of the two-input logic gates, the first data sets of the course.
public enum LogicGate: String, CaseIterable, Sendable {
    case and, or, xor, nand

    /// The four input pairs `[0,0], [0,1], [1,0], [1,1]` and the gate's outputs `[4]`.
    public var dataset: Dataset {
        let inputs: [[Float]] = [[0, 0], [0, 1], [1, 0], [1, 1]]
        let outputs: [Float] = inputs.map { pair in
            let (a, b) = (pair[0] == 1, pair[1] == 1)
            switch self {
            case .and: return a && b ? 1 : 0
            case .or: return a || b ? 1 : 0
            case .xor: return a != b ? 1 : 0
            case .nand: return a && b ? 0 : 1
            }
        }
        return Dataset(name: rawValue, features: Tensor(inputs), labels: Tensor(outputs),
                       featureNames: ["a", "b"], classNames: ["0", "1"])
    }
}
