/// The command state of sudo's lexer (GOTCMND): a path, then arguments up to `,`, `:`, `=`, `#`
/// or the end of the line, with sudo's escapes.
extension SudoersLexer {
    mutating func commandToken(start: Int, pathLength: Int) -> SudoersToken {
        let startLine = line
        let column = start - lineStart + 1
        let path = Self.unescaped(text(start, pathLength))
        position = start + pathLength
        atLineStart = false
        // A directory takes no arguments.
        if path.hasSuffix("/") { return SudoersToken(kind: .command(path, arguments: nil), line: startLine, column: column) }
        var arguments: [UInt8]?
        var sawSpace = false
        func append(_ characters: [UInt8]) {
            if arguments == nil {
                arguments = characters
            } else {
                if sawSpace { arguments?.append(0x20) }
                arguments?.append(contentsOf: characters)
            }
            sawSpace = false
        }
        while let character = byte(0) {
            if Self.isBlank(character) {
                sawSpace = true
                position += 1
                continue
            }
            if character == UInt8(ascii: "\\") {
                var length = 1
                while Self.isBlank(byte(length)) { length += 1 }
                if byte(length) == 0x0D { length += 1 }
                if byte(length) == 0x0A {
                    position += length + 1
                    newLine(after: position)
                    continued = true
                    sawSpace = true
                    continue
                }
                guard let next = byte(1) else { break }
                if SudoersLexer.escapedGlobCharacters.contains(next) {
                    append([character, next])
                } else if SudoersLexer.strippedEscapes.contains(next) {
                    append([next])
                } else {
                    return SudoersToken(kind: .error("syntax error"), line: line, column: position - lineStart + 1)
                }
                position += 2
                continue
            }
            // In this state `\r\n` is matched by the newline rule (longer than the one that ends a
            // command), so the command is never returned: sudo reports a syntax error.
            if character == 0x0D, byte(1) == 0x0A {
                return SudoersToken(kind: .error("syntax error (a command ends in CR LF)"), line: line, column: position - lineStart + 1)
            }
            if SudoersLexer.commandEnds.contains(character) { break }
            var length = 0
            while let current = byte(length), !SudoersLexer.argumentStops.contains(current) { length += 1 }
            append(Array(bytes[position..<(position + length)]))
            position += length
        }
        return SudoersToken(
            kind: .command(path, arguments: arguments.map { String(decoding: $0, as: UTF8.self) }), line: startLine, column: column)
    }
}

/// The address rules of sudo's lexer: IPv4 or IPv6, with an optional mask.
enum SudoersAddress {
    static func length(in bytes: [UInt8], at start: Int) -> Int {
        func byte(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
        func isDigit(_ index: Int) -> Bool { byte(index).map { (0x30...0x39).contains($0) } ?? false }
        func ipv4(_ from: Int) -> Int {
            var index = from
            for part in 0..<4 {
                if part > 0 {
                    guard byte(index) == UInt8(ascii: "."), isDigit(index + 1) else { return 0 }
                    index += 1
                }
                var digits = 0
                var value = 0
                while isDigit(index), digits < 3 {
                    value = value * 10 + Int((byte(index) ?? 0x30) - 0x30)
                    index += 1
                    digits += 1
                }
                guard digits > 0, value <= 255 else { return 0 }
            }
            return index - from
        }
        let four = ipv4(start)
        if four > 0 {
            guard byte(start + four) == UInt8(ascii: "/") else { return four }
            let mask = ipv4(start + four + 1)
            if mask > 0 { return four + 1 + mask }
            var digits = 0
            while isDigit(start + four + 1 + digits), digits < 2 { digits += 1 }
            return digits > 0 ? four + 1 + digits : four
        }
        var index = start
        var colons = 0
        while let current = byte(index), current == UInt8(ascii: ":") || current.isHexDigit {
            if current == UInt8(ascii: ":") { colons += 1 }
            index += 1
        }
        guard colons >= 2, colons <= 7 else { return 0 }
        if byte(index) == UInt8(ascii: "/") {
            var digits = 0
            while isDigit(index + 1 + digits), digits < 3 { digits += 1 }
            index += digits > 0 ? 1 + digits : 0
        }
        return index - start
    }
}

extension UInt8 {
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}

/// The lexer's character classes, built once.
extension SudoersLexer {
    static let escapedGlobCharacters = ByteSet("*?[]!^")
    static let strippedEscapes = ByteSet(":\\,= \t#")
    static let commandEnds = ByteSet("#:,=\r\n")
    static let argumentStops = ByteSet("#\\:, \t\r\n")
    static let defaultsScopes = ByteSet(":@>!")
    static let wordStops = ByteSet("#>!=:,() \t\r\n\"")
    static let pathEscapes = ByteSet(",:= \t#")
    static let pathStops = ByteSet(",:= \t\r\n#")
    static let valueStops = ByteSet("#=, \t\r\n\"")
}
