/// A problem with something the user passed in: data, shapes, hyper-parameters, files or call order.
/// The message says what was wrong, where, and what was expected. It is printable whatever text it
/// quotes: control and format characters are escaped (`\u{1B}`), as ``QuotedText`` shows them.
public struct DendriteError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable {
        case invalidArgument
        case invalidData
        case shapeMismatch
        case notCompiled
        case invalidFile
        /// A size over a ``ResourceLimits`` limit, or too large for any memory.
        case resourceLimit
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = QuotedText.printable(message)
    }

    public var description: String { message }

    package static func argument(_ message: String) -> DendriteError { .init(.invalidArgument, message) }
    package static func data(_ message: String) -> DendriteError { .init(.invalidData, message) }
    package static func shape(_ message: String) -> DendriteError { .init(.shapeMismatch, message) }
}
