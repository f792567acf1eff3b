import Foundation

/// How a file's text is encoded, as far as the sensitive-data scan needs to know: spreadsheet
/// and Windows tools export UTF-16 ("Unicode text" CSVs), whose NUL bytes would otherwise make
/// the file look binary and leave its card numbers unread.
enum TextEncoding: Equatable {
    /// UTF-8, ASCII or any other byte-oriented text: scanned as it is.
    case bytes
    case utf16LittleEndian
    case utf16BigEndian

    /// The encoding the first bytes of a file show: a UTF-16 byte-order mark, or (without one)
    /// the pattern of UTF-16LE text that is mostly ASCII: a NUL in nearly every odd byte and
    /// almost none in the even ones. Nil when the bytes look binary.
    static func detect(_ head: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
        if head.count >= 2 {
            if head[0] == 0xFF, head[1] == 0xFE { return .utf16LittleEndian }
            if head[0] == 0xFE, head[1] == 0xFF { return .utf16BigEndian }
        }
        guard let base = head.baseAddress, memchr(base, 0, head.count) != nil else { return .bytes }
        let pairs = head.count / 2
        guard pairs >= 8 else { return nil }
        var evenNUL = 0
        var oddNUL = 0
        for pair in 0..<pairs {
            if head[2 * pair] == 0 { evenNUL += 1 }
            if head[2 * pair + 1] == 0 { oddNUL += 1 }
        }
        // ASCII text in UTF-16LE: the high byte of (nearly) every unit is 0, the low byte is not.
        if oddNUL * 10 >= pairs * 9, evenNUL * 20 <= pairs { return .utf16LittleEndian }
        if evenNUL * 10 >= pairs * 9, oddNUL * 20 <= pairs { return .utf16BigEndian }
        return nil
    }

    /// Turns `count` bytes of UTF-16 (an even number) into one byte per code unit: ASCII as
    /// itself, anything else as 0x80 (neither a digit, a letter nor a separator to the scanner,
    /// as a non-ASCII character's UTF-8 bytes are not). Returns the bytes written to `output`.
    func narrow(_ input: UnsafePointer<UInt8>, count: Int, into output: UnsafeMutablePointer<UInt8>) -> Int {
        let units = count / 2
        let (low, high) = self == .utf16BigEndian ? (1, 0) : (0, 1)
        for unit in 0..<units {
            let lowByte = input[2 * unit + low]
            let highByte = input[2 * unit + high]
            output[unit] = highByte == 0 && lowByte < 0x80 ? lowByte : 0x80
        }
        return units
    }
}
