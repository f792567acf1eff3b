import Foundation
import PostureInventory

/// settings: the configuration rules judge, by domain: `sshd` (effective values), `pam` (each
/// service's handlers as libpam loads them), `login_defs`, `pwquality`, `faillock`.
struct SettingsProbe: Probe {
    let families: [FactFamily] = [.settings]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        let root = context.root
        var settings: [String: JSONValue] = [:]
        if root.exists(SSHDConfig.mainFile) {
            // A file sshd refuses gives no values: sshd would not start with it.
            let sshd = SSHDConfig.read(root)
            if sshd.problems.isEmpty {
                settings["sshd"] = SSHDSettings(sshd).facts
            } else {
                let more = sshd.problemCount > sshd.problems.count ? "; and \(sshd.problemCount - sshd.problems.count) more" : ""
                result.fail("settings.sshd", "sshd would refuse its configuration: " + sshd.problems.joined(separator: "; ") + more)
            }
        }
        let pam = PAMStacks.read(root)
        if let facts = pam.facts { settings["pam"] = facts }
        for (service, reason) in pam.errors { result.fail("settings.pam.\(service)", reason) }
        do {
            let text = try root.readText("/etc/login.defs")
            settings["login_defs"] = .object(
                Dictionary(
                    KeyValueFile.parse(text).map { ($0.key, JSONValue.string($0.value)) },
                    uniquingKeysWith: { first, _ in first }))
        } catch .notFound {
            // No login.defs: shadow's built-in defaults, which the rules do not guess.
        } catch {
            result.fail("settings.login_defs", "/etc/login.defs: \(error)")
        }
        // Password quality and lockout: only what the module that reads the files is there to use.
        let loader = PAMStacks.loader(root)
        let quality = PasswordModules.quality(root, loader: loader)
        if let facts = quality.facts { settings["pwquality"] = facts }
        if let failure = quality.failure { result.fail("settings.pwquality", failure) }
        if let lockout = PasswordModules.lockout(root, loader: loader, services: ["login", "sshd"]) { settings["faillock"] = lockout }
        switch WorkplaceSettings.screenLock(root) {
        case .success(let screenLock): if let screenLock { settings["screen_lock"] = screenLock }
        case .failure(let unread): result.fail("settings.screen_lock", unread.reason)
        }
        settings["removable_media"] = WorkplaceSettings.removableMedia(root)
        settings["firewall"] = WorkplaceSettings.firewall(root)
        result.inventory.settings = settings
        return result
    }
}

/// Desk-side controls: screen lock (GNOME's dconf defaults and system database), USB storage
/// (modprobe.d), host firewall (ufw, firewalld, nftables).
enum WorkplaceSettings {
    static let desktops = [
        "/usr/bin/gnome-session", "/usr/bin/gnome-shell", "/usr/bin/startplasma-x11", "/usr/bin/xfce4-session",
        "/usr/bin/cinnamon-session", "/usr/bin/mate-session",
    ]

    /// A dconf keyfile or folder that could not be read: what it sets is unknown, so the GNOME
    /// defaults cannot stand in for it.
    struct Unread: Error {
        var reason: String
    }

    /// nil on a host without a graphical desktop: there is no screen to lock.
    static func screenLock(_ root: HostRoot) -> Result<JSONValue?, Unread> {
        guard let desktop = desktops.first(where: root.exists) else { return .success(nil) }
        // GNOME's defaults: lock enabled, idle after 300 s; the system dconf database overrides them.
        var enabled = true
        var idle = 300
        var lockDelay = 0
        var sources: [String] = []
        // A folder that cannot be listed hides keyfiles just as an unreadable file does.
        func listing(_ path: String) -> Result<[String], Unread> {
            do { return .success(try root.list(path)) } catch { return .failure(Unread(reason: "\(path): \(error)")) }
        }
        var keyfiles: [String] = []
        switch listing("/etc/dconf/db") {
        case .failure(let unread): return .failure(unread)
        case .success(let folders):
            for folder in folders where folder.hasSuffix(".d") {
                switch listing("/etc/dconf/db/\(folder)") {
                case .failure(let unread): return .failure(unread)
                case .success(let files): keyfiles += files.filter { !$0.hasPrefix(".") }.map { "/etc/dconf/db/\(folder)/\($0)" }
                }
            }
        }
        for path in keyfiles {
            let text: String
            do { text = try root.readText(path) } catch { return .failure(Unread(reason: "\(path): \(error)")) }
            var section = ""
            for raw in text.split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") {
                    section = line.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                    continue
                }
                guard let equals = line.firstIndex(of: "=") else { continue }
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                let number = Int(value.split(separator: " ").last ?? "")
                switch (section, key) {
                case ("org/gnome/desktop/screensaver", "lock-enabled"):
                    enabled = value == "true"
                    sources.append(path)
                case ("org/gnome/desktop/session", "idle-delay"):
                    if let number {
                        idle = number
                        sources.append(path)
                    }
                case ("org/gnome/desktop/screensaver", "lock-delay"): if let number { lockDelay = number }
                default: continue
                }
            }
        }
        // An idle delay of 0 means never.
        return .success(
            .object([
                "enabled": .bool(enabled && idle > 0), "idle_seconds": .number(Double(idle == 0 ? 0 : idle + lockDelay)),
                "desktop": .string(desktop),
                "source": .string(sources.isEmpty ? "GNOME defaults" : Array(Set(sources)).sorted().joined(separator: ", ")),
            ]))
    }

    /// Whether usb-storage can load (modprobe.d blacklist or install lines), naming the line found.
    static func removableMedia(_ root: HostRoot) -> JSONValue {
        ModprobeConfig.removableMedia(root)
    }

    /// Whether the input path denies by default (ufw, firewalld or nftables, as enabled at boot).
    static func firewall(_ root: HostRoot) -> JSONValue {
        HostFirewall.read(root)
    }
}
