import ArgumentParser

@main
struct DendriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dendrite",
        abstract: "Build, train and run neural networks with Dendrite.",
        subcommands: [DemoCommand.self]
    )
}
