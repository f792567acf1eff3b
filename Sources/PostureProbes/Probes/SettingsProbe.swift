import Foundation
import PostureInventory

/// settings: the configuration rules judge, by domain: `sshd` (effective values), `pam` (each
/// service's stack with includes expanded), `login_defs`, `pwquality`, `faillock`.
struct SettingsProbe: Probe {
    let families = ["settings"]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        let root = context.root
        var settings: [String: JSONValue] = [:]
        if root.exists("/etc/ssh/sshd_config") {
            var sshd = SSHDConfig(root: root)
            sshd.read("/etc/ssh/sshd_config", depth: 0)
            settings["sshd"] = sshd.facts
            if !sshd.problems.isEmpty {
                result.fail("settings.sshd", "sshd_config has lines sshd would refuse: " + sshd.problems.prefix(3).joined(separator: "; "))
            }
        }
        if let pam = PAMStacks.read(root) { settings["pam"] = pam }
        if let text = try? root.readText("/etc/login.defs") {
            settings["login_defs"] = .object(Dictionary(KeyValueFile.parse(text).map { ($0.key, JSONValue.string($0.value)) },
                                                        uniquingKeysWith: { first, _ in first }))
        }
        // pwquality.conf, then pwquality.conf.d/*.conf in name order; later values win.
        var quality: [String: JSONValue] = [:]
        var qualityFiles = ["/etc/security/pwquality.conf"]
        qualityFiles += ((try? root.list("/etc/security/pwquality.conf.d")) ?? []).filter { $0.hasSuffix(".conf") }
            .map { "/etc/security/pwquality.conf.d/\($0)" }
        var sawQuality = false
        for file in qualityFiles {
            guard let text = try? root.readText(file) else { continue }
            sawQuality = true
            for entry in KeyValueFile.parse(text, separator: "=") { quality[entry.key] = .string(entry.value.isEmpty ? "true" : entry.value) }
        }
        if sawQuality { settings["pwquality"] = .object(quality) }
        if let text = try? root.readText("/etc/security/faillock.conf") {
            settings["faillock"] = .object(Dictionary(KeyValueFile.parse(text, separator: "=").map {
                ($0.key, JSONValue.string($0.value.isEmpty ? "true" : $0.value))
            }, uniquingKeysWith: { _, last in last }))
        }
        if let screenLock = WorkplaceSettings.screenLock(root) { settings["screen_lock"] = screenLock }
        settings["removable_media"] = WorkplaceSettings.removableMedia(root)
        settings["firewall"] = WorkplaceSettings.firewall(root)
        result.inventory.settings = settings
        return result
    }
}

/// Desk-side controls: screen lock (GNOME's dconf defaults and system database), USB storage
/// (modprobe.d), host firewall (ufw, firewalld, nftables).
enum WorkplaceSettings {
    static let desktops = ["/usr/bin/gnome-session", "/usr/bin/gnome-shell", "/usr/bin/startplasma-x11", "/usr/bin/xfce4-session",
                           "/usr/bin/cinnamon-session", "/usr/bin/mate-session"]

    /// nil on a host without a graphical desktop: there is no screen to lock.
    static func screenLock(_ root: HostRoot) -> JSONValue? {
        guard let desktop = desktops.first(where: root.exists) else { return nil }
        // GNOME's defaults: lock enabled, idle after 300 s; the system dconf database overrides them.
        var enabled = true
        var idle = 300
        var lockDelay = 0
        var sources: [String] = []
        for folder in ((try? root.list("/etc/dconf/db")) ?? []).filter({ $0.hasSuffix(".d") }) {
            for file in ((try? root.list("/etc/dconf/db/\(folder)")) ?? []) where !file.hasPrefix(".") {
                guard let text = try? root.readText("/etc/dconf/db/\(folder)/\(file)") else { continue }
                var section = ""
                for raw in text.split(separator: "\n") {
                    let line = raw.trimmingCharacters(in: .whitespaces)
                    if line.hasPrefix("[") { section = line.trimmingCharacters(in: CharacterSet(charactersIn: "[]")); continue }
                    guard let equals = line.firstIndex(of: "=") else { continue }
                    let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                    let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                    let number = Int(value.split(separator: " ").last ?? "")
                    switch (section, key) {
                    case ("org/gnome/desktop/screensaver", "lock-enabled"): enabled = value == "true"; sources.append("/etc/dconf/db/\(folder)/\(file)")
                    case ("org/gnome/desktop/session", "idle-delay"): if let number { idle = number; sources.append("/etc/dconf/db/\(folder)/\(file)") }
                    case ("org/gnome/desktop/screensaver", "lock-delay"): if let number { lockDelay = number }
                    default: continue
                    }
                }
            }
        }
        // An idle delay of 0 means never.
        return .object([
            "enabled": .bool(enabled && idle > 0), "idle_seconds": .number(Double(idle == 0 ? 0 : idle + lockDelay)),
            "desktop": .string(desktop), "source": .string(sources.isEmpty ? "GNOME defaults" : Array(Set(sources)).sorted().joined(separator: ", ")),
        ])
    }

    /// Blocked when modprobe is told to run /bin/false (or true) instead of loading usb-storage.
    static func removableMedia(_ root: HostRoot) -> JSONValue {
        var blocked = false
        var source = ""
        for folder in ["/etc/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d"] {
            for file in ((try? root.list(folder)) ?? []) where file.hasSuffix(".conf") {
                guard let text = try? root.readText("\(folder)/\(file)") else { continue }
                for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let words = raw.split(whereSeparator: \.isWhitespace)
                    guard words.count >= 3, words[0] == "install", words[1] == "usb-storage" || words[1] == "usb_storage",
                          ["/bin/false", "/bin/true", "/usr/bin/false", "/usr/bin/true"].contains(String(words[2])) else { continue }
                    blocked = true
                    source = "\(folder)/\(file):\(index + 1)"
                }
            }
        }
        var object: [String: JSONValue] = ["usb_storage_blocked": .bool(blocked)]
        if !source.isEmpty { object["source"] = .string(source) }
        return .object(object)
    }

    static func firewall(_ root: HostRoot) -> JSONValue {
        if let text = try? root.readText("/etc/ufw/ufw.conf"),
           KeyValueFile.parse(text, separator: "=").contains(where: { $0.key == "enabled" && $0.value.lowercased() == "yes" }) {
            return .object(["active": .bool(true), "product": .string("ufw")])
        }
        let wanted = (try? root.list("/etc/systemd/system/multi-user.target.wants")) ?? []
        if wanted.contains("firewalld.service") {
            return .object(["active": .bool(true), "product": .string("firewalld")])
        }
        if wanted.contains("nftables.service"), let rules = try? root.readText("/etc/nftables.conf"),
           rules.contains("hook input"), rules.contains("policy drop") {
            return .object(["active": .bool(true), "product": .string("nftables")])
        }
        return .object(["active": .bool(false)])
    }
}

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

/// /etc/pam.d: each service's stack as `type control module [args]` lines, with @include and
/// include/substack expanded.
enum PAMStacks {
    static func read(_ root: HostRoot) -> JSONValue? {
        guard let services = try? root.list("/etc/pam.d"), !services.isEmpty else { return nil }
        var object: [String: JSONValue] = [:]
        for service in services where !service.hasPrefix(".") {
            object[service] = .array(lines(service, root, depth: 0).map { .string($0) })
        }
        return .object(object)
    }

    static func lines(_ service: String, _ root: HostRoot, depth: Int, onlyType: String? = nil) -> [String] {
        guard depth < 16, let text = try? root.readText("/etc/pam.d/\(service)") else { return [] }
        var result: [String] = []
        for raw in text.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash].trimmingCharacters(in: .whitespaces) }
            guard !line.isEmpty else { continue }
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if words[0] == "@include", words.count > 1 {
                result += lines(words[1], root, depth: depth + 1, onlyType: onlyType)
                continue
            }
            var type = words[0]
            if type.hasPrefix("-") { type.removeFirst() }
            if let onlyType, type != onlyType { continue }
            if words.count >= 3, words[1] == "include" || words[1] == "substack" {
                result += lines(words[2], root, depth: depth + 1, onlyType: type)
                continue
            }
            result.append(words.joined(separator: " "))
        }
        return result
    }
}
