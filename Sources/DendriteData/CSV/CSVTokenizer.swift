import DendriteCore
import Foundation

/// Receives the fields and records a ``CSVTokenizer`` finds.
protocol CSVRecordSink: AnyObject {
    /// One field's bytes, unquoted (doubled quotes already collapsed), of the record that started on
    /// `line`; the bytes are valid only during the call, and followed by a 0 byte (for `strtof`).
    func field(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, line: Int) throws
    /// The end of a record that started on `line` (1-based physical line of the file).
    func endRecord(line: Int) throws
}

/// Splits CSV bytes into fields and records as RFC 4180 describes, one chunk at a time, so a file of
/// any size is read with a constant amount of memory.
///
/// Fields may be quoted; a quoted field may hold the delimiter, line breaks and doubled quotes (`""`).
/// Records end with LF, CRLF or CR. Lines with no bytes at all are skipped. A quote inside an
/// unquoted field is kept as a character (as pandas does).
struct CSVTokenizer {
    enum Failure: Error {
        case characterAfterClosingQuote(UInt8, line: Int)
        case unclosedQuote(line: Int)
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    private let quote = UInt8(ascii: "\"")
    private let delimiter: UInt8
    /// The bytes that end a run of plain bytes outside quotes, as a C string.
    private let specialBytes: [CChar]
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fieldWasQuoted = false
    private var fieldsInRecord = 0
    private var skipLineFeed = false
    private var line = 1
    private var recordLine = 1

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        specialBytes = [delimiter, quote, Self.lineFeed, Self.carriageReturn, 0].map { CChar(bitPattern: $0) }
        field.reserveCapacity(256)
    }

    /// Feeds the next bytes of the file. `bytes` must be followed by a 0 byte (at
    /// `bytes[bytes.count]`), which lets runs of plain bytes be found by the C library.
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, into sink: any CSVRecordSink) throws {
        guard let start = bytes.baseAddress else { return }
        var index = 0
        while index < bytes.count {
            // Runs of plain bytes are copied whole; only the bytes that change the state go one by one.
            let run: Int
            if state == .quoted {
                let rest = bytes.count - index
                run = memchr(start + index, Int32(quote), rest).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - (start + index) } ?? rest
                line += UnsafeBufferPointer(start: start + index, count: run).lazy.filter { $0 == Self.lineFeed }.count
            } else if !skipLineFeed && state != .quoteInQuoted {
                run = strcspn(UnsafeRawPointer(start + index).assumingMemoryBound(to: CChar.self), specialBytes)
                if run > 0 { state = .unquoted }
            } else {
                run = 0
            }
            if run > 0 {
                field.append(contentsOf: UnsafeBufferPointer(start: start + index, count: run))
                index += run
            } else {
                try consume(byte: bytes[index], into: sink)
                index += 1
            }
        }
    }

    private mutating func consume(byte: UInt8, into sink: any CSVRecordSink) throws {
        if skipLineFeed {
            skipLineFeed = false
            if byte == Self.lineFeed { return }
        }
        switch state {
        case .fieldStart, .unquoted, .quoteInQuoted:
            if byte == delimiter {
                try emitField(into: sink)
            } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                line += 1
                skipLineFeed = byte == Self.carriageReturn
                try endRecord(into: sink)
            } else if state == .quoteInQuoted {
                guard byte == quote else { throw Failure.characterAfterClosingQuote(byte, line: line) }
                field.append(quote)
                state = .quoted
            } else if state == .fieldStart && byte == quote {
                fieldWasQuoted = true
                state = .quoted
            } else {
                field.append(byte)
                state = .unquoted
            }
        case .quoted:
            state = .quoteInQuoted
        }
    }

    /// Ends the input: a last record without a final line break is still delivered.
    mutating func finish(into sink: any CSVRecordSink) throws {
        if state == .quoted { throw Failure.unclosedQuote(line: recordLine) }
        try endRecord(into: sink)
    }

    private mutating func emitField(into sink: any CSVRecordSink) throws {
        field.append(0)
        try field.withUnsafeBufferPointer {
            try sink.field(UnsafeBufferPointer(start: $0.baseAddress, count: $0.count - 1), quoted: fieldWasQuoted, line: recordLine)
        }
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
        fieldsInRecord += 1
        state = .fieldStart
    }

    private mutating func endRecord(into sink: any CSVRecordSink) throws {
        let blankLine = fieldsInRecord == 0 && field.isEmpty && !fieldWasQuoted
        if !blankLine {
            try emitField(into: sink)
            try sink.endRecord(line: recordLine)
        }
        fieldsInRecord = 0
        state = .fieldStart
        recordLine = line
    }
}
