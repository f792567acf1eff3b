import Foundation

/// OpenSSH's pattern and address helpers (match.c, addrmatch.c, misc.c hpdelim) as far as
/// sshd_config parsing needs them to decide whether a value is valid.
enum SSHDPatterns {
    /// match_pattern: `*` and `?` wildcards over the whole string.
    static func match(_ string: Substring, _ pattern: Substring) -> Bool {
        var s = string[...]
        var p = pattern[...]
        while let first = p.first {
            if first == "*" {
                p = p.dropFirst()
                if p.isEmpty { return true }
                var rest = s
                while true {
                    if match(rest, p) { return true }
                    guard !rest.isEmpty else { return false }
                    rest = rest.dropFirst()
                }
            }
            guard let head = s.first, first == "?" || first == head else { return false }
            s = s.dropFirst()
            p = p.dropFirst()
        }
        return s.isEmpty
    }

    /// match_pattern_list: 1 for a positive match, -1 when a `!` pattern matches, 0 otherwise.
    static func matchList(_ string: String, _ list: String) -> Int {
        var result = 0
        for element in list.split(separator: ",", omittingEmptySubsequences: false) {
            let negated = element.hasPrefix("!")
            let pattern = negated ? element.dropFirst() : element
            if pattern.count > 1024 { continue }
            if match(string[...], pattern) {
                if negated { return -1 }
                result = 1
            }
        }
        return result
    }

    /// addr_match_list(NULL, list) == 0: no empty entry, and every entry that parses as an address
    /// (with an optional `/bits`) has a mask that fits and no host bits set.
    static func addressListValid(_ list: String) -> Bool {
        for element in list.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = element.hasPrefix("!") ? element.dropFirst() : element
            if entry.isEmpty { return false }
            if cidr(String(entry)) == .invalid { return false }
        }
        return true
    }

    enum CIDR { case valid, notAnAddress, invalid }

    /// addr_pton_cidr: `notAnAddress` (-1, then used as a wildcard), `invalid` (-2), or valid.
    static func cidr(_ text: String) -> CIDR {
        guard text.utf8.count < 64 else { return .notAnAddress }
        var address = text
        var bits: Int?
        if let slash = text.firstIndex(of: "/") {
            address = String(text[..<slash])
            let mask = Array(text[text.index(after: slash)...].utf8)
            guard let first = mask.first, first >= 0x30, first <= 0x39,
                let parsed = SSHDNumbers.leadingInteger(mask), parsed.end == mask.count, !parsed.overflow,
                parsed.value <= 128
            else { return .notAnAddress }
            bits = parsed.value
        }
        guard let bytes = numericAddress(address) else { return .notAnAddress }
        let width = bytes.count * 8
        let masklen = bits ?? width
        guard masklen <= width else { return .invalid }
        for bit in masklen..<width where bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0 { return .invalid }
        return .valid
    }

    /// getaddrinfo(AI_NUMERICHOST): an IPv4 address in inet_aton's forms, or an IPv6 address.
    static func numericAddress(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            return withUnsafeBytes(of: &storage) { Array($0) }
        }
        var storage = in_addr()
        guard inet_aton(text, &storage) != 0 else { return nil }
        return withUnsafeBytes(of: &storage) { Array($0) }
    }

    /// hpdelim: `host`, `host:port`, `[v6]:port`; nil when malformed (or split at `/`).
    static func hostAndPort(_ text: String) -> (host: String, port: String?)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let after = text.index(after: close)
            if after == text.endIndex { return (String(text[...close]), nil) }
            guard text[after] == ":" else { return nil }
            return (String(text[...close]), String(text[text.index(after: after)...]))
        }
        guard let stop = text.firstIndex(where: { $0 == ":" || $0 == "/" }) else { return (text, nil) }
        guard text[stop] == ":" else { return nil }
        return (String(text[..<stop]), String(text[text.index(after: stop)...]))
    }
}
