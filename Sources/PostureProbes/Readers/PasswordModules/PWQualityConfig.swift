/// The settings libpwquality 1.4 (Debian 12, 13) reads for pam_pwquality: the drop-ins in
/// `pwquality.conf.d/*.conf` in name order, then `pwquality.conf`, each line `name [=] value` with
/// `#` comments; the first setting it cannot take (an unknown name, a value that is not a whole
/// base-10 integer) stops all further reading, so what came before stays and nothing after counts.
/// Then the module's own arguments (`minlen=14` on the pam_pwquality line) override, one by one.
/// Proved against libpwquality itself (python3-pwquality) by the differential tests.
struct PWQualityConfig {
    static let mainFile = "/etc/security/pwquality.conf"
    static let dropIns = "/etc/security/pwquality.conf.d"

    /// Integer settings and their defaults (libpwquality's PWQ_DEFAULT_*), and string settings.
    static let integers: [String: Int] = [
        "difok": 1, "minlen": 8, "dcredit": 0, "ucredit": 0, "lcredit": 0, "ocredit": 0, "minclass": 0,
        "maxrepeat": 0, "maxclassrepeat": 0, "maxsequence": 0, "gecoscheck": 0, "dictcheck": 1, "usercheck": 1,
        "usersubstr": 0, "enforcing": 1, "retry": 1,
    ]
    static let flags: Set<String> = ["enforce_for_root", "local_users_only"]
    static let strings: Set<String> = ["badwords", "dictpath"]

    /// The value of each setting, as text, and where it was set (`file:line`; absent = default).
    var values: [String: String] = [:]
    var locations: [String: String] = [:]
    /// Why reading stopped early, as libpwquality would report it.
    var problem: String?

    init() {
        for (name, value) in Self.integers { values[name] = String(value) }
    }

    /// Reads the drop-ins and the main file from `files`.
    static func read(_ files: some ConfigFiles) -> PWQualityConfig {
        var config = PWQualityConfig()
        var paths = ((try? files.list(dropIns)) ?? []).filter { $0.hasSuffix(".conf") }.sorted().map { "\(dropIns)/\($0)" }
        paths.append(mainFile)
        for path in paths {
            let text: String
            do { text = try files.readText(path) } catch {
                if error == .notFound { continue }
                config.problem = "\(path): error: \(error)"
                return config
            }
            if !config.readFile(text, path: path) { return config }
        }
        return config
    }

    /// One file; false when a line stopped the reading.
    mutating func readFile(_ text: String, path: String) -> Bool {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let location = "\(path):\(index + 1)"
            // fgets with a 1024-byte buffer: a longer line is a malformed file.
            if raw.utf8.count > 1022 {
                problem = "\(location): error: line longer than 1023 bytes; libpwquality stops reading"
                return false
            }
            guard let (name, value) = Self.split(raw) else { continue }
            if let reason = set(name, value, at: location) {
                problem = "\(location): error: \(reason); libpwquality stops reading here"
                return false
            }
        }
        return true
    }

    /// `name value`, `name=value` or `name = value` after the comment is cut and blanks trimmed.
    static func split(_ raw: Substring) -> (Substring, Substring)? {
        var line = raw
        if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
        let bytes = Array(line.utf8)
        var end = bytes.count
        while end > 0, NSSFiles.isSpace(bytes[end - 1]) { end -= 1 }
        var start = 0
        while start < end, NSSFiles.isSpace(bytes[start]) { start += 1 }
        guard start < end else { return nil }
        var nameEnd = start
        while nameEnd < end, !NSSFiles.isSpace(bytes[nameEnd]), bytes[nameEnd] != UInt8(ascii: "=") { nameEnd += 1 }
        var valueStart = nameEnd
        var sawEquals = false
        while valueStart < end {
            let byte = bytes[valueStart]
            if byte == UInt8(ascii: "="), !sawEquals { sawEquals = true } else if !NSSFiles.isSpace(byte) { break }
            valueStart += 1
        }
        let name = Substring(String(decoding: bytes[start..<nameEnd], as: UTF8.self))
        let value = Substring(String(decoding: bytes[valueStart..<end], as: UTF8.self))
        return (name, value)
    }

    /// Takes one setting as `pwquality_set_option` does; the reason when it refuses it.
    mutating func set(_ rawName: Substring, _ value: Substring, at location: String) -> String? {
        let name = rawName.lowercased()
        if Self.flags.contains(name) {
            values[name] = "1"
            locations[name] = location
            return nil
        }
        if Self.strings.contains(name) {
            values[name] = String(value)
            locations[name] = location
            return nil
        }
        guard Self.integers[name] != nil else { return "unknown setting '\(rawName.prefix(40))'" }
        guard var number = CNumbers.strtolWhole(value) else {
            return "'\(value.prefix(40))' is not a whole base-10 number for \(name)"
        }
        // libpwquality's floors and ceilings.
        if name == "minlen", number < 6 { number = 6 }
        if name == "minclass", number > 4 { number = 4 }
        values[name] = String(number)
        locations[name] = location
        return nil
    }
}
