/// The line and field grammar glibc's nss_files module uses for /etc/passwd, /etc/shadow and
/// /etc/group (nss/nss_files/files-parse.c, as shipped in Debian 11–13), on bytes.
///
/// - A line ends at `\n`; a `\r` before it is data (it stays in the last field). A NUL ends
///   what the C parser sees of a line.
/// - Leading white space (C `isspace`) is skipped; a line then empty or starting with `#` is
///   passed over.
/// - A string field runs to the next `:`; the last field of a line may contain `:`.
/// - A number is read as `strtoul` reads it (leading blanks, an optional sign, decimal digits)
///   and must fit in 32 bits (a minus sign is only accepted on 0); what follows must be `:` or
///   the end of the line. Anything else makes glibc skip the whole line.
enum NSSFiles {
    /// One line as the parser sees it: its 1-based number and its bytes, leading blanks skipped.
    struct Line {
        var number: Int
        var bytes: ArraySlice<UInt8>
    }

    /// The lines glibc hands to a parser: comments and blank lines removed.
    static func lines(_ text: String) -> [Line] {
        let bytes = Array(text.utf8)
        var result: [Line] = []
        var number = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            var line = raw
            if let nul = line.firstIndex(of: 0) { line = line[line.startIndex..<nul] }
            while let first = line.first, isSpace(first) { line = line.dropFirst() }
            guard let first = line.first, first != UInt8(ascii: "#") else { continue }
            result.append(Line(number: number, bytes: line))
        }
        // A file ending in a newline has no line after it.
        return result
    }

    /// An nss_compat marker line (`+name`, `-name`): `getpwnam`, `getgrnam` and `getspnam` of
    /// nss_files never return it, so it is reported as skipped.
    static func compatMarker(_ name: String, line: Int, what: String) -> SkippedLine? {
        guard name.hasPrefix("+") || name.hasPrefix("-") else { return nil }
        return SkippedLine(line: line, reason: "nss_compat entry '\(name.prefix(64))' (not \(what) for nss_files)")
    }

    /// C `isspace` in the C locale.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// A cursor over one line's fields.
    struct Fields {
        var rest: ArraySlice<UInt8>

        init(_ line: ArraySlice<UInt8>) { rest = line }

        var atEnd: Bool { rest.isEmpty }

        /// A string field: up to the next `:` (consumed) or the end of the line.
        mutating func string() -> String {
            if let colon = rest.firstIndex(of: UInt8(ascii: ":")) {
                let field = rest[rest.startIndex..<colon]
                rest = rest[(colon + 1)...]
                return String(decoding: field, as: UTF8.self)
            }
            let field = rest
            rest = rest[rest.endIndex...]
            return String(decoding: field, as: UTF8.self)
        }

        /// Everything left on the line, colons included.
        mutating func remainder() -> String {
            let field = rest
            rest = rest[rest.endIndex...]
            return String(decoding: field, as: UTF8.self)
        }

        /// glibc's INT_FIELD: a number is required; nil when the line must be skipped.
        mutating func number() -> UInt32? {
            guard let (value, after) = NSSFiles.strtou32(rest) else { return nil }
            guard let value, let next = terminated(after) else { return nil }
            rest = next
            return value
        }

        /// glibc's INT_FIELD_MAYBE_NULL: the field may be empty (then `absent`), but the line may
        /// not end before it. `.skip` when the line must be skipped.
        mutating func optionalNumber() -> OptionalNumber {
            guard !rest.isEmpty else { return .skip }
            guard let (value, after) = NSSFiles.strtou32(rest) else {
                // No digits: the field is empty (or holds only what strtoul passes over).
                guard let next = terminated(rest) else { return .skip }
                rest = next
                return .absent
            }
            guard let value, let next = terminated(after) else { return .skip }
            rest = next
            return .value(value)
        }

        /// After a number: `:` (consumed) or the end of the line; nil otherwise.
        private func terminated(_ after: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
            guard let first = after.first else { return after }
            return first == UInt8(ascii: ":") ? after.dropFirst() : nil
        }
    }

    enum OptionalNumber: Equatable {
        case value(UInt32)
        case absent
        case skip
    }

    /// `strtoul` in base 10 on the start of `bytes`, kept to 32 bits as nss_files keeps it.
    /// nil when there are no digits (strtoul's end pointer would not move); `(nil, rest)` when
    /// there are digits but the value does not fit (glibc skips the line).
    static func strtou32(_ bytes: ArraySlice<UInt8>) -> (UInt32?, ArraySlice<UInt8>)? {
        var index = bytes.startIndex
        while index < bytes.endIndex, isSpace(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var value: UInt64 = 0
        var overflow = false
        let digitsStart = index
        while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            if o1 || o2 { overflow = true }
            value = sum
            index += 1
        }
        guard index > digitsStart else { return nil }
        let rest = bytes[index...]
        if overflow { return (nil, rest) }
        // strtoul negates in unsigned arithmetic: "-1" is ULONG_MAX, too big for 32 bits.
        let result = negative ? 0 &- value : value
        guard result <= UInt64(UInt32.max) else { return (nil, rest) }
        return (UInt32(result), rest)
    }
}
