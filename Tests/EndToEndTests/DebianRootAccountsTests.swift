import Foundation
import Testing

/// `posture scan --root` on the bullseye, bookworm and trixie roots Scripts/test builds, for the
/// accounts rules: as debootstrap left them, and on a trixie copy where people logged in
/// through PAM (`su -`), one account is idle since May, one expired, one has an empty password.
@Suite("Debian roots scanned end to end: accounts", .serialized)
struct DebianRootAccountsTests {
    static let folder = ProcessInfo.processInfo.environment["POSTURE_DEBIAN_ROOTS"]
    static let accountRules = ["accounts-single-uid-zero", "accounts-no-empty-passwords", "accounts-not-stale"]

    static func root(_ suite: String) -> String? {
        guard let folder, FileManager.default.fileExists(atPath: "\(folder)/\(suite)/var/lib/dpkg/status") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("POSTURE_DEBIAN_ROOTS has no \(suite) root") }
            return nil
        }
        return "\(folder)/\(suite)"
    }

    /// rule id → (state, evidence "seen" texts) from a JSON report.
    static func results(_ json: String) throws -> [String: (state: String, seen: [String])] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var results: [String: (String, [String])] = [:]
        for case let result as [String: Any] in report["results"] as? [Any] ?? [] {
            guard let rule = result["rule"] as? [String: Any], let id = rule["id"] as? String else { continue }
            let evidence = (result["evidence"] as? [[String: Any]] ?? []).map { "\($0["subject"] ?? "") \($0["seen"] ?? "")" }
            results[id] = ((result["state"] as? String) ?? "", evidence + [(result["reason"] as? String) ?? ""])
        }
        return results
    }

    static func scan(_ root: String) throws -> [String: (state: String, seen: [String])] {
        let arguments = ["scan", "--root", root, "--format", "json"] + accountRules.flatMap { ["--only", $0] }
        let result = try run(postureBinary, arguments)
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        return try results(result.stdout)
    }

    @Test(
        "as debootstrap leaves them: one uid 0, no empty password, nothing to go stale (and it says so)",
        arguments: ["bullseye", "bookworm", "trixie"])
    func pristine(_ suite: String) throws {
        guard let root = Self.root(suite) else { return }
        let results = try Self.scan(root)
        for rule in Self.accountRules { #expect(results[rule]?.state == "pass", "\(suite) \(rule): \(results[rule]?.seen ?? [])") }
        let stale = results["accounts-not-stale"]?.seen.joined() ?? ""
        #expect(stale.contains("accounts in /etc/passwd") && stale.contains("no open interactive account"), "\(stale)")
    }

    @Test("trixie after logins: the idle account fails, the expired one and today's logins do not")
    func trixieAfterLogins() throws {
        guard getuid() == 0, let root = Self.root("trixie") else { return }
        let scratch = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for name in ["upper", "work", "merged"] {
            try FileManager.default.createDirectory(at: scratch.appending(path: name), withIntermediateDirectories: true)
        }
        // dave's and erin's only logins are legacy wtmp records from May (an upgraded host);
        // erin's account expired in June.
        let upper = scratch.appending(path: "upper").path
        try FileManager.default.createDirectory(atPath: upper + "/var/log", withIntermediateDirectories: true)
        try Data(Self.wtmp([("dave", 1_778_745_600), ("erin", 1_778_745_600)])).write(to: URL(fileURLWithPath: upper + "/var/log/wtmp"))
        let script = """
            set -e
            mount -t overlay overlay -o lowerdir="$1",upperdir="$2/upper",workdir="$2/work" "$2/merged"
            chroot "$2/merged" /bin/sh -e -c '
              mkdir -p /var/lib/lastlog
              for u in alice dave erin temp; do useradd -l -m -s /bin/bash "$u"; done
              echo "#toor:x:0:0:commented out:/root:/bin/sh" >> /etc/passwd
              printf "alice:Secret-1\\ndave:Secret-2\\nerin:Secret-3\\n" | chpasswd
              chage -E 2026-06-01 erin
              passwd -d temp >/dev/null
              su - alice -c true
              mkdir -p /tmp/export
              cp -a --parents /etc/passwd /etc/group /etc/shadow /etc/os-release /usr/lib/os-release /var/lib/wtmpdb \\
                /var/log/wtmp.db /var/lib/lastlog /var/log/wtmp /var/log/lastlog /tmp/export/'
            """
        let made = try run(
            URL(fileURLWithPath: "/usr/bin/unshare"), ["-m", "--propagation", "private", "/bin/sh", "-c", script, "sh", root, scratch.path])
        #expect(made.status == 0, "\(made.stderr)")
        let results = try Self.scan(upper + "/tmp/export")
        #expect(results["accounts-single-uid-zero"]?.state == "pass", "a commented-out uid 0 line is no account")
        #expect(results["accounts-no-empty-passwords"]?.state == "fail")
        #expect(results["accounts-no-empty-passwords"]?.seen.joined().contains("temp") == true)
        let stale = try #require(results["accounts-not-stale"])
        #expect(stale.state == "fail")
        let seen = stale.seen.joined(separator: "\n")
        #expect(seen.contains("dave") && seen.contains("2026-05-14") && seen.contains("/var/log/wtmp"), "\(seen)")
        #expect(!seen.contains("alice") && !seen.contains("erin"), "\(seen)")
        #expect(seen.contains("1 open") == false, "a fail lists the stale accounts only")
    }

    /// utmp USER_PROCESS records (384 bytes) on tty1.
    static func wtmp(_ entries: [(user: String, time: Int32)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            var record = [UInt8](repeating: 0, count: 384)
            record[0] = 7
            record.replaceSubrange(8..<12, with: Array("tty1".utf8))
            let user = Array(entry.user.utf8.prefix(32))
            record.replaceSubrange(44..<44 + user.count, with: user)
            withUnsafeBytes(of: entry.time.littleEndian) { record.replaceSubrange(340..<344, with: $0) }
            bytes += record
        }
        return bytes
    }
}
