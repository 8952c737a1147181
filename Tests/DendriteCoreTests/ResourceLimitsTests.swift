import Testing
@testable import DendriteCore

/// The size checks and the message quoting that issue 13's fixes share.
@Suite struct ResourceLimitsTests {
    @Test func tensorShapesAreCountedWithOverflowChecksAndHeldToTheLimit() throws {
        let limits = ResourceLimits(maximumTensorBytes: 1 << 20)
        #expect(try limits.requireTensor([512, 512], "t") == 262_144)
        #expect(throws: DendriteError(.resourceLimit, "t: shape [513, 512] needs 1 MiB, more than the limit of 1 MiB on one tensor (ResourceLimits.maximumTensorBytes)")) {
            try limits.requireTensor([513, 512], "t")
        }
        #expect(throws: DendriteError(.resourceLimit, "t: shape [4294967296, 4294967296] is larger than any memory (its size overflows a 64-bit integer)")) {
            try limits.requireTensor([1 << 32, 1 << 32], "t")
        }
        #expect(ResourceLimits.text(bytes: 1) == "1 byte")
        #expect(ResourceLimits.text(bytes: 1536) == "1.5 KiB")
        #expect(ResourceLimits.text(bytes: 4 << 40) == "4 TiB")
    }

    @Test func quotedTextIsEscapedAndCut() {
        #expect(QuotedText.quoted("a\tb\nc\u{1B}") == "'a\\tb\\nc\\u{1B}'")
        #expect(QuotedText.quoted(bytes: [0x63, 0x61, 0xE9, 0xFF]) == "'ca\\xE9\\xFF'")
        #expect(QuotedText.quoted(String(repeating: "é", count: 61)) == "'" + String(repeating: "é", count: 60) + "…'")
        #expect(QuotedText.quoted(String(repeating: "x", count: 60)) == "'" + String(repeating: "x", count: 60) + "'")
        #expect(QuotedText.escapedInFull(bytes: Array("\u{FEFF}ok".utf8)) == "\\u{FEFF}ok")
    }
}
