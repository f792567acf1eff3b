import Foundation
import PostureInventory

/// accounts and groups as the system itself sees them: /etc/passwd, /etc/group and /etc/shadow
/// read as glibc's nss_files reads them, passwords and expiry judged as pam_unix judges them,
/// group membership as `getgrouplist` gives it, and last logins from every login record Debian
/// keeps (see `LoginRecordsProbe`).
struct AccountsProbe: Probe {
    let families: [FactFamily] = [.accounts, .groups, .loginRecords]
    static let nonInteractiveShells = ["nologin", "false", "sync", "halt", "shutdown"]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        let root = context.root
        let passwd: [PasswdEntry]
        do {
            let parsed = PasswdFile.parse(try root.readText("/etc/passwd"))
            passwd = parsed.entries
            Self.noteSkipped(parsed.skipped, file: "/etc/passwd", into: &result)
            // Every system has root: a file with no account glibc reads is no evidence of anything.
            guard !passwd.isEmpty else {
                result.fail(
                    "accounts", "/etc/passwd: no line glibc reads as an account (\(parsed.skipped.count) skipped); nothing to judge")
                return result
            }
        } catch {
            result.fail("accounts", "/etc/passwd: \(error)")
            result.fail("groups", "/etc/passwd: \(error)")
            return result
        }
        var groups: (entries: [GroupEntry], initgroups: [GroupEntry])?
        do {
            let text = try root.readText("/etc/group")
            let parsed = GroupFile.parse(text)
            groups = (parsed.entries, GroupFile.initgroupsEntries(text))
            Self.noteSkipped(parsed.skipped, file: "/etc/group", into: &result)
            result.inventory.groups = parsed.entries.map { Group(name: $0.name, gid: Int($0.gid), members: $0.members) }
        } catch {
            result.fail("groups", "/etc/group: \(error)")
            result.fail("accounts.groups", "/etc/group: \(error)")
        }
        var shadow: [String: ShadowEntry]?
        do {
            let parsed = ShadowFile.parse(try root.readText("/etc/shadow"))
            // getspnam returns the first entry of a name; later duplicates are never used.
            var first: [String: ShadowEntry] = [:]
            for entry in parsed.entries where first[entry.name] == nil { first[entry.name] = entry }
            shadow = first
            Self.noteSkipped(parsed.skipped, file: "/etc/shadow", into: &result)
        } catch {
            result.fail("accounts.password", "/etc/shadow: \(error)")
        }
        let logins = LoginRecordsProbe.read(root, uids: Set(passwd.map(\.uid)))
        result.inventory.loginRecords = logins.files
        if !logins.errors.isEmpty { result.fail("accounts.last_login", logins.errors.joined(separator: "; ")) }
        var accounts: [Account] = []
        for entry in passwd {
            var account = Account(
                name: entry.name, uid: Int(entry.uid), gid: Int(entry.gid), home: entry.home,
                shell: entry.shell, interactive: Self.isInteractive(shell: entry.shell))
            Self.judgePassword(entry, shadow: shadow, into: &account)
            if let groups {
                let membership = GroupFile.membership(
                    user: entry.name, primaryGID: entry.gid, initgroups: groups.initgroups,
                    groups: groups.entries)
                account.groups = membership.compactMap(\.name).uniqued()
                account.gids = membership.map { Int($0.gid) }
            }
            if let login = logins.records.latest(name: entry.name, uid: entry.uid) {
                account.lastLogin = ISODate.string(epochSeconds: login.time)
                account.lastLoginSource = login.source
            }
            account.source = SourceLocation(file: "/etc/passwd", line: entry.line)
            accounts.append(account)
        }
        result.inventory.accounts = accounts
        return result
    }

    /// An account with an empty shell logs in with /bin/sh (login(1)); only the known
    /// refusing programs make it non-interactive.
    static func isInteractive(shell: String) -> Bool {
        let name = shell.split(separator: "/").last.map(String.init) ?? ""
        return !nonInteractiveShells.contains(name)
    }

    /// pam_unix's view: the password field of passwd, or of shadow when passwd says `x` (or
    /// `##name`); an account whose shadow entry is missing (or unreadable by glibc) cannot log
    /// in with a password. Aging and expiry only apply through shadow.
    static func judgePassword(_ entry: PasswdEntry, shadow: [String: ShadowEntry]?, into account: inout Account) {
        let shadowed = entry.password == "x" || entry.password == "##" + entry.name
        guard shadowed else {
            (account.password, account.locked) = passwordState(entry.password)
            return
        }
        guard let shadow else {
            account.password = "unknown"
            return
        }
        guard let found = shadow[entry.name] else {
            (account.password, account.locked) = ("none", false)
            return
        }
        (account.password, account.locked) = passwordState(found.hash)
        account.aging = PasswordAging(
            lastChange: found.lastChange, minimum: found.minimum, maximum: found.maximum,
            warning: found.warning, inactive: found.inactive, expire: found.expire)
        if let days = found.lastChange, days > 0 {
            account.passwordChangedAt = String(ISODate.string(epochSeconds: days * 86_400).prefix(10))
        }
    }

    /// The password field's meaning (shadow(5), pam_unix): empty needs no password; a leading
    /// `!` is locked; `*` and other non-hash values allow no password login.
    static func passwordState(_ field: String) -> (String, Bool) {
        if field.isEmpty { return ("empty", false) }
        if field.hasPrefix("!") { return ("locked", true) }
        if field.hasPrefix("$") || field.count == 13 { return ("set", false) }
        return ("none", false)
    }

    /// Lines glibc passes over are not accounts; the report still says which and why.
    static func noteSkipped(_ skipped: [SkippedLine], file: String, into result: inout ProbeResult) {
        guard !skipped.isEmpty else { return }
        let shown = skipped.prefix(20).map { "\(file):\($0.line): ignored: \($0.reason)" }
        let more = skipped.count > 20 ? "; and \(skipped.count - 20) more" : ""
        result.fail("accounts.ignored_lines", shown.joined(separator: "; ") + more)
    }

    /// uid → name from /etc/passwd (the first account of each uid, as `getpwuid`), for labelling
    /// processes and files.
    static func passwdNames(_ root: HostRoot) -> [Int: String] {
        var names: [Int: String] = [:]
        for entry in PasswdFile.parse((try? root.readText("/etc/passwd")) ?? "").entries where names[Int(entry.uid)] == nil {
            names[Int(entry.uid)] = entry.name
        }
        return names
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
