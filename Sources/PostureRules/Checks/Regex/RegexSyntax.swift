/// A parsed rule regex: the RE2-style subset that a Pike VM runs in time linear in the input.
/// Anything outside it (backreferences, lookaround, possessive and atomic forms) is refused by
/// `RegexParser` with the column of the construct, never approximated.
indirect enum RegexNode: Sendable {
    case empty
    /// One scalar; `caseless` under `(?i)`.
    case scalar(Unicode.Scalar, caseless: Bool)
    case set(ScalarSet)
    case assertion(RegexAssertion)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    /// `max` nil is unbounded. Greedy or lazy does not change whether or where a match starts.
    case repetition(RegexNode, min: Int, max: Int?)
}

/// Zero-width tests between two scalars.
enum RegexAssertion: Sendable, Equatable {
    /// `^` (per line: rules match files line by line) and `$`.
    case lineStart, lineEnd
    /// `^` and `$` under `(?-m)`, `\A` and `\z`.
    case textStart, textEnd
    case wordBoundary, notWordBoundary
}

/// A set of scalars: a bracket class, `.`, or a `\d \w \s` class and their negations.
struct ScalarSet: Sendable {
    enum Item: Sendable {
        case range(Unicode.Scalar, Unicode.Scalar)
        case digit(negated: Bool)
        case word(negated: Bool)
        case space(negated: Bool)
        /// `.`: everything but line terminators (everything under `(?s)`).
        case anyButLineTerminator
        case any
    }

    var items: [Item]
    var negated = false
    var caseless = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        if caseless {
            let found = rawContains(scalar) || CaseFolding.variants(of: scalar).contains(where: rawContains)
            return found != negated
        }
        return rawContains(scalar) != negated
    }

    private func rawContains(_ scalar: Unicode.Scalar) -> Bool {
        items.contains { item in
            switch item {
            case .range(let low, let high): low <= scalar && scalar <= high
            case .digit(let negated): ScalarClasses.isDigit(scalar) != negated
            case .word(let negated): ScalarClasses.isWord(scalar) != negated
            case .space(let negated): ScalarClasses.isSpace(scalar) != negated
            case .anyButLineTerminator: !ScalarClasses.isLineTerminator(scalar)
            case .any: true
            }
        }
    }
}

/// The classes as ICU defines them for NSRegularExpression, which rules were written against:
/// Unicode-aware `\d \w \s`, and line terminators `\n \v \f \r U+0085 U+2028 U+2029`.
enum ScalarClasses {
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("0"..."9").contains(scalar) }
        return scalar.properties.generalCategory == .decimalNumber
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_"
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .decimalNumber, .connectorPunctuation, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return properties.isAlphabetic || scalar.value == 0x200C || scalar.value == 0x200D
        }
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || ("\t"..."\r").contains(scalar) }
        return scalar.properties.isWhitespace
    }

    static func isLineTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}

/// Simple case folding for `(?i)`: the other cases a scalar compares equal to.
enum CaseFolding {
    static func variants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if scalar.isASCII {
            let value = scalar.value
            if (0x41...0x5A).contains(value) { return [Unicode.Scalar(UInt8(value + 32))] }
            if (0x61...0x7A).contains(value) { return [Unicode.Scalar(UInt8(value - 32))] }
            return []
        }
        let properties = scalar.properties
        return [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping]
            .compactMap { mapping in
                let scalars = mapping.unicodeScalars
                guard scalars.count == 1, let first = scalars.first, first != scalar else { return nil }
                return first
            }
    }

    /// One representative per case class, so two scalars compare by their keys.
    static func key(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar
        }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        guard lower.count == 1, let first = lower.first else { return scalar }
        return first
    }
}

/// Why a pattern was refused, at a column (1-based, in scalars) of the pattern.
struct RegexSyntaxError: Error, Sendable, Equatable {
    var column: Int
    var message: String
}
