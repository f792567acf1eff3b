import Foundation

/// Fast reading of Debian control-format files (the dpkg status database, apt's Packages lists):
/// paragraphs of `Field: value` lines separated by blank lines. Works on bytes and extracts only
/// the fields asked for, since a Packages list is tens of megabytes.
enum ControlFile {
    /// Calls `visit` with the requested fields of each paragraph (absent fields are missing).
    static func paragraphs(_ bytes: [UInt8], fields: [String], visit: ([String: String]) -> Void) {
        let wanted = fields.map { Array($0.utf8) + [UInt8(ascii: ":")] }
        var current: [String: String] = [:]
        bytes.withUnsafeBufferPointer { buffer in
            var lineStart = 0
            let count = buffer.count
            while lineStart <= count {
                var lineEnd = lineStart
                while lineEnd < count, buffer[lineEnd] != 0x0A { lineEnd += 1 }
                if lineEnd == lineStart || (lineEnd == lineStart + 1 && buffer[lineStart] == 0x0D) {
                    if !current.isEmpty { visit(current); current.removeAll(keepingCapacity: true) }
                } else if buffer[lineStart] != 0x20, buffer[lineStart] != 0x09 {
                    // A field line (continuation lines start with a blank and are skipped).
                    for (index, field) in wanted.enumerated() where lineEnd - lineStart >= field.count {
                        var matches = true
                        for offset in 0..<field.count where buffer[lineStart + offset] != field[offset] {
                            matches = false
                            break
                        }
                        guard matches else { continue }
                        var valueStart = lineStart + field.count
                        while valueStart < lineEnd, buffer[valueStart] == 0x20 || buffer[valueStart] == 0x09 { valueStart += 1 }
                        var valueEnd = lineEnd
                        while valueEnd > valueStart, buffer[valueEnd - 1] == 0x20 || buffer[valueEnd - 1] == 0x0D { valueEnd -= 1 }
                        current[fields[index]] = String(decoding: UnsafeBufferPointer(rebasing: buffer[valueStart..<valueEnd]), as: UTF8.self)
                        break
                    }
                }
                lineStart = lineEnd + 1
            }
        }
        if !current.isEmpty { visit(current) }
    }
}

/// `key value` or `key = value` configuration lines, with # comments.
enum KeyValueFile {
    static func parse(_ text: String, separator: Character? = nil, lowercaseKeys: Bool = true) -> [(key: String, value: String, line: Int)] {
        var result: [(String, String, Int)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let key: Substring, value: Substring
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
            result.append((lowercaseKeys ? cleanKey.lowercased() : cleanKey,
                           value.trimmingCharacters(in: .whitespaces), index + 1))
        }
        return result
    }
}
