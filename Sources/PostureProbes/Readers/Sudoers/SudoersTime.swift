import Foundation

/// The time values of sudoers options: `TIMEOUT=1h30m` and the generalized times of
/// `NOTBEFORE`/`NOTAFTER` (`yyyymmddHH[MM[SS]][.f][Z|±hh[mm]]`), parsed as sudo does.
enum SudoersTime {
    /// Seconds, or nil when sudo's parse_timeout refuses the text.
    static func timeout(_ text: String) -> Int? {
        var rest = Substring(text)
        var total = 0
        var suffixes = Array("dhms")
        repeat {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 10, var value = Int(digits), value <= Int(Int32.max) else { return nil }
            rest = rest.dropFirst(digits.count)
            if let suffix = rest.first {
                let lower = Character(suffix.lowercased())
                guard let index = suffixes.firstIndex(of: lower) else { return nil }
                suffixes.removeFirst(index + 1)
                value *= ["d": 86_400, "h": 3_600, "m": 60, "s": 1][lower] ?? 1
                rest = rest.dropFirst()
            }
            total += value
            guard total <= Int(Int32.max) else { return nil }
        } while !rest.isEmpty
        return total
    }

    /// Seconds since 1970, or nil when sudo's parse_gentime refuses the text. A time without a
    /// zone is read as UTC (sudo reads it in the local zone of the host).
    static func generalized(_ text: String) -> Double? {
        let digits = Array(text.prefix { $0.isASCII && $0.isNumber })
        guard digits.count >= 10, digits.count < 15, digits.count % 2 == 0 else { return nil }
        func number(_ from: Int, _ length: Int) -> Int { Int(String(digits[from..<min(digits.count, from + length)])) ?? 0 }
        var components = DateComponents()
        components.year = number(0, 4)
        components.month = number(4, 2)
        components.day = number(6, 2)
        components.hour = number(8, 2)
        components.minute = digits.count >= 12 ? number(10, 2) : 0
        components.second = digits.count >= 14 ? number(12, 2) : 0
        var rest = text.dropFirst(digits.count)
        if let radix = rest.first, radix == "." || radix == ",", let fraction = rest.dropFirst().first, fraction.isASCII,
            let tenth = fraction.wholeNumberValue
        {
            if digits.count == 10 { components.minute = 6 * tenth } else if digits.count == 12 { components.second = 6 * tenth }
            rest = rest.dropFirst(2)
        }
        var offset = 0
        if let sign = rest.first, sign == "+" || sign == "-" {
            let zone = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard zone.count == 2 || zone.count == 4 else { return nil }
            let hours = Int(zone.prefix(2)) ?? 0
            let minutes = zone.count == 4 ? Int(zone.suffix(2)) ?? 0 : 0
            offset = (hours * 60 + minutes) * 60 * (sign == "-" ? -1 : 1)
            rest = rest.dropFirst(1 + zone.count)
        } else if rest.first == "Z" {
            rest = rest.dropFirst()
        }
        guard rest.isEmpty else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: components) else { return nil }
        return date.timeIntervalSince1970 - Double(offset)
    }
}
