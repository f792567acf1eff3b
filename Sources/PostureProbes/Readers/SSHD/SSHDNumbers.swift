/// The C number and name conversions sshd applies to sshd_config values (strtonum, convtime,
/// a2port, sscanf's %d, strtol), reproduced so the reader accepts and refuses exactly what sshd does.
enum SSHDNumbers {
    /// strtoll's prefix: leading C whitespace, a sign, decimal digits. Returns the value and the
    /// index after the digits, or nil without digits; `overflow` when it does not fit 64 bits.
    static func leadingInteger(_ bytes: [UInt8], from start: Int = 0, base: Int = 10)
        -> (value: Int, end: Int, overflow: Bool)?
    {
        var index = start
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var effectiveBase = base
        if base == 0 {
            if index + 1 < bytes.count, bytes[index] == 0x30, bytes[index + 1] | 0x20 == 0x78,
                index + 2 < bytes.count, hexDigit(bytes[index + 2]) != nil
            {
                effectiveBase = 16
                index += 2
            } else if index < bytes.count, bytes[index] == 0x30 {
                effectiveBase = 8
            } else {
                effectiveBase = 10
            }
        }
        let digitsStart = index
        var value = 0
        var overflow = false
        while index < bytes.count, let digit = hexDigit(bytes[index]), digit < effectiveBase {
            let (times, o1) = value.multipliedReportingOverflow(by: effectiveBase)
            let (sum, o2) = times.addingReportingOverflow(digit)
            if o1 || o2 { overflow = true } else { value = sum }
            index += 1
        }
        guard index > digitsStart else { return nil }
        return (negative ? -value : value, index, overflow)
    }

    static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        default: nil
        }
    }

    /// strtonum(3): the whole word a decimal integer within the bounds.
    static func strtonum(_ word: String, _ minimum: Int, _ maximum: Int) -> Int? {
        let bytes = Array(word.utf8)
        guard let parsed = leadingInteger(bytes), parsed.end == bytes.count, !parsed.overflow,
            parsed.value >= minimum, parsed.value <= maximum
        else { return nil }
        return parsed.value
    }

    /// misc.c convtime: `90`, `1h30m`, `2W`; seconds, or nil when invalid or above INT_MAX.
    static func seconds(_ word: String) -> Int? {
        let bytes = Array(word.utf8)
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var total = 0
        while index < bytes.count {
            guard let parsed = leadingInteger(bytes, from: index), parsed.value >= 0 else { return nil }
            if parsed.overflow { return nil }
            var end = parsed.end
            var multiplier = 1
            if end < bytes.count {
                switch bytes[end] | 0x20 {
                case 0x73: multiplier = 1  // s
                case 0x6D: multiplier = 60  // m
                case 0x68: multiplier = 3600  // h
                case 0x64: multiplier = 86400  // d
                case 0x77: multiplier = 604_800  // w
                default: return nil
                }
                end += 1
            }
            guard parsed.value <= Int(Int32.max) / multiplier else { return nil }
            let seconds = parsed.value * multiplier
            guard total <= Int(Int32.max) - seconds else { return nil }
            total += seconds
            index = end
        }
        return total
    }

    /// a2port: a number 0-65535 or a TCP service name from /etc/services; nil when neither.
    static func port(_ word: String, services: [String: Int]) -> Int? {
        if let number = strtonum(word, 0, 65535) { return number }
        return services[word]
    }

    /// The TCP services of an /etc/services text, as getservbyname(3) reads them (aliases included).
    static func services(_ text: String) -> [String: Int] {
        var result: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2 else { continue }
            let portAndProtocol = fields[1].split(separator: "/")
            guard portAndProtocol.count == 2, portAndProtocol[1] == "tcp", let port = Int(portAndProtocol[0]) else { continue }
            for name in [fields[0]] + fields.dropFirst(2) where result[String(name)] == nil { result[String(name)] = port }
        }
        return result
    }

    /// sscanf(word, "%d:%d:%d"): the integers converted before the first mismatch.
    static func scanColonSeparated(_ word: String, count: Int) -> [Int] {
        let bytes = Array(word.utf8)
        var values: [Int] = []
        var index = 0
        while values.count < count {
            guard let parsed = leadingInteger(bytes, from: index) else { break }
            values.append(max(min(parsed.value, Int(Int32.max)), Int(Int32.min)))
            index = parsed.end
            guard values.count < count, index < bytes.count, bytes[index] == 0x3A else { break }
            index += 1
        }
        return values
    }

    /// OpenBSD scan_scaled: a number with an optional fraction and a B/K/M/G/T/P/E suffix.
    static func scaled(_ word: String) -> Int? {
        let bytes = Array(word.utf8)
        guard let whole = leadingInteger(bytes), !whole.overflow else { return nil }
        var index = whole.end
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        var multiplier = 1
        if index < bytes.count {
            guard index == bytes.count - 1 else { return nil }
            switch bytes[index] | 0x20 {
            case 0x62: multiplier = 1
            case 0x6B: multiplier = 1 << 10
            case 0x6D: multiplier = 1 << 20
            case 0x67: multiplier = 1 << 30
            case 0x74: multiplier = 1 << 40
            case 0x70: multiplier = 1 << 50
            case 0x65: multiplier = 1 << 60
            default: return nil
            }
        }
        let (value, overflow) = whole.value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        return value + Int(fraction * Double(multiplier))
    }
}
