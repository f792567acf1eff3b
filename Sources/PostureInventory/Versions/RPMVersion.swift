/// RPM version ordering, as `rpmvercmp` and `rpmverCmp` do it: an `[epoch:]version[-release]`
/// string compared part by part; within a part, alternating digit and letter segments, `~` sorting
/// before everything and `^` after the end but before any further segment.
public enum RPMVersion {
    /// -1, 0 or 1 as `lhs` is older than, equal to or newer than `rhs`, comparing full EVR strings.
    public static func compare(_ lhs: String, _ rhs: String) -> Int {
        let left = split(lhs)
        let right = split(rhs)
        let epoch = rpmvercmp(left.epoch, right.epoch)
        if epoch != 0 { return epoch }
        let version = rpmvercmp(left.version, right.version)
        if version != 0 { return version }
        switch (left.release, right.release) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let a?, let b?): return rpmvercmp(a, b)
        }
    }

    static func split(_ text: String) -> (epoch: String, version: String, release: String?) {
        var rest = Substring(text)
        var epoch = "0"
        var digitsEnd = rest.startIndex
        while digitsEnd < rest.endIndex, rest[digitsEnd].isASCIIDigit { digitsEnd = rest.index(after: digitsEnd) }
        if digitsEnd < rest.endIndex, rest[digitsEnd] == ":" {
            let value = rest[..<digitsEnd]
            epoch = value.isEmpty ? "0" : String(value)
            rest = rest[rest.index(after: digitsEnd)...]
        }
        if let dash = rest.lastIndex(of: "-") {
            return (epoch, String(rest[..<dash]), String(rest[rest.index(after: dash)...]))
        }
        return (epoch, String(rest), nil)
    }

    private static func isAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || isAlpha(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isAlpha(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// rpmvercmp over one part (version or release).
    public static func rpmvercmp(_ lhs: String, _ rhs: String) -> Int {
        if lhs == rhs { return 0 }
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var i = 0
        var j = 0
        let tilde = UInt8(ascii: "~")
        let caret = UInt8(ascii: "^")
        while i < a.count || j < b.count {
            while i < a.count, !isAlnum(a[i]), a[i] != tilde, a[i] != caret { i += 1 }
            while j < b.count, !isAlnum(b[j]), b[j] != tilde, b[j] != caret { j += 1 }
            let aTilde = i < a.count && a[i] == tilde
            let bTilde = j < b.count && b[j] == tilde
            if aTilde || bTilde {
                if !aTilde { return 1 }
                if !bTilde { return -1 }
                i += 1
                j += 1
                continue
            }
            let aCaret = i < a.count && a[i] == caret
            let bCaret = j < b.count && b[j] == caret
            if aCaret || bCaret {
                if i >= a.count { return -1 }
                if j >= b.count { return 1 }
                if !aCaret { return 1 }
                if !bCaret { return -1 }
                i += 1
                j += 1
                continue
            }
            if i >= a.count || j >= b.count { break }
            let numeric = isDigit(a[i])
            func inSegment(_ byte: UInt8) -> Bool { numeric ? isDigit(byte) : isAlpha(byte) }
            var aEnd = i
            var bEnd = j
            while aEnd < a.count, inSegment(a[aEnd]) { aEnd += 1 }
            while bEnd < b.count, inSegment(b[bEnd]) { bEnd += 1 }
            if bEnd == j { return numeric ? 1 : -1 }
            var aSegment = a[i..<aEnd]
            var bSegment = b[j..<bEnd]
            if numeric {
                while aSegment.first == UInt8(ascii: "0") { aSegment = aSegment.dropFirst() }
                while bSegment.first == UInt8(ascii: "0") { bSegment = bSegment.dropFirst() }
                if aSegment.count != bSegment.count { return aSegment.count > bSegment.count ? 1 : -1 }
            }
            if !aSegment.elementsEqual(bSegment) {
                return aSegment.lexicographicallyPrecedes(bSegment) ? -1 : 1
            }
            i = aEnd
            j = bEnd
        }
        let aLeft = i < a.count
        let bLeft = j < b.count
        if !aLeft && !bLeft { return 0 }
        return aLeft ? 1 : -1
    }
}
