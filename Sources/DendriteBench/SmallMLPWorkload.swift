import Dendrite
import Foundation

/// W1 (breast cancer 30-16-8-1, sigmoid, BCE, 50 epochs) and W4 (digits 64-64-10, softmax, sparse
/// CCE, 100 epochs): Adam 1e-3, batch 32, seeds 0–4; the whole training loop is timed (model
/// construction and test evaluation excluded), as the peers do.
struct SmallMLPWorkload {
    let name: String
    let train: (x: Tensor, y: Tensor)
    let test: (x: Tensor, y: Tensor)
    let layers: [Int]
    let epochs: Int
    let batch = 32
    let seeds: [UInt64] = [0, 1, 2, 3, 4]

    static func w1(peersData: String) throws -> SmallMLPWorkload {
        try SmallMLPWorkload(name: "W1", folder: peersData, file: "breast_cancer", layers: [30, 16, 8, 1], epochs: 50)
    }

    static func w4(peersData: String) throws -> SmallMLPWorkload {
        try SmallMLPWorkload(name: "W4", folder: peersData, file: "digits", layers: [64, 64, 10], epochs: 100)
    }

    private init(name: String, folder: String, file: String, layers: [Int], epochs: Int) throws {
        func load(_ part: String) throws -> (Tensor, Tensor) {
            // The peers' files: the features, then the label in a column named `label`.
            let data = try CSV.read(URL(fileURLWithPath: "\(folder)/\(file)_\(part).csv"), target: "label")
            return (data.features, data.labels)
        }
        self.name = name
        self.train = try load("train")
        self.test = try load("test")
        self.layers = layers
        self.epochs = epochs
    }

    func makeModel(seed: UInt64) -> Sequential {
        let binary = layers.last == 1
        let model = Sequential(seed: seed)
        for (index, units) in layers.dropFirst().enumerated() {
            let isLast = index == layers.count - 2
            model.add(Dense(units, activation: isLast ? (binary ? .sigmoid : .softmax) : .relu,
                            inputShape: index == 0 ? [layers[0]] : nil))
        }
        // No metrics during training, as the peers (accuracy is measured after training).
        model.compile(optimizer: Adam(learningRate: 1e-3), loss: binary ? .binaryCrossentropy : .sparseCategoricalCrossentropy)
        return model
    }

    func run() throws -> [String: JSONValue] {
        var times: [Double] = [], accuracies: [Double] = []
        for seed in seeds {
            let model = makeModel(seed: seed)
            try model.build(inputShape: [layers[0]])
            let seconds = try BenchSupport.time {
                try model.fit(train.x, train.y, epochs: epochs, batchSize: batch, verbose: 0)
            }
            times.append(seconds)
            accuracies.append(Double(try Metrics.accuracy(predictions: model.predict(test.x), targets: test.y)))
        }
        let steps = epochs * ((train.x.shape[0] + batch - 1) / batch)
        let median = BenchSupport.median(times)
        return [
            "framework": .string("dendrite"), "workload": .string(name),
            "n_train": .number(Double(train.x.shape[0])), "n_test": .number(Double(test.x.shape[0])),
            "epochs": .number(Double(epochs)), "batch": .number(Double(batch)),
            "seeds": .array(seeds.map { .number(Double($0)) }),
            "train_time_s_median": .number(BenchSupport.rounded(median)),
            "epoch_time_ms_median": .number(BenchSupport.rounded(median / Double(epochs) * 1000)),
            "step_time_us_median": .number(BenchSupport.rounded(median / Double(steps) * 1e6, 2)),
            "test_acc_median": .number(BenchSupport.rounded(BenchSupport.median(accuracies))),
            "test_acc_min": .number(BenchSupport.rounded(accuracies.min() ?? 0)),
            "test_acc_max": .number(BenchSupport.rounded(accuracies.max() ?? 0)),
            "train_times_s": .array(times.map { .number(BenchSupport.rounded($0)) }),
            "test_accs": .array(accuracies.map { .number(BenchSupport.rounded($0)) }),
        ]
    }
}
