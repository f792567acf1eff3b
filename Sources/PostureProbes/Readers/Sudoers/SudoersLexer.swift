/// Cuts sudoers text into tokens the way sudo 1.9.13's flex lexer (toke.l) does: the longest
/// match wins, ties go to the earlier rule, and the lexer's start states (after `Defaults`, inside
/// a command, after an include keyword) change what a character means. This is why `#1001` is a
/// uid and `# 1001` a comment, why a comment ending in `\` joins nothing, and why `NOPASSWD :` is a tag.
struct SudoersLexer {
    enum State { case initial, gotDefaults, startDefaults, inDefaults, gotInclude, expectPath, wantDigest }

    static let maximumTokens = 200_000

    let bytes: [UInt8]
    var position = 0
    var line = 1
    var lineStart = 0
    var atLineStart = true
    var continued = false
    var state = State.initial

    init(_ text: String) { bytes = Array(text.utf8) }

    /// Every token up to the end (which is included), or up to the first error token.
    static func tokens(of text: String, limit: Int = maximumTokens) -> [SudoersToken] {
        var lexer = SudoersLexer(text)
        var tokens: [SudoersToken] = []
        while true {
            let token =
                tokens.count >= limit
                ? SudoersToken(kind: .error("more than \(limit) tokens"), line: lexer.line, column: 1) : lexer.next()
            tokens.append(token)
            switch token.kind {
            case .end, .error: return tokens
            default: continue
            }
        }
    }

    func byte(_ offset: Int) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    static func isBlank(_ byte: UInt8?) -> Bool { byte == 0x20 || byte == 0x09 }
    static func isDigit(_ byte: UInt8?) -> Bool { byte.map { (0x30...0x39).contains($0) } ?? false }
    static func isUpper(_ byte: UInt8?) -> Bool { byte.map { (0x41...0x5A).contains($0) } ?? false }
    static func isLowerOrUnderscore(_ byte: UInt8?) -> Bool { byte.map { (0x61...0x7A).contains($0) || $0 == 0x5F } ?? false }

    /// Length of `{WORD}`: `([^#>!=:,() \t\r\n\\"]|\\[^\t\n])+` from `offset`.
    func wordLength(at offset: Int) -> Int {
        var length = 0
        while let character = byte(offset + length) {
            if character == UInt8(ascii: "\\") {
                guard let next = byte(offset + length + 1), next != 0x09, next != 0x0A else { break }
                length += 2
            } else if SudoersLexer.wordStops.contains(character) {
                break
            } else {
                length += 1
            }
        }
        return length
    }

    /// Length of `{ID}`: `#-?[0-9]+`.
    func idLength(at offset: Int) -> Int {
        guard byte(offset) == UInt8(ascii: "#") else { return 0 }
        var length = 1
        if byte(offset + 1) == UInt8(ascii: "-") { length += 1 }
        let digitsStart = length
        while Self.isDigit(byte(offset + length)) { length += 1 }
        return length > digitsStart ? length : 0
    }

    /// Length of `{PATH}`: `/(\\[,:= \t#]|[^,:=\\ \t\r\n#])+`.
    func pathLength(at offset: Int) -> Int {
        guard byte(offset) == UInt8(ascii: "/") else { return 0 }
        var length = 1
        while let character = byte(offset + length) {
            if character == UInt8(ascii: "\\") {
                guard let next = byte(offset + length + 1), SudoersLexer.pathEscapes.contains(next) else { break }
                length += 2
            } else if SudoersLexer.pathStops.contains(character) {
                break
            } else {
                length += 1
            }
        }
        return length > 1 ? length : 0
    }

    /// Length of `{REGEX}`: `\^([^#\r\n$]|\\[#$])*\$`.
    func regexLength(at offset: Int) -> Int {
        guard byte(offset) == UInt8(ascii: "^") else { return 0 }
        var length = 1
        while let character = byte(offset + length) {
            if character == UInt8(ascii: "$") { return length + 1 }
            if character == UInt8(ascii: "\\"), let next = byte(offset + length + 1), next == UInt8(ascii: "#") || next == UInt8(ascii: "$")
            {
                length += 2
            } else if character == UInt8(ascii: "#") || character == 0x0D || character == 0x0A {
                return 0
            } else {
                length += 1
            }
        }
        return 0
    }

    func text(_ start: Int, _ length: Int) -> String {
        let end = min(bytes.count, start + length)
        return String(decoding: bytes[min(start, end)..<end], as: UTF8.self)
    }

    /// Removes backslashes that escape the next character, as sudo's `fill` does.
    static func unescaped(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if !escaped, character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return escaped ? result + "\\" : result
    }

    mutating func make(_ kind: SudoersToken.Kind, start: Int, length: Int, startLine: Int? = nil, column: Int? = nil) -> SudoersToken {
        let token = SudoersToken(kind: kind, line: startLine ?? line, column: column ?? (start - lineStart + 1))
        position = start + length
        atLineStart = false
        return token
    }

    mutating func newLine(after end: Int) {
        line += 1
        lineStart = end
        atLineStart = true
    }

    /// The next token.
    mutating func next() -> SudoersToken {
        while true {
            guard let character = byte(0) else { return SudoersToken(kind: .end, line: line, column: position - lineStart + 1) }
            // <*>\\[[:blank:]]*\r?\n: a continuation is white space.
            if character == UInt8(ascii: "\\") {
                var length = 1
                while Self.isBlank(byte(length)) { length += 1 }
                if byte(length) == 0x0D { length += 1 }
                if byte(length) == 0x0A {
                    position += length + 1
                    newLine(after: position)
                    continued = true
                    continue
                }
            }
            if Self.isBlank(character), state != .gotDefaults {
                // `^[[:blank:]]*Defaults` and `^[[:blank:]]*User_Alias` take their leading blanks
                // with them; any other blank at the start of a line ends "at the start of a line".
                if atLineStart, state == .initial, startsKeywordAfterBlanks() { return generalToken() }
                position += 1
                atLineStart = false
                continue
            }
            if character == 0x0A || (character == 0x0D && byte(1) == 0x0A) {
                let length = character == 0x0A ? 1 : 2
                let token = make(.newline, start: position, length: length)
                newLine(after: position)
                continued = false
                state = .initial
                return token
            }
            let includeAtLineStart = state == .initial && atLineStart && (matches("#include") || matches("#includedir"))
            if character == UInt8(ascii: "#"), !includeAtLineStart, [.initial, .startDefaults, .inDefaults].contains(state),
                let comment = commentLength()
            {
                // A comment ends at the end of its line: a trailing backslash joins nothing.
                let start = position
                let endsLine = bytes[position + comment - 1] == 0x0A
                let token = make(.newline, start: start, length: comment)
                if endsLine {
                    newLine(after: position)
                    continued = false
                }
                state = .initial
                return token
            }
            return nextInState()
        }
    }

    /// The comment rule `#(-[^\r\n0-9].*|[^\r\n0-9-].*)?(\r\n|\n)?`, when it beats `{ID}`.
    private func commentLength() -> Int? {
        var length = 1
        let next = byte(1)
        if next == UInt8(ascii: "-"), let after = byte(2), after != 0x0D, after != 0x0A, !Self.isDigit(after) {
            length = 2
            while let more = byte(length), more != 0x0A { length += 1 }
        } else if let next, next != 0x0D, next != 0x0A, next != UInt8(ascii: "-"), !Self.isDigit(next) {
            while let more = byte(length), more != 0x0A { length += 1 }
        }
        if byte(length) == 0x0A { length += 1 } else if byte(length) == 0x0D, byte(length + 1) == 0x0A { length += 2 }
        if state == .initial, idLength(at: 0) > length { return nil }
        return length
    }

    private mutating func nextInState() -> SudoersToken {
        switch state {
        case .startDefaults: return startDefaultsToken()
        case .inDefaults: return inDefaultsToken()
        case .gotInclude: return includeTargetToken()
        default: return generalToken()
        }
    }

    private mutating func startDefaultsToken() -> SudoersToken {
        guard let character = byte(0) else { return make(.end, start: position, length: 0) }
        if character == UInt8(ascii: "!") { return bangs() }
        var length = 0
        while Self.isLowerOrUnderscore(byte(length)) { length += 1 }
        guard length > 0 else { return make(.error("unexpected character in Defaults"), start: position, length: 1) }
        state = .inDefaults
        return make(.defaultsVariable(text(position, length)), start: position, length: length)
    }

    private mutating func inDefaultsToken() -> SudoersToken {
        guard let character = byte(0) else { return make(.end, start: position, length: 0) }
        switch character {
        case UInt8(ascii: ","):
            state = .startDefaults
            return make(.comma, start: position, length: 1)
        case UInt8(ascii: "="): return make(.equals, start: position, length: 1)
        case UInt8(ascii: "+") where byte(1) == UInt8(ascii: "="): return make(.appendEquals, start: position, length: 2)
        case UInt8(ascii: "-") where byte(1) == UInt8(ascii: "="): return make(.removeEquals, start: position, length: 2)
        case UInt8(ascii: "\""): return quoted(asUserList: false)
        case UInt8(ascii: "!"): return bangs()
        default: break
        }
        // {ENVAR}: ([^#!=, \t\r\n\\"]|\\[^\r\n])([^#=, \t\r\n\\"]|\\[^\r\n])*
        var length = 0
        while let current = byte(length) {
            if current == UInt8(ascii: "\\") {
                guard let next = byte(length + 1), next != 0x0D, next != 0x0A else { break }
                length += 2
                continue
            }
            if SudoersLexer.valueStops.contains(current) || (length == 0 && current == UInt8(ascii: "!")) { break }
            length += 1
        }
        guard length > 0 else { return make(.error("unexpected character in a Defaults value"), start: position, length: 1) }
        return make(.word(Self.unescaped(text(position, length))), start: position, length: length)
    }

    private mutating func includeTargetToken() -> SudoersToken {
        state = .initial
        if byte(0) == UInt8(ascii: "\"") { return quoted(asUserList: false) }
        // [^"[:space:]]([^[:space:]]|\\[[:blank:]])*
        var length = 0
        while let current = byte(length) {
            if current == UInt8(ascii: "\\"), Self.isBlank(byte(length + 1)) {
                length += 2
                continue
            }
            if current == 0x20 || (0x09...0x0D).contains(current) { break }
            length += 1
        }
        guard length > 0 else { return make(.error("expected a file name after an include"), start: position, length: 0) }
        return make(.word(Self.unescaped(text(position, length))), start: position, length: length)
    }

    /// `<*>!+`: an odd run of `!` is one negation, an even run none.
    mutating func bangs() -> SudoersToken {
        var length = 0
        while byte(length) == UInt8(ascii: "!") { length += 1 }
        if length % 2 == 1 { return make(.bang, start: position, length: length) }
        position += length
        atLineStart = false
        return next()
    }

    /// A double-quoted string: no line breaks inside, `\"` is a quote, a continuation joins.
    mutating func quoted(asUserList: Bool) -> SudoersToken {
        let start = position
        let startLine = line
        let column = position - lineStart + 1
        var value: [UInt8] = []
        var offset = 1
        while true {
            guard let current = byte(offset) else {
                return make(.error("unterminated string"), start: start, length: offset, startLine: startLine, column: column)
            }
            if current == 0x0A || current == 0x0D {
                return make(.error("unexpected line break in string"), start: start, length: offset, startLine: startLine, column: column)
            }
            if current == UInt8(ascii: "\"") { break }
            if current == UInt8(ascii: "\\") {
                var skip = 1
                while Self.isBlank(byte(offset + skip)) { skip += 1 }
                if byte(offset + skip) == 0x0D { skip += 1 }
                if byte(offset + skip) == 0x0A {
                    offset += skip + 1
                    newLine(after: position + offset)
                    while Self.isBlank(byte(offset)) { offset += 1 }
                    continue
                }
                if byte(offset + 1) == UInt8(ascii: "\"") {
                    value.append(UInt8(ascii: "\""))
                    offset += 2
                    continue
                }
            }
            value.append(current)
            offset += 1
        }
        let string = String(decoding: value, as: UTF8.self)
        let token = make(.word(string), start: start, length: offset + 1, startLine: startLine, column: column)
        guard !string.isEmpty else { return SudoersToken(kind: .error("empty string"), line: startLine, column: column) }
        if asUserList, string.hasPrefix("%") {
            let group = String(string.dropFirst())
            if group.isEmpty || group == ":" { return SudoersToken(kind: .error("empty group"), line: startLine, column: column) }
            return SudoersToken(kind: .userGroup(group), line: startLine, column: column)
        }
        if asUserList, string.hasPrefix("+") {
            if string.count == 1 { return SudoersToken(kind: .error("empty netgroup"), line: startLine, column: column) }
            return SudoersToken(kind: .netgroup(String(string.dropFirst())), line: startLine, column: column)
        }
        return token
    }
}
