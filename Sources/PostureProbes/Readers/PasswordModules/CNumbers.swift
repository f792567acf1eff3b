/// Number parsing as the C library does it, for settings whose program reads them with
/// `strtol` or `sscanf`: what those accept (and how they wrap) decides what the program uses.
enum CNumbers {
    /// `strtol(text, &end, 10)` that must consume the whole text, as libpwquality demands: leading
    /// blanks and a sign allowed, nothing after the digits, within `Int32`'s open range.
    static func strtolWhole(_ text: Substring) -> Int? {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, NSSFiles.isSpace(first) { bytes = bytes.dropFirst() }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes.count <= 12 else { return nil }
        var value = 0
        for digit in bytes { value = value * 10 + Int(digit - 0x30) }
        if negative { value = -value }
        // libpwquality refuses INT_MAX and INT_MIN themselves too (val >= INT_MAX || val <= INT_MIN).
        guard value < Int(Int32.max), value > Int(Int32.min) else { return nil }
        return value
    }

    /// `sscanf(text, "%u")` (or `%hu` with `bits: 16`): leading blanks, an optional sign, then as
    /// many digits as there are; anything after them is ignored. A negative or too large number
    /// wraps as the C conversion does. nil when no digit starts the text.
    static func scanUnsigned(_ text: Substring, bits: Int) -> UInt64? {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, NSSFiles.isSpace(first) { bytes = bytes.dropFirst() }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        let digits = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty else { return nil }
        // strtoul saturates at ULONG_MAX on overflow.
        var value: UInt64 = 0
        var overflow = false
        for digit in digits {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(digit - 0x30))
            if o1 || o2 {
                overflow = true
                break
            }
            value = sum
        }
        if overflow { value = UInt64.max } else if negative { value = 0 &- value }
        let mask: UInt64 = bits >= 64 ? .max : (1 << UInt64(bits)) - 1
        return value & mask
    }
}
