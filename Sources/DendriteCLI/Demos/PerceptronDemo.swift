import Dendrite
import DendriteCourse

/// The perceptron learning rule on AND and OR, and its failure on XOR.
enum PerceptronDemo {
    static func run() throws {
        for gate in [LogicGate.and, .or, .xor] {
            let data = gate.dataset
            var perceptron = Perceptron(inputCount: 2)
            let result = try perceptron.fit(data.features, data.labels, learningRate: 0.1, maxEpochs: 100)
            let predictions = try perceptron.predict(data.features).scalars.map { Int($0) }
            let verdict = result.converged ? "converged after \(result.epochs) epochs" : "did NOT converge in \(result.epochs) epochs"
            print("\(gate.rawValue.uppercased()): \(verdict); weights \(perceptron.weights), bias \(perceptron.bias); "
                  + "outputs \(predictions) for targets \(data.labels.scalars.map { Int($0) })")
        }
        print("XOR is not linearly separable: no single line splits its classes, so the perceptron cannot learn it.")
    }
}
