import Foundation
import Testing
@testable import Dendrite

/// Small models and files shared by the saving tests.
enum SavingSupport {
    /// A fresh directory under the system's temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dendrite-saving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// 24 samples of 3 features and two classes (a rule on the features), fixed values.
    static let x = Tensor(shape: [24, 3], scalars: (0..<72).map { Float(($0 * 37) % 23) / 11 - 1 })
    static let y = Tensor(shape: [24, 1], scalars: (0..<24).map { row in
        x[row, 0] + 0.5 * x[row, 1] - x[row, 2] > 0 ? 1 : 0
    })

    /// A network that uses every layer type and a setting of each kind.
    static func model(seed: UInt64 = 3) throws -> Sequential {
        try Sequential(seed: seed, name: "classifier") {
            Input(shape: [3])
            Dense(6, activation: .leakyRelu(slope: 0.2), kernelInitializer: .heUniform,
                  biasInitializer: .constant(0.1), kernelRegularizer: .l2(0.003))
            Dropout(0.25)
            Dense(4, useBias: false, kernelInitializer: .randomNormal(mean: 0, standardDeviation: 0.3),
                  kernelRegularizer: try Regularizer(l1: 0.001, l2: 0.002))
            ActivationLayer(.gelu(approximate: true))
            Flatten()
            Dense(1, activation: .sigmoid)
        }
    }

    static func compiledModel(seed: UInt64 = 3) throws -> Sequential {
        let model = try model(seed: seed)
        model.compile(optimizer: Adam(learningRate: 0.01, beta2: 0.99).clipped(norm: 5),
                      loss: .binaryCrossentropy, metrics: [.accuracy, .precision(threshold: 0.4)])
        return model
    }

    static func bits(_ tensors: [Tensor]) -> [[UInt32]] { tensors.map { $0.scalars.map(\.bitPattern) } }
}
