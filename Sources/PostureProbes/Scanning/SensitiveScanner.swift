import Foundation
import PostureInventory

/// Finds card numbers and US social security numbers in bytes, the way people write them in
/// exports and notes: card numbers as 13–19 digits, plain or in groups split by single spaces or
/// dashes, with a real brand prefix and length and a valid Luhn check digit; SSNs as
/// `AAA-GG-SSSS` outside the never-issued ranges (area 000, 666, 900–999; group 00; serial 0000).
/// A number must stand on its own: a digit or letter right before or after it (a longer number,
/// a hex string, an identifier) means it is not one.
///
/// Matches are only ever kept masked: a card as its first six and last four digits, an SSN as its
/// last four.
public struct SensitiveScanner: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case card, ssn
    }

    public struct Match: Sendable, Equatable {
        public var kind: Kind
        /// 1-based line of the match.
        public var line: Int
        public var masked: String
    }

    public let kinds: Set<Kind>

    public init(kinds: Set<Kind> = Set(Kind.allCases)) {
        self.kinds = kinds
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x2D }

    /// What one scan found: how many of each kind, and the first of each (line and masked sample).
    public struct Findings: Sendable {
        public var cards = 0
        public var ssns = 0
        public var firstCard: Match?
        public var firstSSN: Match?
        /// Line breaks passed.
        public var lines = 0
    }

    /// Scans `bytes`, whose first line is `firstLine`; `before` is the byte preceding them (nil at
    /// the start of a file). `countingLines` false leaves `Findings.lines` at 0, for a caller that
    /// reads nothing after these bytes (the line of a match is found either way).
    ///
    /// The hot loop only looks for the next digit, sixteen bytes at a time; line breaks are
    /// counted in bulk; numbers are decoded in place; only the first match of each kind is
    /// located and masked, the others are counted.
    public func scan(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, before: UInt8?, countingLines: Bool = true) -> Findings {
        var findings = Findings()
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return findings }
        var index = 0
        let wantCards = kinds.contains(.card)
        let wantSSNs = kinds.contains(.ssn)
        func line(at position: Int) -> Int {
            firstLine + Self.lineBreaks(base, count: position)
        }
        let zero = SIMD16<UInt8>(repeating: 0x30)
        let ten = SIMD16<UInt8>(repeating: 10)
        let none = SIMD16<UInt8>()
        let all = SIMD16<UInt8>(repeating: 0xFF)
        while index < count {
            // Skip sixteen non-digits at a time; in the block that holds a digit, go straight to
            // the first one (lane order is byte order: x86-64 and arm64 are little-endian). Dense
            // text such as a CSV export has a digit in most blocks, so this is the common path.
            var atDigit = false
            while index + 16 <= count {
                let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                let digits = (block &- zero) .< ten
                if any(digits) {
                    let lanes = unsafeBitCast(none.replacing(with: all, where: digits), to: SIMD2<UInt64>.self)
                    index += lanes[0] != 0 ? lanes[0].trailingZeroBitCount / 8 : 8 + lanes[1].trailingZeroBitCount / 8
                    atDigit = true
                    break
                }
                index += 16
            }
            if !atDigit {
                while index < count, !Self.isDigit(base[index]) { index += 1 }
                if index >= count { break }
            }
            // A token: digits, with single spaces or dashes between groups. A group longer than a
            // card's (over 6 digits) ends it at the next separator, and so does a change of
            // separator (the token ends before the last group), so "4111111111111111 123-45-6789"
            // is a card and an SSN, not one long number.
            let start = index
            var digits = 0
            var groups = 0
            var groupLength = 0
            var first = 0
            var second = 0
            var separator: UInt8 = 0
            var lastSeparator = -1
            var end = start
            while end < count {
                let byte = base[end]
                if Self.isDigit(byte) {
                    digits += 1
                    groupLength += 1
                    end += 1
                    continue
                }
                guard Self.isSeparator(byte), end + 1 < count, Self.isDigit(base[end + 1]), digits < 24, groupLength <= 6 else { break }
                if separator != 0, separator != byte {
                    // A full last group (4 or more digits, as a card's or an SSN's ends) closes the
                    // token here; a short one ("… 1111 123-45-6789") starts the next token.
                    if groupLength >= 4 { break }
                    end = lastSeparator
                    digits -= groupLength
                    groups -= 1
                    groupLength = groups == 0 ? first : (groups == 1 ? second : 4)
                    if groups == 0 { separator = 0 }
                    break
                }
                separator = byte
                if groups == 0 { first = groupLength } else if groups == 1 { second = groupLength }
                groups += 1
                groupLength = 0
                lastSeparator = end
                end += 1
            }
            let consistent = true
            index = end
            // Short tokens (ids, amounts, dates) are neither: the common case ends here.
            if digits < 9 { continue }
            // It must stand on its own: no letter or digit right before or after it.
            let previous = start > 0 ? base[start - 1] : before
            if let previous, Self.isLetter(previous) || Self.isDigit(previous) { continue }
            if end < count, Self.isLetter(base[end]) || Self.isDigit(base[end]) { continue }
            if wantSSNs, groups == 2, separator == 0x2D, first == 3, second == 2, groupLength == 4 {
                guard Self.isIssuedSSN(base + start) else { continue }
                findings.ssns += 1
                if findings.firstSSN == nil {
                    findings.firstSSN = Match(kind: .ssn, line: line(at: start), masked: Self.maskSSN(base + start))
                }
                continue
            }
            guard wantCards, digits >= 13, digits <= 19, consistent else { continue }
            // Grouped as people write cards: 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners).
            if groups > 0, first != 4 || groupLength < 3 { continue }
            let masked: String?? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { number in
                var position = 0
                for offset in start..<end where Self.isDigit(base[offset]) {
                    number[position] = base[offset] &- 0x30
                    position += 1
                }
                let digitsOnly = UnsafeBufferPointer(rebasing: number[0..<position])
                guard Self.isCard(digitsOnly) else { return nil }
                return findings.firstCard == nil ? Self.maskCard(digitsOnly) : .some(nil)
            }
            guard let sample = masked else { continue }
            findings.cards += 1
            if let sample { findings.firstCard = Match(kind: .card, line: line(at: start), masked: sample) }
        }
        if countingLines { findings.lines = Self.lineBreaks(base, count: count) }
        return findings
    }

    /// How many line breaks the first `count` bytes hold, sixteen bytes at a time.
    static func lineBreaks(_ base: UnsafePointer<UInt8>, count: Int) -> Int {
        let newline = SIMD16<UInt8>(repeating: 0x0A)
        let one = SIMD16<UInt8>(repeating: 1)
        let none = SIMD16<UInt8>()
        var total = 0
        var index = 0
        while index + 16 <= count {
            // Per-lane counts stay under 256: at most 255 blocks before they are added up.
            var lanes = SIMD16<UInt8>()
            let end = min(count, index + 255 * 16)
            while index + 16 <= end {
                let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                lanes &+= none.replacing(with: one, where: block .== newline)
                index += 16
            }
            total += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while index < count {
            if base[index] == 0x0A { total += 1 }
            index += 1
        }
        return total
    }

    /// The matches a scan found, in order of kind, for callers that want them as a list.
    public static func matches(_ findings: Findings) -> [(kind: Kind, count: Int, first: Match)] {
        var result: [(Kind, Int, Match)] = []
        if let first = findings.firstCard { result.append((.card, findings.cards, first)) }
        if let first = findings.firstSSN { result.append((.ssn, findings.ssns, first)) }
        return result
    }

    /// `AAA-GG-SSSS` at `start` is outside the never-issued ranges (`SensitiveNumbers`).
    static func isIssuedSSN(_ start: UnsafePointer<UInt8>) -> Bool {
        func value(_ offset: Int, _ length: Int) -> Int {
            var total = 0
            for i in 0..<length { total = total * 10 + Int(start[offset + i] &- 0x30) }
            return total
        }
        return SensitiveNumbers.isIssuedSSN(area: value(0, 3), group: value(4, 2), serial: value(7, 4))
    }

    /// Only the last four: ***-**-6789.
    static func maskSSN(_ start: UnsafePointer<UInt8>) -> String {
        SensitiveNumbers.maskSSN(lastFour: String(decoding: UnsafeBufferPointer(start: start + 7, count: 4), as: UTF8.self))
    }

    static func isCard(_ digits: UnsafeBufferPointer<UInt8>) -> Bool { SensitiveNumbers.isCard(digits) }

    static func maskCard(_ digits: UnsafeBufferPointer<UInt8>) -> String { SensitiveNumbers.maskCard(digits) }
}
