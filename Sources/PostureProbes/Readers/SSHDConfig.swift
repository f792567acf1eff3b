import Foundation
import PostureInventory

/// sshd_config as sshd reads it: keywords are case-insensitive, the first value of a keyword
/// wins, Include pulls files in (globs, relative to /etc/ssh), and a Match block's lines apply
/// only to the connections it matches, so they are counted, not taken as global values.
struct SSHDConfig {
    let root: HostRoot
    var values: [String: String] = [:]
    var matchConditions: [String] = []
    var problems: [String] = []
    var inMatch = false
    /// Keywords whose values are case-sensitive (paths, names); all others are lowercased.
    static let caseSensitive: Set<String> = [
        "banner", "authorizedkeysfile", "authorizedprincipalsfile", "hostkey", "hostcertificate", "subsystem",
        "forcecommand", "chrootdirectory", "allowusers", "denyusers", "allowgroups", "denygroups", "trustedusercakeys",
        "revokedkeys", "pidfile", "xauthlocation", "setenv", "acceptenv", "authorizedkeyscommand",
        "authorizedkeyscommanduser", "authorizedprincipalscommand", "authorizedprincipalscommanduser", "include",
    ]
    /// Keywords that may appear several times, every value counting.
    static let accumulating: Set<String> = ["allowusers", "denyusers", "allowgroups", "denygroups", "hostkey", "acceptenv",
                                            "listenaddress", "port", "subsystem", "setenv"]

    init(root: HostRoot) { self.root = root }

    mutating func read(_ path: String, depth: Int) {
        guard depth < 16 else { problems.append("\(path): Include nested too deeply"); return }
        let text: String
        do { text = try root.readText(path) } catch {
            problems.append("\(path): \(error)")
            return
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            // keyword value, or keyword=value
            guard let split = line.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "=" }) else {
                problems.append("\(path):\(index + 1): '\(line.prefix(40))' has no value")
                continue
            }
            let keyword = line[..<split].lowercased()
            var value = line[split...].trimmingCharacters(in: CharacterSet(charactersIn: " \t="))
            guard keyword.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), !value.isEmpty else {
                problems.append("\(path):\(index + 1): '\(line.prefix(40))' is not a keyword and value")
                continue
            }
            if keyword == "include" {
                for pattern in value.split(whereSeparator: \.isWhitespace) {
                    let full = pattern.hasPrefix("/") ? String(pattern) : "/etc/ssh/\(pattern)"
                    for file in glob(full) { read(file, depth: depth + 1) }
                }
                continue
            }
            if keyword == "match" {
                inMatch = true
                matchConditions.append(value)
                continue
            }
            if inMatch { continue }
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            if !Self.caseSensitive.contains(keyword) { value = value.lowercased() }
            if Self.accumulating.contains(keyword), let earlier = values[keyword] {
                values[keyword] = earlier + " " + value
            } else if values[keyword] == nil {
                values[keyword] = value
            }
        }
    }

    /// Files matching a glob whose wildcards are in the last component only (as sshd's Include uses).
    func glob(_ pattern: String) -> [String] {
        let folder = (pattern as NSString).deletingLastPathComponent
        let name = (pattern as NSString).lastPathComponent
        guard name.contains(where: { "*?[".contains($0) }) else { return root.exists(pattern) ? [pattern] : [] }
        return ((try? root.list(folder)) ?? []).filter { fnmatch(name, $0, 0) == 0 }.map { "\(folder)/\($0)" }
    }

    var facts: JSONValue {
        var object = values.mapValues { JSONValue.string($0) }
        object["match_blocks"] = .number(Double(matchConditions.count))
        if !matchConditions.isEmpty { object["match_conditions"] = .array(matchConditions.map { .string($0) }) }
        return .object(object)
    }
}
