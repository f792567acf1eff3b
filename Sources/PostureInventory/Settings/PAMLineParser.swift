/// The lexical layer of a pam.d file, as Linux-PAM 1.5.2 reads it (`_pam_assemble_line`,
/// `_pam_StrTok`, `_pam_mkargv`): bytes, not characters, since libpam knows nothing of UTF-8 and
/// only space, tab and newline separate words (`\r`, `\f`, `\v` are word characters to it).
public enum PAMLineParser {
    /// libpam's line buffer (`BUF_SIZE`): a longer logical line is cut by `fgets` in ways we refuse to guess.
    public static let lineLimit = 1023

    /// One logical line: continuations joined, comment cut, with the number of its first physical line.
    public struct Line: Equatable, Sendable {
        public var bytes: [UInt8]
        public var number: Int
    }

    public enum LexError: Error, Equatable, Sendable {
        case continuedAtEnd(line: Int)
        case tooLong(line: Int)
        case nulByte(line: Int)

        public var line: Int {
            switch self {
            case .continuedAtEnd(let line), .tooLong(let line), .nulByte(let line): line
            }
        }

        public var reason: String {
            switch self {
            case .continuedAtEnd: "the file ends inside a line continued with '\\'; libpam refuses the whole file"
            case .tooLong: "a line longer than libpam's \(PAMParserLimits.lineBytes)-byte buffer; libpam would split it"
            case .nulByte: "a NUL byte; libpam stops reading the line there"
            }
        }
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }

    /// Logical lines of a file: blank lines (space, tab, newline only) and lines starting with `#`
    /// skipped; `#` ends a line anywhere; a trailing `\` (before spaces) joins the next non-blank line.
    /// Reading stops at the first error; the lines before it are kept (libpam has used them by then).
    public static func lines(_ bytes: [UInt8]) -> (lines: [Line], error: LexError?) {
        var result: [Line] = []
        var pending: [UInt8] = []
        var pendingLine = 0
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let physical = bytes[start..<min(end + 1, bytes.count)]
            start = end + 1
            if physical.contains(0) { return (result, .nulByte(line: lineNumber)) }
            guard let first = physical.firstIndex(where: { !isBlank($0) }), physical[first] != UInt8(ascii: "#") else { continue }
            if pending.isEmpty { pendingLine = lineNumber }
            var content = Array(physical[first...])
            if let hash = content.firstIndex(of: UInt8(ascii: "#")) {
                pending += content[..<hash]
                guard pending.count <= lineLimit else { return (result, .tooLong(line: pendingLine)) }
                result.append(Line(bytes: pending, number: pendingLine))
                pending = []
                continue
            }
            var last = content.count - 1
            while last > 0, content[last] == 0x20 || content[last] == 0x09 || content[last] == 0x0A { last -= 1 }
            if content[last] == UInt8(ascii: "\\") {
                content[last] = 0x20
                pending += content[...last]
                guard pending.count <= lineLimit else { return (result, .tooLong(line: pendingLine)) }
                continue
            }
            pending += content
            guard pending.count <= lineLimit else { return (result, .tooLong(line: pendingLine)) }
            result.append(Line(bytes: pending, number: pendingLine))
            pending = []
        }
        if !pending.isEmpty { return (result, .continuedAtEnd(line: pendingLine)) }
        return (result, nil)
    }

    /// Words as `_pam_StrTok` cuts them: separated by space, tab, newline; a word that starts with
    /// `[` runs to the first `]` not written `\]` (spaces included), brackets dropped.
    public struct Words {
        var bytes: [UInt8]
        var index = 0

        public init(_ bytes: [UInt8]) { self.bytes = bytes }

        /// The next word, or nil when none is left.
        public mutating func next() -> [UInt8]? {
            while index < bytes.count, PAMLineParser.isBlank(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            var word: [UInt8] = []
            if bytes[index] == UInt8(ascii: "[") {
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "]") {
                        index += 1
                    }
                    word.append(bytes[index])
                    index += 1
                }
                if index < bytes.count { index += 1 }  // the closing bracket
            } else {
                while index < bytes.count, !PAMLineParser.isBlank(bytes[index]) {
                    word.append(bytes[index])
                    index += 1
                }
                if index < bytes.count { index += 1 }  // the separator libpam overwrites with NUL
            }
            return word
        }

        /// Whether anything (even only separators) follows: libpam then parses arguments from it.
        public var hasRest: Bool { index < bytes.count }
    }

    static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The older inventory form, one string per line with includes already expanded.
    static func entry(fromLine line: String) -> PAMEntry? {
        var words = Words(Array(line.utf8))
        guard var type = words.next().map(string), let control = words.next().map(string) else { return nil }
        let silent = type.hasPrefix("-")
        if silent { type.removeFirst() }
        let module = words.next().map(string) ?? ""
        var args: [String] = []
        while let arg = words.next() { args.append(string(arg)) }
        return PAMEntry(type: type.lowercased(), control: control, module: module, args: args, silent: silent)
    }
}

/// Bounds on what the PAM reader accepts, beyond libpam's own.
public enum PAMParserLimits {
    public static let lineBytes = PAMLineParser.lineLimit
    /// Include and substack nesting: libpam stops substacks at 16 but follows includes until it runs out of files.
    public static let nesting = 32
    /// Handlers per service.
    public static let entries = 2048
    /// Bytes per file.
    public static let fileBytes = 1 << 20
}
