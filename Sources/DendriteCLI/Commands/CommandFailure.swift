/// A mistake in what the user asked for, reported as `Error: <message>` and exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) { description = message }
}
