/// Reads a rule regex into a `RegexNode`, refusing what cannot run in linear time and anything it
/// does not know, with the column of the construct (`(?=` at column 4: "lookahead is not supported").
struct RegexParser {
    /// The most a `{m,n}` may count; bigger counts blow the program up (see `RegexProgram.maximumSize`).
    static let maximumRepetition = 1000
    /// Deeper group nesting is refused before the recursive parser can exhaust the stack.
    static let maximumDepth = 100

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var caseless = false
    private var dotAll = false
    private var multiline = true
    private var depth = 0

    static func parse(_ pattern: String) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(scalars: Array(pattern.unicodeScalars))
        let node = try parser.alternation()
        if parser.index < parser.scalars.count {
            throw parser.failure("unmatched ')'")
        }
        return node
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private func failure(_ message: String, at position: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(column: (position ?? index) + 1, message: message)
    }

    private mutating func alternation() throws(RegexSyntaxError) -> RegexNode {
        // Flags set by `(?i)` last to the end of the enclosing group.
        let saved = (caseless, dotAll, multiline)
        defer { (caseless, dotAll, multiline) = saved }
        var branches = [try concatenation()]
        while current == "|" {
            index += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func concatenation() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            let start = index
            guard let atom = try atom() else { continue }
            items.append(try quantified(atom, start: start))
        }
        if items.isEmpty { return .empty }
        return items.count == 1 ? items[0] : .concatenation(items)
    }

    /// One atom, or nil for a flag group `(?i)` that only changes what follows.
    private mutating func atom() throws(RegexSyntaxError) -> RegexNode? {
        guard let scalar = current else { throw failure("expected an expression") }
        switch scalar {
        case "(": return try group()
        case "[": return .set(try bracketClass())
        case ".":
            index += 1
            return .set(ScalarSet(items: [dotAll ? .any : .anyButLineTerminator]))
        case "^":
            index += 1
            return .assertion(multiline ? .lineStart : .textStart)
        case "$":
            index += 1
            return .assertion(multiline ? .lineEnd : .textEnd)
        case "\\": return try escape()
        case "*", "+", "?": throw failure("nothing to repeat before '\(scalar)'")
        case "{": throw failure("nothing to repeat before '{' (write '\\{' for a literal brace)")
        default:
            index += 1
            return .scalar(scalar, caseless: caseless)
        }
    }

    private mutating func quantified(_ atom: RegexNode, start: Int) throws(RegexSyntaxError) -> RegexNode {
        var node = atom
        var repeated = false
        while let scalar = current, "*+?{".unicodeScalars.contains(scalar) {
            let position = index
            if repeated { throw failure("a quantifier cannot follow another quantifier", at: position) }
            let bounds: (Int, Int?)
            switch scalar {
            case "*":
                bounds = (0, nil)
                index += 1
            case "+":
                bounds = (1, nil)
                index += 1
            case "?":
                bounds = (0, 1)
                index += 1
            default: bounds = try counted()
            }
            if current == "+" {
                throw failure("possessive quantifiers are not supported (they need backtracking)", at: index)
            }
            if current == "?" { index += 1 }  // lazy: same match/no-match and same leftmost start
            node = .repetition(node, min: bounds.0, max: bounds.1)
            repeated = true
        }
        return node
    }

    /// `{m}`, `{m,}`, `{m,n}`.
    private mutating func counted() throws(RegexSyntaxError) -> (Int, Int?) {
        let open = index
        index += 1
        guard let low = number() else { throw failure("expected a count after '{' (write '\\{' for a literal brace)", at: open) }
        var high: Int? = low
        if current == "," {
            index += 1
            high = number()
        }
        guard current == "}" else { throw failure("expected '}' to close the count opened here", at: open) }
        index += 1
        let largest = high ?? low
        if largest > Self.maximumRepetition {
            throw failure("the count \(largest) is more than \(Self.maximumRepetition)", at: open)
        }
        if let high, high < low { throw failure("the count {\(low),\(high)} has its bounds reversed", at: open) }
        return (low, high)
    }

    private mutating func number() -> Int? {
        var value: Int?
        while let scalar = current, ("0"..."9").contains(scalar) {
            value = min((value ?? 0) * 10 + Int(scalar.value - 48), 1_000_000)
            index += 1
        }
        return value
    }

    private mutating func group() throws(RegexSyntaxError) -> RegexNode? {
        let open = index
        index += 1
        // `(?i:...)` sets flags for its own body only.
        let saved = (caseless, dotAll, multiline)
        if current == "?" {
            index += 1
            switch current {
            case ":": index += 1
            case "=": throw failure("lookahead '(?=' is not supported (it cannot run in linear time)", at: open)
            case "!": throw failure("negative lookahead '(?!' is not supported (it cannot run in linear time)", at: open)
            case ">": throw failure("atomic groups '(?>' are not supported (they need backtracking)", at: open)
            case "<" where peek(1) == "=" || peek(1) == "!":
                throw failure("lookbehind '(?<\(peek(1) ?? "=")' is not supported", at: open)
            case "<", "P":
                try skipGroupName(open: open)
            default:
                if try flags(open: open) { return nil }
            }
        }
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth { throw failure("groups nest deeper than \(Self.maximumDepth)", at: open) }
        let inner = try alternation()
        guard current == ")" else { throw failure("expected ')' to close the group opened here", at: open) }
        index += 1
        (caseless, dotAll, multiline) = saved
        return inner
    }

    /// `(?<name>` or `(?P<name>`: a capturing group; the name is not used.
    private mutating func skipGroupName(open: Int) throws(RegexSyntaxError) {
        if current == "P" {
            index += 1
            if current == "=" || current == ">" {
                throw failure("backreferences '(?P\(current ?? "=")' are not supported (they cannot run in linear time)", at: open)
            }
        }
        guard current == "<" else { throw failure("expected '<' after '(?P'", at: open) }
        index += 1
        let nameStart = index
        while let scalar = current, ScalarClasses.isWord(scalar), scalar.isASCII { index += 1 }
        guard index > nameStart, current == ">" else { throw failure("expected a group name and '>'", at: open) }
        index += 1
    }

    /// `(?i)`, `(?is-m)`, `(?i:...)`. True when the group was a bare flag setting.
    private mutating func flags(open: Int) throws(RegexSyntaxError) -> Bool {
        var on = true
        var seen = false
        while let scalar = current {
            index += 1
            switch scalar {
            case "i": caseless = on
            case "s": dotAll = on
            case "m":
                // Rules judge files line by line: turning that off would need a second meaning for '$'.
                guard on else {
                    throw failure("'(?-m)' is not supported: '^' and '$' always match at line boundaries (use \\A and \\z)", at: index - 1)
                }
                multiline = true
            case "-" where on:
                on = false
                continue
            case ")":
                guard seen else { throw failure("expected flags after '(?'", at: open) }
                return true
            case ":":
                guard seen else { throw failure("expected flags after '(?'", at: open) }
                return false
            default:
                throw failure("unsupported group or flag '\(scalar)' after '(?' (supported: ?: ?<name> and the flags i s m)", at: index - 1)
            }
            seen = true
        }
        throw failure("expected ')' to close the group opened here", at: open)
    }

    private mutating func escape() throws(RegexSyntaxError) -> RegexNode {
        let start = index
        index += 1
        guard let scalar = current else { throw failure("a pattern cannot end with '\\'", at: start) }
        switch scalar {
        case "b":
            index += 1
            return .assertion(.wordBoundary)
        case "B":
            index += 1
            return .assertion(.notWordBoundary)
        case "A":
            index += 1
            return .assertion(.textStart)
        case "z":
            index += 1
            return .assertion(.textEnd)
        case "1"..."9", "k":
            throw failure("backreferences '\\\(scalar)' are not supported (they cannot run in linear time)", at: start)
        default:
            if let item = try classEscape(start: start) {
                var set = ScalarSet(items: [item])
                set.caseless = caseless
                return .set(set)
            }
            return .scalar(try literalEscape(start: start), caseless: caseless)
        }
    }

    /// `\d \D \w \W \s \S` (index on the letter), or nil.
    private mutating func classEscape(start: Int) throws(RegexSyntaxError) -> ScalarSet.Item? {
        let item: ScalarSet.Item
        switch current {
        case "d": item = .digit(negated: false)
        case "D": item = .digit(negated: true)
        case "w": item = .word(negated: false)
        case "W": item = .word(negated: true)
        case "s": item = .space(negated: false)
        case "S": item = .space(negated: true)
        default: return nil
        }
        index += 1
        return item
    }

    /// `\t \n \r \f \v \a \e \xHH \x{H…} \uHHHH` or an escaped punctuation mark (index on the letter).
    private mutating func literalEscape(start: Int) throws(RegexSyntaxError) -> Unicode.Scalar {
        guard let scalar = current else { throw failure("a pattern cannot end with '\\'", at: start) }
        index += 1
        switch scalar {
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "a": return "\u{07}"
        case "e": return "\u{1B}"
        case "x":
            if current == "{" {
                index += 1
                let value = hex(maximumDigits: 6)
                guard current == "}" else { throw failure("expected '}' after '\\x{' digits", at: start) }
                index += 1
                return try validScalar(value, start: start)
            }
            return try validScalar(hex(maximumDigits: 2, exactly: true), start: start)
        case "u": return try validScalar(hex(maximumDigits: 4, exactly: true), start: start)
        default:
            if scalar.isASCII, ScalarClasses.isWord(scalar) {
                throw failure("unsupported escape '\\\(scalar)'", at: start)
            }
            return scalar
        }
    }

    private mutating func hex(maximumDigits: Int, exactly: Bool = false) -> UInt32? {
        var value: UInt32 = 0
        var digits = 0
        while digits < maximumDigits, let scalar = current, scalar.isASCII, let digit = UInt32(String(scalar), radix: 16) {
            value = value * 16 + digit
            digits += 1
            index += 1
        }
        if digits == 0 || (exactly && digits != maximumDigits) { return nil }
        return value
    }

    private func validScalar(_ value: UInt32?, start: Int) throws(RegexSyntaxError) -> Unicode.Scalar {
        guard let value, let scalar = Unicode.Scalar(value) else { throw failure("invalid hexadecimal escape", at: start) }
        return scalar
    }

    /// `[...]`, `[^...]`, with ranges and the class escapes inside.
    private mutating func bracketClass() throws(RegexSyntaxError) -> ScalarSet {
        let open = index
        index += 1
        var set = ScalarSet(items: [])
        set.caseless = caseless
        if current == "^" {
            set.negated = true
            index += 1
        }
        var first = true
        while true {
            guard let scalar = current else { throw failure("expected ']' to close the class opened here", at: open) }
            if scalar == "]", !first {
                index += 1
                break
            }
            first = false
            if scalar == "[" {
                throw failure("nested classes and '[:name:]' are not supported (write '\\[' for a literal bracket)", at: index)
            }
            if scalar == "&", peek(1) == "&" { throw failure("class intersection '&&' is not supported (write '\\&')", at: index) }
            let start = index
            if scalar == "\\" {
                index += 1
                if let item = try classEscape(start: start) {
                    set.items.append(item)
                    continue
                }
                if current == "b" {
                    index += 1
                    set.items.append(.range("\u{08}", "\u{08}"))
                    continue
                }
            }
            let low = scalar == "\\" ? try literalEscape(start: start) : next()
            if current == "-", let after = peek(1), after != "]" {
                index += 1
                let rangeStart = index
                let high: Unicode.Scalar
                if after == "\\" {
                    index += 1
                    if try classEscape(start: rangeStart) != nil {
                        throw failure("a range cannot end in a class escape", at: rangeStart)
                    }
                    high = try literalEscape(start: rangeStart)
                } else {
                    high = next()
                }
                guard low <= high else { throw failure("the range '\(low)-\(high)' is reversed", at: start) }
                set.items.append(.range(low, high))
            } else {
                set.items.append(.range(low, low))
            }
        }
        return set
    }

    private mutating func next() -> Unicode.Scalar {
        let scalar = current ?? "\0"
        index += 1
        return scalar
    }
}
