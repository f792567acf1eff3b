import PostureInventory

/// CSV as RFC 4180 defines it: fields separated by commas, records by CRLF (or LF), a field in
/// double quotes may hold commas, quotes (doubled) and line breaks. What the RFC does not allow
/// (a quote inside an unquoted field, text after a closing quote, an unclosed quote, a lone
/// carriage return) is an error with its position, never a guess: a guess shifts columns, and a
/// shifted status column turns a leaver into active staff.
struct CSVRecords {
    /// One record: its fields, the line it starts on and the (byte) column each field starts at.
    struct Record {
        var fields: [String]
        var line: Int
        var columns: [Int]
        /// An empty line: no field, not even a quoted empty one.
        var blank = false
    }

    struct Limits {
        var records = 1_000_000
        var fields = 1_000
        var fieldBytes = 65_536
    }

    /// The records of `bytes` (UTF-8, a leading byte-order mark already removed).
    static func parse(_ bytes: [UInt8], file: String, limits: Limits = Limits()) -> Result<[Record], Diagnostic> {
        var reader = CSVRecords(bytes: bytes, file: file, limits: limits)
        do throws(Diagnostic) {
            try reader.run()
            return .success(reader.records)
        } catch {
            return .failure(error)
        }
    }

    private let bytes: [UInt8]
    private let file: String
    private let limits: Limits
    private var records: [Record] = []
    private var index = 0
    private var line = 1
    private var lineStart = 0

    private init(bytes: [UInt8], file: String, limits: Limits) {
        self.bytes = bytes
        self.file = file
        self.limits = limits
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private var column: Int { index - lineStart + 1 }

    private func error(_ message: String, line: Int? = nil, column: Int? = nil) -> Diagnostic {
        Diagnostic(SourcePosition(file: file, line: line ?? self.line, column: column ?? self.column), message)
    }

    private mutating func run() throws(Diagnostic) {
        while index < bytes.count {
            if records.count >= limits.records {
                throw error("more than \(limits.records) records; a roster this long is refused")
            }
            try readRecord()
        }
    }

    /// Reads one record and the line end after it (none at the end of the file).
    private mutating func readRecord() throws(Diagnostic) {
        var record = Record(fields: [], line: line, columns: [])
        while true {
            if record.fields.count >= limits.fields { throw error("more than \(limits.fields) fields in one record") }
            record.columns.append(column)
            let start = index
            record.fields.append(try readField())
            record.blank = record.fields.count == 1 && index == start
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == Self.comma {
                index += 1
                continue
            }
            try endLine()
            break
        }
        records.append(record)
    }

    /// At a line end (LF or CRLF): steps past it.
    private mutating func endLine() throws(Diagnostic) {
        if bytes[index] == Self.carriageReturn {
            guard index + 1 < bytes.count, bytes[index + 1] == Self.lineFeed else {
                throw error("a carriage return not followed by a line feed; expected CRLF or LF line ends")
            }
            index += 1
        }
        index += 1
        line += 1
        lineStart = index
    }

    /// One field, quoted or not; stops before the comma or line end that follows it.
    private mutating func readField() throws(Diagnostic) -> String {
        var field: [UInt8] = []
        if index < bytes.count, bytes[index] == Self.quote {
            let (openLine, openColumn) = (line, column)
            index += 1
            while true {
                guard index < bytes.count else {
                    throw error("a quoted field is never closed; expected a closing '\"'", line: openLine, column: openColumn)
                }
                let byte = bytes[index]
                if byte == Self.quote {
                    if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
                        field.append(Self.quote)
                        index += 2
                        continue
                    }
                    index += 1
                    break
                }
                field.append(byte)
                index += 1
                if byte == Self.lineFeed {
                    line += 1
                    lineStart = index
                }
                if field.count > limits.fieldBytes { throw error("a field longer than \(limits.fieldBytes) bytes") }
            }
            if index < bytes.count, ![Self.comma, Self.lineFeed, Self.carriageReturn].contains(bytes[index]) {
                throw error("text after a closing quote; expected a comma or the end of the line")
            }
        } else {
            while index < bytes.count {
                let byte = bytes[index]
                if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                if byte == Self.quote {
                    throw error("a quote inside an unquoted field; expected the whole field in quotes, with quotes doubled (\"\")")
                }
                field.append(byte)
                index += 1
                if field.count > limits.fieldBytes { throw error("a field longer than \(limits.fieldBytes) bytes") }
            }
        }
        return String(decoding: field, as: UTF8.self)
    }
}
