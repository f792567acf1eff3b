/// Text that came from the scanned host (file and folder names, paths, hostnames, user names,
/// evidence values, messages quoting them) made fit to leave posture: card numbers and SSNs masked
/// (`mask`), and, for a terminal or a log, control characters shown escaped (`escapingControls`).
///
/// Reports get this once, where the report model is built (`Report.init` in PostureReports passes
/// every string of the report through `mask`), so every writer — JSON, HTML, SARIF, JUnit, text,
/// and any writer added later — only ever sees masked text.
public enum HostText {
    /// `text` with every card number (13–19 digits, plain or in groups split by one space, dash,
    /// underscore or dot, with a brand prefix and a valid Luhn digit) shown as its first six and
    /// last four digits, and every SSN (`AAA-GG-SSSS` or `AAA_GG_SSSS`, issued ranges) as its last
    /// four — the masks the content scanner uses. Stricter than the content scanner on purpose: a
    /// letter next to the number does not exempt it (`refund4111111111111111.txt` is masked too).
    public static func mask(_ text: String) -> String {
        var utf8 = Array(text.utf8)
        // Fast path: fewer than nine digits cannot hold either.
        var digitCount = 0
        for byte in utf8 where isDigit(byte) { digitCount += 1 }
        if digitCount < 9 { return text }
        let groups = digitGroups(utf8)
        var replacements: [(range: Range<Int>, with: String)] = []
        var index = 0
        while index < groups.count {
            if let (end, masked) = sensitiveRun(startingAt: index, in: groups, bytes: utf8) {
                replacements.append((groups[index].lowerBound..<groups[end].upperBound, masked))
                index = end + 1
            } else {
                index += 1
            }
        }
        if replacements.isEmpty { return text }
        for replacement in replacements.reversed() {
            utf8.replaceSubrange(replacement.range, with: Array(replacement.with.utf8))
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// `text` with control characters (C0, DEL, C1) written as `\x1b`, `\x0a`, `\u{9b}`, so text
    /// from the host can neither drive a terminal nor start a forged line in a log. With
    /// `keepingLineBreaks`, `\n` and `\t` stay (for multi-line messages posture writes itself).
    public static func escapingControls(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingLineBreaks && ($0 == "\n" || $0 == "\t")) }) else {
            return text
        }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if isControl(scalar), !(keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
                let hex = String(scalar.value, radix: 16)
                result += scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// What a terminal or a log line may show of host text: masked, control characters escaped.
    public static func printable(_ text: String, keepingLineBreaks: Bool = false) -> String {
        escapingControls(mask(text), keepingLineBreaks: keepingLineBreaks)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- 0x61 < 6 }

    static func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x2D || byte == 0x5F || byte == 0x2E }

    /// The maximal runs of digits in `bytes`, in order; digits inside a run of 32 or more hex
    /// characters (a digest or a fingerprint, which reports carry) are not numbers.
    static func digitGroups(_ bytes: [UInt8]) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard isDigit(bytes[index]) else {
                if isHex(bytes[index]) {
                    var end = index
                    while end < bytes.count, isHex(bytes[end]) { end += 1 }
                    if end - index >= 32 { index = end } else { index += 1 }
                } else {
                    index += 1
                }
                continue
            }
            var hexEnd = index
            while hexEnd < bytes.count, isHex(bytes[hexEnd]) { hexEnd += 1 }
            if hexEnd - index >= 32, index == 0 || !isHex(bytes[index - 1]) {
                index = hexEnd
                continue
            }
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            groups.append(start..<index)
        }
        return groups
    }

    /// Whether the digit groups from `first` on, joined by one and the same separator, make a card
    /// number or an SSN; if so, the last group used and the mask. The shortest card is tried first
    /// after an SSN, so "4111111111111111 123-45-6789" masks both.
    static func sensitiveRun(startingAt first: Int, in groups: [Range<Int>], bytes: [UInt8]) -> (Int, String)? {
        // A group that runs into another digit group without one separator cannot be joined.
        func separator(before group: Int) -> UInt8? {
            guard group > 0, group < groups.count else { return nil }
            let gap = groups[group - 1].upperBound..<groups[group].lowerBound
            guard gap.count == 1, let byte = bytes[safe: gap.lowerBound], isSeparator(byte) else { return nil }
            return byte
        }
        // SSN: 3, 2 and 4 digits split by a dash (or underscore, in file names).
        if first + 2 < groups.count, groups[first].count == 3, groups[first + 1].count == 2, groups[first + 2].count == 4,
            let dash = separator(before: first + 1), dash == 0x2D || dash == 0x5F, separator(before: first + 2) == dash
        {
            let area = number(bytes[groups[first]])
            let group = number(bytes[groups[first + 1]])
            let serialRange = groups[first + 2]
            if SensitiveNumbers.isIssuedSSN(area: area, group: group, serial: number(bytes[serialRange])) {
                return (first + 2, SensitiveNumbers.maskSSN(lastFour: String(decoding: bytes[serialRange], as: UTF8.self)))
            }
        }
        // A card: one group of 13–19 digits, or groups joined by one separator kind up to 19 digits.
        var digits: [UInt8] = []
        var joiner: UInt8? = nil
        var last = first
        while last < groups.count {
            if last > first {
                guard let gap = separator(before: last), joiner == nil || joiner == gap else { break }
                joiner = gap
            }
            digits += bytes[groups[last]].map { $0 &- 0x30 }
            if digits.count > 19 { break }
            if digits.count >= 13 {
                let isCard = digits.withUnsafeBufferPointer { SensitiveNumbers.isCard($0) }
                if isCard { return (last, digits.withUnsafeBufferPointer { SensitiveNumbers.maskCard($0) }) }
            }
            last += 1
        }
        return nil
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int {
        digits.prefix(9).reduce(0) { $0 * 10 + Int($1 &- 0x30) }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
