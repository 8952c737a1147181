import Foundation

/// A token a lookup maps to an index: a `String` (``StringLookup``, ``TextVectorization``) or an
/// `Int` (``IntegerLookup``). It says how Keras (through TensorFlow) identifies, orders and hashes it.
protocol LookupToken: Hashable, Sendable, Codable {
    associatedtype Key: Hashable, Sendable

    /// What identifies the token. For strings, the UTF-8 bytes: Swift's `==` treats canonically
    /// equivalent strings (`é` and `e` + U+0301) as one, TensorFlow compares bytes and keeps two.
    var lookupKey: Key { get }

    /// Whether `a` comes before `b` in TensorFlow's ascending order (bytes for strings, numbers for
    /// integers); Keras sorts tokens of equal frequency high to low.
    static func kerasAscending(_ a: Self, _ b: Self) -> Bool

    /// The out-of-vocabulary bucket, in `0..<count`, Keras gives the token.
    func oovBucket(count: Int, method: OOVMethod) -> Int

    /// The token as an error message shows it.
    var shown: String { get }
}

extension String: LookupToken {
    var lookupKey: [UInt8] { Array(utf8) }

    static func kerasAscending(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    func oovBucket(count: Int, method: OOVMethod) -> Int {
        Int(FarmHash.fingerprint64(Array(utf8)) % UInt64(count))
    }

    var shown: String { QuotedText.quoted(self) }
}

extension Int: LookupToken {
    var lookupKey: Int { self }

    static func kerasAscending(_ a: Int, _ b: Int) -> Bool { a < b }

    func oovBucket(count: Int, method: OOVMethod) -> Int {
        switch method {
        case .floormod:
            let remainder = self % count
            return remainder < 0 ? remainder + count : remainder
        case .farmhash:
            return String(self).oovBucket(count: count, method: method)
        }
    }

    var shown: String { String(self) }
}
