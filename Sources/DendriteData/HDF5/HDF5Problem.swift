/// A defect found while decoding an HDF5 file, before it is known which object it belongs to.
/// The public entry points turn it into a ``DendriteError`` (`.invalidFile`) that names the file
/// and the object path; a ``DendriteError`` thrown inside (a resource limit) passes through unchanged.
struct HDF5Problem: Error, Equatable {
    let reason: String

    init(_ reason: String) { self.reason = reason }

    /// Runs `body`, turning an ``HDF5Problem`` into the error users see:
    /// `HDF5 file '<source>', object '<path>': <reason>`.
    static func reported<Result>(source: String, path: String, _ body: () throws -> Result) throws -> Result {
        do { return try body() } catch let problem as HDF5Problem {
            throw DendriteError(.invalidFile, "HDF5 file '\(source)', object '\(path)': \(problem.reason)")
        }
    }
}
