import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// Last logins as posture reads them, against the programs that read the same records: `last`
/// and `lastlog` (bookworm, legacy wtmp and lastlog) and `wtmpdb last` and `lastlog2` (trixie,
/// logins made by real PAM sessions, `su -`, in a copy of the root).
@Suite("Login records against last, lastlog, wtmpdb and lastlog2", .serialized)
struct LoginRecordsDifferentialTests {
    static let seed: UInt64 = 0x1A57_1061

    @Test("legacy wtmp and lastlog: every user's latest login is last's and lastlog's")
    func legacyRecordsAgreeWithLastAndLastlog() throws {
        guard DebianChroot.canRunOracles, let root = DebianChroot.root("bookworm") else { return }
        let chroot = try DebianChroot(suite: root)
        var random = SeededRandom(seed: Self.seed)
        let users = (0..<80).map { "l\($0)" }
        // Accounts 1000…; l5 shares l4's uid (useradd -o); nobody (65534) is in the root already.
        var passwd = try String(contentsOfFile: root + "/etc/passwd", encoding: .utf8)
        for (index, user) in users.enumerated() {
            passwd += "\(user):x:\(index == 5 ? 1004 : 1000 + index):100::/home/\(user):/bin/bash\n"
        }
        try chroot.write("/etc/passwd", passwd)
        var lastlog: [(uid: Int, time: Int32)] = [(65534, 1_700_000_000)]
        var wtmp: [(user: String, line: String, time: Int32, type: Int16)] = []
        for (index, user) in users.enumerated() {
            if random.chance(60), index != 5 { lastlog.append((1000 + index, Int32(1_600_000_000 + random.below(190_000_000)))) }
            for _ in 0..<random.below(4) {
                // Not in time order, with logouts (DEAD_PROCESS), boot, init and getty records.
                wtmp.append(
                    (
                        random.chance(3) ? "LOGIN" : random.chance(3) ? "reboot" : user, random.pick(["", "pts/0", "tty1", "~", "~~"]),
                        Int32(1_600_000_000 + random.below(190_000_000)), Int16(random.pick([7, 7, 7, 8, 2, 5, 6, 1]))
                    ))
            }
        }
        try chroot.write("/var/log/lastlog", FixtureRoot.lastlog(lastlog))
        try chroot.write("/var/log/wtmp", Self.wtmpRecords(wtmp))
        let output = try chroot.run(
            """
            echo "== last"; last --time-format iso -w -f /var/log/wtmp
            echo "== lastlog"; lastlog
            """)
        let sections = SystemAnswers(output)
        var theirs: [String: Int] = [:]
        for line in sections.section("last").split(separator: "\n") {
            let words = line.split(separator: " ")
            // Boot records are listed as "system boot", not as logins.
            guard let user = words.first, words.count > 1, user != "wtmp", !line.contains("system boot"),
                let time = words.lazy.compactMap({ LoginTimes.iso(String($0)) }).first
            else { continue }
            theirs[String(user)] = max(theirs[String(user)] ?? 0, time)
        }
        for line in sections.section("lastlog").split(separator: "\n").dropFirst() where !line.contains("**Never logged in**") {
            let words = line.split(separator: " ")
            guard let user = words.first, let time = LoginTimes.ctime(words.suffix(6).joined(separator: " ")) else { continue }
            theirs[String(user)] = max(theirs[String(user)] ?? 0, time)
        }
        let inventory = AccountsProbe().collect(
            ProbeContext(
                root: HostRoot(root: chroot.upper),
                request: FactRequest(families: [.accounts]), now: Date())
        ).inventory
        var compared = 0
        var disagreements: [String] = []
        for account in inventory.accounts ?? [] {
            compared += 1
            let ours = account.lastLogin.flatMap(ISODate.parse).map { Int($0.timeIntervalSince1970) }
            let system = theirs[account.name]
            if ours != system {
                disagreements.append(
                    "\(account.name): posture \(account.lastLogin ?? "never"), last/lastlog \(system.map(String.init) ?? "never")")
            }
        }
        print(
            "login records (legacy): \(compared) accounts, \(wtmp.count) wtmp and \(lastlog.count) lastlog records, \(disagreements.count) disagreements"
        )
        #expect(compared >= 80)
        #expect(theirs.count >= 40)
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }

    /// utmp records (384 bytes): type, line, user, time.
    static func wtmpRecords(_ entries: [(user: String, line: String, time: Int32, type: Int16)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            var record = [UInt8](repeating: 0, count: 384)
            withUnsafeBytes(of: entry.type.littleEndian) { record.replaceSubrange(0..<2, with: $0) }
            let line = Array(entry.line.utf8.prefix(32))
            let user = Array(entry.user.utf8.prefix(32))
            record.replaceSubrange(8..<8 + line.count, with: line)
            record.replaceSubrange(44..<44 + user.count, with: user)
            withUnsafeBytes(of: entry.time.littleEndian) { record.replaceSubrange(340..<344, with: $0) }
            bytes += record
        }
        return bytes
    }

    @Test("trixie wtmpdb and lastlog2 after su - logins, with older legacy records: the newest wins")
    func trixieRecordsAgreeWithWtmpdbAndLastlog2() throws {
        guard DebianChroot.canRunOracles, let root = DebianChroot.root("trixie") else { return }
        let chroot = try DebianChroot(suite: root)
        // An upgraded host keeps its legacy records: carol's lastlog (uid 1002) and dave's wtmp
        // login are from before; bob's legacy login is older than his su session.
        try chroot.write("/var/log/lastlog", FixtureRoot.lastlog([(1002, 1_780_272_000)]))
        try chroot.write("/var/log/wtmp", FixtureRoot.wtmp([("dave", 1_778_745_600, 7), ("bob", 1_735_689_600, 7)]))
        let started = Int(Date().timeIntervalSince1970)
        let output = try chroot.run(
            """
            mkdir -p /var/lib/lastlog  # systemd-tmpfiles makes it at boot
            for u in alice bob carol dave; do useradd -l -m -s /bin/bash "$u"; done
            useradd -l -o -u "$(id -u alice)" -s /bin/bash erin
            for u in alice bob erin alice; do su - "$u" -c true; done
            echo "== wtmpdb"; wtmpdb last --time-format iso -w
            echo "== lastlog2"; lastlog2
            mkdir -p /tmp/export
            cp -a --parents /etc/passwd /etc/group /etc/shadow /var/lib/wtmpdb /var/log/wtmp.db /var/lib/lastlog \\
              /var/log/wtmp /var/log/lastlog /tmp/export/
            """, stderr: true)
        let sections = SystemAnswers(output)
        var wtmpdb: [String: Int] = [:]
        for line in sections.section("wtmpdb").split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let user = words.first, user != "wtmpdb", let time = words.lazy.compactMap({ LoginTimes.iso(String($0)) }).first else {
                continue
            }
            wtmpdb[String(user)] = max(wtmpdb[String(user)] ?? 0, time)
        }
        var lastlog2: [String: Int] = [:]
        for line in sections.section("lastlog2").split(separator: "\n").dropFirst() where !line.contains("**Never logged in**") {
            let words = line.split(separator: " ")
            guard let user = words.first, let time = LoginTimes.ctime(words.suffix(6).joined(separator: " ")) else { continue }
            lastlog2[String(user)] = time
        }
        #expect(Set(wtmpdb.keys) == ["alice", "bob", "erin"], "wtmpdb last: \(sections.section("wtmpdb"))")
        #expect(Set(lastlog2.keys) == ["alice", "bob", "erin"], "lastlog2: \(sections.section("lastlog2"))")

        let scanned = chroot.upper + "/tmp/export"
        let ourWtmpdb = try SQLiteLoginRecords.wtmpdb(atRealPath: HostRoot(root: scanned).resolve(SQLiteLoginRecords.wtmpdbPath))
        let ourLastlog2 = try SQLiteLoginRecords.lastlog2(atRealPath: HostRoot(root: scanned).resolve(SQLiteLoginRecords.lastlog2Path))
        #expect(ourWtmpdb == wtmpdb)
        #expect(ourLastlog2 == lastlog2)

        let before = try FixtureFingerprint.of(scanned)
        let inventory = AccountsProbe().collect(
            ProbeContext(
                root: HostRoot(root: scanned), request: FactRequest(families: [.accounts]),
                now: Date())
        ).inventory
        #expect(try FixtureFingerprint.of(scanned) == before, "reading the databases wrote to the root")
        let accounts = Dictionary((inventory.accounts ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for user in ["alice", "bob", "erin"] {
            let time = accounts[user]?.lastLogin.flatMap(ISODate.parse).map { Int($0.timeIntervalSince1970) }
            #expect(time == max(wtmpdb[user] ?? 0, lastlog2[user] ?? 0), "\(user)")
            #expect((time ?? 0) >= started - 1)
        }
        #expect(accounts["carol"]?.lastLogin == "2026-06-01T00:00:00Z")
        #expect(accounts["carol"]?.lastLoginSource == "/var/log/lastlog")
        #expect(accounts["dave"]?.lastLogin == "2026-05-14T08:00:00Z")
        #expect(accounts["dave"]?.lastLoginSource == "/var/log/wtmp")
        #expect(
            Set((inventory.loginRecords ?? []).map { "\($0.kind) \($0.state)" }) == [
                "wtmpdb read", "lastlog2 read", "wtmp read", "lastlog read",
            ])
        print("login records (trixie): wtmpdb \(wtmpdb.count) users, lastlog2 \(lastlog2.count) users, 5 accounts compared")
    }
}

/// Times as last, wtmpdb, lastlog and lastlog2 print them (run with TZ=UTC).
enum LoginTimes {
    /// `2026-11-30T23:20:55+0000` or `+00:00`.
    static func iso(_ token: String) -> Int? {
        guard token.count >= 24, token.dropFirst(4).first == "-", token.dropFirst(10).first == "T" else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.date(from: String(token.prefix(19))).map { Int($0.timeIntervalSince1970) }
    }

    /// `Mon Nov 30 23:20:55 +0000 2026`.
    static func ctime(_ text: String) -> Int? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM d HH:mm:ss Z yyyy"
        return formatter.date(from: text).map { Int($0.timeIntervalSince1970) }
    }
}

/// Sizes, modes and contents of every file under a folder, to show a read changed nothing.
enum FixtureFingerprint {
    static func of(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            let full = folder + "/" + path
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            var text = "\(info.st_mode) \(info.st_size) \(info.st_mtim.tv_sec)"
            if info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: full) { text += " \(data.hashValue)" }
            result[path] = text
        }
        return result
    }
}
