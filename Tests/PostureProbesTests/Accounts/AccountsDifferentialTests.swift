import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// passwd, shadow and group as posture reads them, against what glibc, libpam and shadow-utils
/// answer on the same files in a copy of the bookworm root: `getpwent`/`getspent`/`getgrent`,
/// `getpwnam`/`getspnam`/`getgrouplist`, pam_unix (`pam_acct_mgmt`, `pam_authenticate`),
/// `getent passwd`/`getent group`, `passwd -S -a`, `chage -l` and `id -G`.
@Suite("Accounts against glibc, pam_unix and shadow-utils", .serialized)
struct AccountsDifferentialTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["POSTURE_ACCOUNTS_SEED"].flatMap(UInt64.init) ?? 0x5EED_ACC0

    @Test("every passwd, shadow and group line and every lookup agrees with the system's own programs")
    func agreesWithTheSystem() throws {
        guard DebianChroot.canRunOracles, let root = DebianChroot.root("bookworm") else { return }
        let chroot = try DebianChroot(suite: root)
        try chroot.compile(AccountsOracle.source, to: "/usr/local/bin/posture-accounts-oracle", libraries: ["pam"])
        try chroot.write("/etc/pam.d/posture-oracle", AccountsOracle.pamService)
        let today = PasswordAging.day(of: Date())
        var random = SeededRandom(seed: Self.seed)
        var batches = [AccountFiles.handWritten(today: today)]
        for batch in 1...6 { batches.append(.generated(batch: batch, count: 60, today: today, random: &random)) }
        var tally = Tally()
        for (number, files) in batches.enumerated() {
            try compare(files, in: chroot, today: today, tally: &tally)
            if !tally.disagreements.isEmpty {
                print(
                    "accounts differential: seed \(Self.seed), batch \(number)\n--- passwd\n\(files.passwd.joined(separator: "\n"))\n--- shadow\n\(files.shadow.joined(separator: "\n"))\n--- group\n\(files.group.joined(separator: "\n"))"
                )
                break
            }
        }
        print(
            "accounts differential: seed \(Self.seed): \(tally.lines) lines, \(tally.lookups) lookups, \(tally.checks) comparisons, \(tally.disagreements.count) disagreements"
        )
        #expect(tally.lines >= 300)
        #expect(tally.disagreements.isEmpty, "\(tally.disagreements.prefix(25).joined(separator: "\n"))")
    }

    struct Tally {
        var lines = 0
        var lookups = 0
        var checks = 0
        var disagreements: [String] = []

        mutating func check(_ what: String, ours: String, theirs: String) {
            checks += 1
            if ours != theirs { disagreements.append("\(what): posture \(ours.debugDescription), system \(theirs.debugDescription)") }
        }
    }

    private func compare(_ files: AccountFiles, in chroot: DebianChroot, today: Int, tally: inout Tally) throws {
        let passwdText = files.passwd.joined(separator: "\n") + "\n"
        let shadowText = files.shadow.joined(separator: "\n") + "\n"
        let groupText = files.group.joined(separator: "\n") + "\n"
        try chroot.write("/etc/passwd", passwdText)
        try chroot.write("/etc/shadow", shadowText, mode: 0o640)
        try chroot.write("/etc/group", groupText)
        tally.lines += files.passwd.count + files.shadow.count + files.group.count
        tally.lookups += files.names.count
        let output = try chroot.run(
            """
            /usr/local/bin/posture-accounts-oracle "$@"
            echo "== getent-passwd"; getent passwd || true
            echo "== getent-group"; getent group || true
            echo "== passwd-S"; passwd -S -a 2>&1 || true
            for n in "$@"; do
              echo "== chage $n"; chage -l "$n" 2>&1 || true
              echo "== id $n"; id -G "$n" 2>&1 || true
            done
            """, files.names)
        let system = SystemAnswers(output)

        // Enumeration: every entry glibc returns, field by field, in order.
        let passwd = PasswdFile.parse(passwdText).entries
        let shadow = ShadowFile.parse(shadowText).entries
        let groups = GroupFile.parse(groupText).entries
        let shadowLines = shadowText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        tally.check(
            "getpwent",
            ours: passwd.map {
                ["P", $0.name, $0.password, "\($0.uid)", "\($0.gid)", $0.gecos, $0.home, $0.shell].map(escaped).joined(separator: "\t")
            }.joined(separator: "\n"),
            theirs: system.records("P").filter { !$0.hasPrefix("P\t+") && !$0.hasPrefix("P\t-") }.joined(separator: "\n"))
        tally.check(
            "getspent",
            ours: shadow.map { entry in
                (["S", entry.name, entry.hash].map(escaped)
                    + [entry.lastChange, entry.minimum, entry.maximum, entry.warning, entry.inactive, entry.expire].map { "\($0 ?? -1)" })
                    .joined(separator: "\t")
            }.joined(separator: "\n"),
            theirs: system.records("S").filter { !$0.hasPrefix("S\t+") && !$0.hasPrefix("S\t-") }.joined(separator: "\n"))
        tally.check(
            "getgrent",
            ours: groups.map { group in
                [
                    "G", escaped(group.name), escaped(group.password), "\(group.gid)",
                    group.members.map { "<\(escaped($0))>" }.joined(separator: ","),
                ].joined(separator: "\t")
            }.joined(separator: "\n"),
            theirs: system.records("G").filter { !$0.hasPrefix("G\t+") && !$0.hasPrefix("G\t-") }.joined(separator: "\n"))

        // getent prints what it can write back as a file line (putpwent, putgrent refuse a `:`
        // or a newline in a field): those entries are left out on both sides.
        let printable = { (fields: [String]) in !fields.contains { $0.contains(":") || $0.contains("\n") } }
        let compat = { (line: Substring) in line.hasPrefix("+") || line.hasPrefix("-") }
        tally.check(
            "getent passwd",
            ours: passwd.filter { printable([$0.name, $0.password, $0.gecos, $0.home, $0.shell]) }
                .map { "\($0.name):\($0.password):\($0.uid):\($0.gid):\($0.gecos):\($0.home):\($0.shell)" }.joined(separator: "\n"),
            theirs: system.sections["getent-passwd", default: ""].split(separator: "\n").filter { !compat($0) }.joined(separator: "\n"))
        tally.check(
            "getent group",
            ours: groups.filter { printable([$0.name, $0.password] + $0.members) }
                .map { "\($0.name):\($0.password):\($0.gid):\($0.members.joined(separator: ","))" }.joined(separator: "\n"),
            theirs: system.sections["getent-group", default: ""].split(separator: "\n").filter { !compat($0) }.joined(separator: "\n"))

        // Lookups by name through the probe itself.
        let context = ProbeContext(root: HostRoot(root: chroot.upper), request: FactRequest(families: [.accounts, .groups]), now: Date())
        let inventory = AccountsProbe().collect(context).inventory
        let accounts = inventory.accounts ?? []
        for name in files.names {
            let account = accounts.first { $0.name == name }
            let entry = passwd.first { $0.name == name }
            let spent = shadow.first { $0.name == name }
            var ours = "N\t\(name)\t" + (entry.map { "\($0.uid)\t\($0.gid)\t\(escaped($0.password))" } ?? "-")
            ours += "\t" + (spent.map { "\(escaped($0.hash))\t\($0.lastChange ?? -1)\t\($0.expire ?? -1)" } ?? "-")
            if let account, let gids = account.gids {
                let names = zip(
                    gids,
                    GroupFile.membership(
                        user: name, primaryGID: UInt32(account.gid ?? 0),
                        initgroups: GroupFile.initgroupsEntries(groupText), groups: groups))
                ours += "\t" + names.map { "\($0.0)(\($0.1.name.map(escaped) ?? ""))" }.joined(separator: " ")
            }
            tally.check(
                "getpwnam/getspnam/getgrouplist \(name)", ours: ours,
                theirs: system.records("N").first { $0.hasPrefix("N\t\(name)\t") } ?? "none")

            let pam = system.records("A").first { $0.hasPrefix("A\t\(name)\t") }?.split(separator: "\t").dropFirst(2).map(String.init) ?? []
            tally.check(
                "pam_acct_mgmt \(name)", ours: "\(Self.expectedAccountManagement(entry, spent, account, today: today))",
                theirs: pam.first ?? "none")
            tally.check(
                "pam_authenticate with an empty password \(name)", ours: account?.password == "empty" ? "success" : "failure",
                theirs: pam.count == 2 ? (pam[1] == "0" ? "success" : "failure") : "none")

            if let account, let entry {
                if let status = Self.passwdStatus(account, entry, spent) {
                    tally.check("passwd -S \(name)", ours: status, theirs: system.passwdStatus[name] ?? "none")
                }
                // coreutils id looks the uid up again (getpwuid): for a uid an earlier line also
                // has, it shows that line's groups, not the ones this account logs in with.
                if passwd.first(where: { $0.uid == entry.uid })?.name == name {
                    tally.check(
                        "id -G \(name)", ours: (account.gids ?? []).map(String.init).joined(separator: " "),
                        theirs: system.section("id \(name)"))
                }
                // chage reads the files with shadow-utils' own parser (7 passwd fields, no blank
                // skipped before a name); where it finds the same entry, its expiry must be ours.
                let chage = system.chageExpiry(name)
                let sameEntry = spent.map { shadowLines.firstIndex { $0.hasPrefix(name + ":") } == $0.line - 1 } ?? true
                if chage != "no expiry line", sameEntry {
                    tally.check("chage -l \(name) account expiry", ours: Self.chageDate(spent?.expire), theirs: chage)
                }
            }
        }
    }

    /// pam_unix's account management: unknown user, not shadowed, no shadow entry, or the
    /// shadow entry's verdict.
    static func expectedAccountManagement(_ entry: PasswdEntry?, _ spent: ShadowEntry?, _ account: Account?, today: Int) -> Int {
        guard let entry else { return 10 }
        guard entry.password == "x" || entry.password == "##" + entry.name else { return 0 }
        guard spent != nil, let aging = account?.aging else { return 9 }
        switch aging.verdict(onDay: today) {
        case .open: return 0
        case .accountExpired: return 13
        case .passwordInactive: return 27
        case .mustChangePassword: return 12
        }
    }

    /// `passwd -S`: L for a field starting with `!` or `*`, NP for an empty one, P otherwise; the
    /// field is shadow's when an entry exists, passwd's otherwise. posture's state (pam_unix's
    /// view) must say the same: locked, empty, or set/none. passwd -S reads shadow even where
    /// passwd's field is not `x` and pam_unix ignores shadow: those are not compared (nil).
    static func passwdStatus(_ account: Account, _ entry: PasswdEntry, _ spent: ShadowEntry?) -> String? {
        let shadowed = entry.password == "x" || entry.password == "##" + entry.name
        if !shadowed, spent != nil { return nil }
        let field = spent?.hash ?? entry.password
        switch account.password {
        case "locked": return field.hasPrefix("!") ? "L" : "posture says locked, field \(field)"
        case "empty": return field.isEmpty ? "NP" : "posture says empty, field \(field)"
        default: return field.hasPrefix("*") ? "L" : field.isEmpty || field.hasPrefix("!") ? "posture says \(account.password ?? "?")" : "P"
        }
    }

    /// `chage -l`'s "Account expires" value: a date in the C locale, or never.
    static func chageDate(_ day: Int?) -> String {
        guard let day, day >= 0 else { return "never" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM dd, yyyy"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(day) * 86_400))
    }
}

/// The oracle's escaping: backslash, tab, CR, LF and other control bytes as `\x..`.
func escaped(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\\"): result += "\\\\"
        case 0x09: result += "\\t"
        case 0x0D: result += "\\r"
        case 0x0A: result += "\\n"
        case 0..<32, 127: result += String(format: "\\x%02x", byte)
        default: result += String(decoding: [byte], as: UTF8.self)
        }
    }
    return result
}

/// The oracle run's output, split into its records and sections.
struct SystemAnswers {
    var lines: [Substring]
    var sections: [String: String] = [:]
    var passwdStatus: [String: String] = [:]

    init(_ output: String) {
        lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        var current: String?
        var body: [Substring] = []
        for line in lines {
            if line.hasPrefix("== ") {
                if let current { sections[current] = body.joined(separator: "\n") }
                current = String(line.dropFirst(3))
                body = []
            } else if current != nil {
                body.append(line)
            }
        }
        if let current { sections[current] = body.joined(separator: "\n") }
        for line in (sections["passwd-S"] ?? "").split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count >= 2, passwdStatus[String(words[0])] == nil { passwdStatus[String(words[0])] = String(words[1]) }
        }
    }

    func records(_ kind: String) -> [String] {
        lines.prefix { !$0.hasPrefix("== ") }.filter { $0.hasPrefix(kind + "\t") }.map(String.init)
    }

    func section(_ name: String) -> String {
        (sections[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func chageExpiry(_ name: String) -> String {
        for line in section("chage \(name)").split(separator: "\n") where line.hasPrefix("Account expires") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        return "no expiry line"
    }
}
