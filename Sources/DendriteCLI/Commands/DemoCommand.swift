import ArgumentParser
import Dendrite
import Foundation

/// `dendrite demo [name]`: the course examples, runnable with no arguments.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a course example (default: the breast-cancer classifier).",
        discussion: "Available demos: \(Demo.allCases.map(\.rawValue).joined(separator: ", "))."
    )

    @Argument(help: "The demo to run.")
    var name: Demo = .breastCancer

    @Option(parsing: .unconditional, help: "Random seed for weights and shuffling.")
    var seed: UInt64 = 0

    func run() throws {
        do {
            try name.run(seed: seed)
        } catch let error as DendriteError {
            throw ValidationError(error.message)
        }
    }
}

/// The course examples. Each lives in its own file under Demos/.
enum Demo: String, CaseIterable, ExpressibleByArgument {
    case breastCancer = "breast-cancer"
    case digits
    case neuron
    case perceptron
    case logisticRegression = "logistic-regression"
    case xor
    case optimizers
    case earlyStopping = "early-stopping"
    case textClassifier = "text-classifier"
    case writer
    case sunspots

    func run(seed: UInt64) throws {
        switch self {
        case .breastCancer: try BreastCancerDemo.run(seed: seed)
        case .digits: try DigitsDemo.run(seed: seed)
        case .neuron: try NeuronDemo.run()
        case .perceptron: try PerceptronDemo.run()
        case .logisticRegression: try LogisticRegressionDemo.run()
        case .xor: try XORDemo.run(seed: seed)
        case .optimizers: try OptimizerComparisonDemo.run(seed: seed)
        case .earlyStopping: try EarlyStoppingDemo.run(seed: seed)
        case .textClassifier: try TextClassifierDemo.run(seed: seed)
        case .writer: try WriterDemo.run(seed: seed)
        case .sunspots: try SunspotsDemo.run(seed: seed)
        }
    }
}
