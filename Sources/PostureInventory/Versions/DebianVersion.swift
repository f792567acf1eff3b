/// Debian package version ordering, as `dpkg --compare-versions` does it (deb-version(5)):
/// epoch numerically, then upstream and revision with dpkg's `verrevcmp`, in which `~` sorts
/// before anything (even the end), letters before other punctuation, and digit runs compare as
/// numbers.
public struct DebianVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let epoch: UInt64
    public let upstream: String
    public let revision: String

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case embeddedSpace
        case badEpoch(String)
        case emptyRevision

        public var description: String {
            switch self {
            case .empty: "version string is empty"
            case .embeddedSpace: "version string has embedded spaces"
            case .badEpoch(let text): "epoch '\(text)' is not a number"
            case .emptyRevision: "revision number is empty"
            }
        }
    }

    public init(_ text: String) throws(ParseError) {
        let trimmed = text.trimmingBlanks()
        guard !trimmed.isEmpty else { throw .empty }
        guard !trimmed.contains(where: { $0 == " " || $0 == "\t" }) else { throw .embeddedSpace }
        var rest = Substring(trimmed)
        if let colon = rest.firstIndex(of: ":") {
            let epochText = rest[..<colon]
            guard !epochText.isEmpty, epochText.allSatisfy(\.isASCIIDigit), let value = UInt64(epochText),
                value <= UInt64(Int32.max)
            else { throw .badEpoch(String(epochText)) }
            epoch = value
            rest = rest[rest.index(after: colon)...]
        } else {
            epoch = 0
        }
        if let dash = rest.lastIndex(of: "-") {
            let revisionText = rest[rest.index(after: dash)...]
            guard !revisionText.isEmpty else { throw .emptyRevision }
            upstream = String(rest[..<dash])
            revision = String(revisionText)
        } else {
            upstream = String(rest)
            revision = ""
        }
        guard !upstream.isEmpty else { throw .empty }
    }

    public var description: String {
        (epoch == 0 ? "" : "\(epoch):") + upstream + (revision.isEmpty ? "" : "-\(revision)")
    }

    public static func < (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) < 0 }

    public static func == (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) == 0 }

    public func hash(into hasher: inout Hasher) {
        // Equal versions may be spelled differently (1.0 and 1.00), so only the epoch is hashed.
        hasher.combine(epoch)
    }

    /// -1, 0 or 1 as `lhs` is older than, equal to or newer than `rhs`.
    public static func compare(_ lhs: DebianVersion, _ rhs: DebianVersion) -> Int {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? -1 : 1 }
        let upstream = verrevcmp(Array(lhs.upstream.utf8), Array(rhs.upstream.utf8))
        if upstream != 0 { return upstream }
        return verrevcmp(Array(lhs.revision.utf8), Array(rhs.revision.utf8))
    }

    /// Compares two version strings; nil when either does not parse.
    public static func compare(_ lhs: String, _ rhs: String) -> Int? {
        guard let left = try? DebianVersion(lhs), let right = try? DebianVersion(rhs) else { return nil }
        return compare(left, right)
    }

    private static func order(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): 0
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte)
        case UInt8(ascii: "~"): -1
        default: Int(byte) + 256
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func verrevcmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            var firstDifference = 0
            while (i < a.count && !isDigit(a[i])) || (j < b.count && !isDigit(b[j])) {
                let ac = i < a.count ? order(a[i]) : 0
                let bc = j < b.count ? order(b[j]) : 0
                if ac != bc { return ac < bc ? -1 : 1 }
                i += 1
                j += 1
            }
            while i < a.count, a[i] == UInt8(ascii: "0") { i += 1 }
            while j < b.count, b[j] == UInt8(ascii: "0") { j += 1 }
            while i < a.count, isDigit(a[i]), j < b.count, isDigit(b[j]) {
                if firstDifference == 0 { firstDifference = Int(a[i]) - Int(b[j]) }
                i += 1
                j += 1
            }
            if i < a.count, isDigit(a[i]) { return 1 }
            if j < b.count, isDigit(b[j]) { return -1 }
            if firstDifference != 0 { return firstDifference < 0 ? -1 : 1 }
        }
        return 0
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingBlanks() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
