import ArgumentParser
import Dendrite
import Foundation

/// `dendrite summary`: a saved model's layers and training settings.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a saved model's summary table, its loss, optimizer, preprocessing and classes.",
        discussion: "Example: dendrite summary --model iris-model"
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var limits: ResourceOptions

    func run() throws {
        limits.apply()
        let model = try modelOptions.load()
        print(model.summaryText())
        if let optimizer = model.optimizer, let loss = model.loss {
            print(" Optimizer: \(optimizer.name) (learning rate \(optimizer.learningRate)), loss: \(loss.name)")
        }
        let preprocessing: String = switch model.preprocessing {
        case .standard?: "StandardScaler"
        case .minMax?: "MinMaxScaler"
        case nil: "none"
        }
        print(" Preprocessing: \(preprocessing)")
        if let classNames = model.classNames { print(" Classes: \(classNames.joined(separator: ", "))") }
    }
}
