import Foundation

/// Fast reading of Debian control-format files (the dpkg status database, apt's Packages lists):
/// paragraphs of `Field: value` lines separated by blank lines. Works on bytes and extracts only
/// the fields asked for, since a Packages list is tens of megabytes.
enum ControlFile {
    /// Calls `visit` with the requested fields of each paragraph (absent fields are missing).
    static func paragraphs(_ bytes: [UInt8], fields: [String], visit: ([String: String]) -> Void) {
        // apt and dpkg compare field names without case.
        let wanted = fields.map { Array($0.lowercased().utf8) + [UInt8(ascii: ":")] }
        var current: [String: String] = [:]
        bytes.withUnsafeBufferPointer { buffer in
            var lineStart = 0
            let count = buffer.count
            while lineStart <= count {
                var lineEnd = lineStart
                while lineEnd < count, buffer[lineEnd] != 0x0A { lineEnd += 1 }
                if lineEnd == lineStart || (lineEnd == lineStart + 1 && buffer[lineStart] == 0x0D) {
                    if !current.isEmpty {
                        visit(current)
                        current.removeAll(keepingCapacity: true)
                    }
                } else if buffer[lineStart] != 0x20, buffer[lineStart] != 0x09 {
                    // A field line (continuation lines start with a blank and are skipped).
                    for (index, field) in wanted.enumerated() where lineEnd - lineStart >= field.count {
                        var matches = true
                        for offset in 0..<field.count where lowercased(buffer[lineStart + offset]) != field[offset] {
                            matches = false
                            break
                        }
                        guard matches else { continue }
                        var valueStart = lineStart + field.count
                        while valueStart < lineEnd, buffer[valueStart] == 0x20 || buffer[valueStart] == 0x09 { valueStart += 1 }
                        var valueEnd = lineEnd
                        while valueEnd > valueStart, buffer[valueEnd - 1] == 0x20 || buffer[valueEnd - 1] == 0x0D { valueEnd -= 1 }
                        current[fields[index]] = String(
                            decoding: UnsafeBufferPointer(rebasing: buffer[valueStart..<valueEnd]), as: UTF8.self)
                        break
                    }
                }
                lineStart = lineEnd + 1
            }
        }
        if !current.isEmpty { visit(current) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
}

/// `key value` or `key = value` configuration lines, with # comments.
enum KeyValueFile {
    static func parse(_ text: String, separator: Character? = nil, lowercaseKeys: Bool = true) -> [(key: String, value: String, line: Int)]
    {
        var result: [(String, String, Int)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let key: Substring
            let value: Substring
            if let separator, let split = trimmed.firstIndex(of: separator) {
                key = trimmed[..<split]
                value = trimmed[trimmed.index(after: split)...]
            } else if let split = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) {
                key = trimmed[..<split]
                value = trimmed[split...]
            } else {
                key = Substring(trimmed)
                value = ""
            }
            let cleanKey = key.trimmingCharacters(in: .whitespaces)
            result.append(
                (
                    lowercaseKeys ? cleanKey.lowercased() : cleanKey,
                    value.trimmingCharacters(in: .whitespaces), index + 1
                ))
        }
        return result
    }
}

/// Control stanzas read strictly, the way dpkg's parser does (lib/dpkg/parse.c): only an empty
/// line ends a stanza (a line of blanks, a lone `\r` included, continues the previous value);
/// field names are compared without case; a duplicate field, a line without a colon, a line
/// starting with blanks where a field is expected, or a file without its final newline is an error.
enum ControlStanzas {
    struct Field: Equatable {
        var value: String
        var line: Int
    }

    struct Stanza {
        /// Lowercased field name → value (continuation lines joined with `\n`, trailing blanks removed).
        var fields: [String: Field]
        /// The lines the stanza starts and ends on (1-based).
        var line: Int
        var endLine: Int
    }

    /// Calls `visit` for each stanza until it returns false; `failed` gets the first syntax error.
    /// With `skippingComments` (apt's deb822 files), a line starting with `#` is left out and
    /// neither ends a stanza nor continues a value.
    static func read(_ bytes: [UInt8], skippingComments: Bool = false, visit: (Stanza) -> Bool, failed: (DpkgStatus.ParseError) -> Void) {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last == 0x0A {
            lines.removeLast()
        } else if let last = lines.last, !last.isEmpty {
            failed(
                DpkgStatus.ParseError(line: lines.count, message: "end of file before the end of the last field (missing final newline)"))
            return
        }
        var fields: [String: Field] = [:]
        var order: [String] = []
        var start = 0
        var lastLine = 0
        var current: String?
        func finish() -> Bool {
            defer {
                fields.removeAll()
                order.removeAll()
                current = nil
            }
            guard !fields.isEmpty else { return true }
            for name in order {
                if let value = fields[name]?.value { fields[name]?.value = trimmedTrailing(value) }
            }
            return visit(Stanza(fields: fields, line: start, endLine: lastLine))
        }
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.isEmpty {
                guard finish() else { return }
                continue
            }
            let first = line[line.startIndex]
            if skippingComments, first == UInt8(ascii: "#") { continue }
            if isBlank(first) {
                guard let current else {
                    failed(DpkgStatus.ParseError(line: number, message: "empty field name"))
                    return
                }
                fields[current]?.value += "\n" + String(decoding: line, as: UTF8.self)
                lastLine = number
                continue
            }
            var nameEnd = line.startIndex
            while nameEnd < line.endIndex, line[nameEnd] != UInt8(ascii: ":"), !isBlank(line[nameEnd]) { nameEnd += 1 }
            let name = String(decoding: line[line.startIndex..<nameEnd], as: UTF8.self)
            var colon = nameEnd
            while colon < line.endIndex, line[colon] == 0x20 || line[colon] == 0x09 { colon += 1 }
            guard !name.isEmpty else {
                failed(DpkgStatus.ParseError(line: number, message: "empty field name"))
                return
            }
            guard colon < line.endIndex, line[colon] == UInt8(ascii: ":") else {
                failed(DpkgStatus.ParseError(line: number, message: "field name '\(name)' must be followed by colon"))
                return
            }
            var valueStart = colon + 1
            while valueStart < line.endIndex, line[valueStart] == 0x20 || line[valueStart] == 0x09 { valueStart += 1 }
            let key = name.lowercased()
            if fields[key] != nil {
                failed(DpkgStatus.ParseError(line: number, message: "duplicate value for '\(name)' field"))
                return
            }
            if fields.isEmpty { start = number }
            fields[key] = Field(value: String(decoding: line[valueStart...], as: UTF8.self), line: number)
            order.append(key)
            current = key
            lastLine = number
        }
        _ = finish()
    }

    /// Space, tab, and the other characters C's isspace() calls blank (a lone `\r` among them).
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    static func trimmedTrailing(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last.isASCII, isBlank(UInt8(last.value)) { scalars.removeLast() }
        return String(scalars)
    }
}

extension String {
    /// The text's lines split at each `\n` scalar. (Splitting a String at the Character "\n" misses
    /// CRLF line ends: "\r\n" is one Character, so a CRLF file would read as one line.) A `\r`
    /// before the `\n` stays at the end of its line, for the reader to treat as its program does.
    var scalarLines: [Substring] {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
    }
}
