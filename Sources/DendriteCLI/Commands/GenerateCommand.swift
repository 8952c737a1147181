import ArgumentParser
import Dendrite
import Foundation

/// `dendrite generate`: text from a saved next-token language model and its text vectorization.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write text with a saved language model, from a seed text.",
        discussion: """
            The model takes ids of --seed's tokens (characters or words, as its saved TextVectorization splits them) and \
            gives the probabilities of the next token. Without --temperature or --top-k every token is the most likely one \
            (greedy); --temperature T samples from the probabilities sharpened (T < 1) or flattened (T > 1); --top-k K \
            samples among the K most likely only. Prints the seed followed by what the model wrote.
            Example: dendrite generate --model writer-model --seed "to be, or not to be" --length 200 --temperature 0.8
            """
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var limits: ResourceOptions

    @Option(help: "The text to continue.")
    var seed: String

    @Option(parsing: .unconditional, help: "How many tokens to write.")
    var length: Int = 200

    @Option(parsing: .unconditional, help: "Sample from softmax(log p / T) instead of taking the most likely token.")
    var temperature: Float?

    @Option(parsing: .unconditional, help: "Sample among the K most likely tokens only (with --temperature, or 1).")
    var topK: Int?

    @Option(parsing: .unconditional, help: "Seed of the random draws, so that a run can be repeated.")
    var randomSeed: UInt64 = 0

    func validate() throws {
        guard length >= 0 else { throw ValidationError("--length must be ≥ 0, got \(length)") }
        if let topK, topK < 1 { throw ValidationError("--top-k must be ≥ 1, got \(topK)") }
        if let temperature, !(temperature > 0 && temperature.isFinite) {
            throw ValidationError("--temperature must be a number > 0, got \(temperature); leave it out for the most likely tokens")
        }
    }

    var strategy: SamplingStrategy {
        if let topK { return .topK(topK, temperature: temperature ?? 1) }
        if let temperature { return .temperature(temperature) }
        return .greedy
    }

    func run() throws {
        limits.apply()
        let model = try modelOptions.load()
        guard let vectorization = model.textVectorization else {
            throw CommandFailure("the model '\(modelOptions.model)' has no saved text vectorization, so it cannot read --seed; save the language model with its TextVectorization (model.textVectorization)")
        }
        var generator = RandomGenerator(seed: randomSeed)
        let written: String
        do {
            written = try model.generate(text: seed, length: length, strategy: strategy, generator: &generator)
        } catch let error as DendriteError {
            throw CommandFailure(error.message.replacingOccurrences(of: "the seed", with: "--seed"))
        }
        let separator = vectorization.split == .whitespace && !written.isEmpty ? " " : ""
        print(seed + separator + written)
    }
}
