import Foundation
import Testing

/// A workstation root with five planted access problems: each is found, with the file and line
/// that causes it, and nothing else in the access and authentication practices is flagged.
@Suite("Who can get in: planted problems in a fixture root")
struct AccessFixtureTests {
    func write(_ root: URL, _ path: String, _ text: String) throws {
        let url = root.appending(path: String(path.dropFirst()))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func lastlog(_ entries: [(uid: Int, time: Int32)]) -> Data {
        var bytes = [UInt8](repeating: 0, count: ((entries.map(\.uid).max() ?? 0) + 1) * 292)
        for entry in entries {
            withUnsafeBytes(of: entry.time.littleEndian) { bytes.replaceSubrange(entry.uid * 292..<entry.uid * 292 + 4, with: $0) }
        }
        return Data(bytes)
    }

    @Test("extra uid 0, NOPASSWD in sudoers.d, a leaver, a stale account, no MFA for sshd; nothing else")
    func plantedProblems() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appending(path: "root")
        let now = Date(timeIntervalSince1970: 1_795_996_800)  // 2026-11-30T00:00:00Z
        let days = { (count: Double) in Int32(now.timeIntervalSince1970 - count * 86_400) }
        try write(root, "/etc/os-release", "ID=debian\nVERSION_ID=13\nPRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\n")
        try write(
            root, "/etc/passwd",
            """
            root:x:0:0:root:/root:/bin/bash
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            toor:x:0:0:maintenance:/root:/bin/bash
            maria:x:1000:1000:Maria:/home/maria:/bin/bash
            temp-agent:x:1001:1001:Temp:/home/temp-agent:/bin/bash
            olduser:x:1002:1002:Old:/home/olduser:/bin/bash

            """)
        try write(
            root, "/etc/shadow",
            """
            root:$y$j9T$a$b:20000:0:99999:7:::
            daemon:*:20000::::::
            toor:$y$j9T$c$d:20000::::::
            maria:$y$j9T$e$f:20300::::::
            temp-agent:$y$j9T$g$h:20300::::::
            olduser:$y$j9T$i$j:19500::::::

            """)
        try write(root, "/etc/group", "root:x:0:\nsudo:x:27:maria\nmaria:x:1000:\ntemp-agent:x:1001:\nolduser:x:1002:\n")
        try write(root, "/etc/sudoers", "Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n")
        try write(
            root, "/etc/sudoers.d/90-helpdesk",
            "# helpdesk restarts the softphone\nmaria ALL=(root) NOPASSWD: /usr/bin/systemctl restart softphone\n")
        try write(root, "/etc/ssh/sshd_config", "PermitRootLogin no\nPasswordAuthentication no\nKbdInteractiveAuthentication yes\n")
        try write(
            root, "/etc/pam.d/common-auth",
            "auth required pam_faillock.so preauth\nauth [success=1 default=ignore] pam_unix.so nullok\n"
                + "auth [default=die] pam_faillock.so authfail\nauth sufficient pam_faillock.so authsucc\n"
                + "auth requisite pam_deny.so\nauth required pam_permit.so\n")
        try write(root, "/etc/pam.d/login", "@include common-auth\n")
        try write(root, "/etc/pam.d/sshd", "@include common-auth\naccount required pam_nologin.so\n")
        try write(root, "/etc/pam.d/sudo", "auth required pam_u2f.so cue\n@include common-auth\n")
        try write(
            root, "/etc/pam.d/common-password",
            "password requisite pam_pwquality.so retry=3\n"
                + "password [success=1 default=ignore] pam_unix.so obscure use_authtok yescrypt\npassword requisite pam_deny.so\n")
        try write(root, "/etc/pam.d/passwd", "@include common-password\n")
        try write(root, "/etc/security/pwquality.conf", "minlen = 14\n")
        try write(root, "/etc/security/faillock.conf", "deny = 5\nunlock_time = 1800\n")
        try write(root, "/home/maria/notes.txt", "call back Tuesday\n")
        try FileManager.default.createDirectory(at: root.appending(path: "var/log"), withIntermediateDirectories: true)
        try lastlog([(1000, days(1)), (1001, days(3)), (1002, days(200))]).write(to: root.appending(path: "var/log/lastlog"))
        let rosterFile = folder.appending(path: "roster.csv")
        try "username,status\nmaria,active\nolduser,active\ntemp-agent,terminated\n".write(
            to: rosterFile, atomically: true, encoding: .utf8)
        chmod(root.appending(path: "etc/shadow").path, 0o640)

        let result = try posture(
            "scan", "--root", root.path, "--roster", rosterFile.path, "--now", "2026-11-30T00:00:00Z",
            "--only", "technology/minimize-access", "--only", "customer/authentication", "--format", "json")
        #expect(result.status == 1, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let results = report["results"] as? [[String: Any]] ?? []
        func id(_ result: [String: Any]) -> String { (result["rule"] as? [String: Any])?["id"] as? String ?? "" }
        let failed = Dictionary(uniqueKeysWithValues: results.filter { $0["state"] as? String == "fail" }.map { (id($0), $0) })
        let expected = [
            "accounts-single-uid-zero", "sudo-no-nopasswd", "sudo-grants-checked", "leavers-accounts-removed",
            "accounts-not-stale", "mfa-for-ssh",
        ]
        #expect(Set(failed.keys) == Set(expected), "failed: \(failed.keys.sorted())")
        let notJudged = results.filter { ["error", "unknown"].contains($0["state"] as? String) }.map(id)
        #expect(notJudged.isEmpty, "not judged: \(notJudged)")

        func evidence(_ rule: String) -> [[String: Any]] { failed[rule]?["evidence"] as? [[String: Any]] ?? [] }
        func locations(_ rule: String) -> [String] { evidence(rule).compactMap { $0["location"] as? String } }
        #expect(locations("accounts-single-uid-zero").contains("/etc/passwd:3"))
        #expect(locations("sudo-no-nopasswd") == ["/etc/sudoers.d/90-helpdesk:2"])
        #expect(locations("sudo-grants-checked") == ["/etc/sudoers.d/90-helpdesk:2"])
        #expect(evidence("leavers-accounts-removed").map { $0["subject"] as? String } == ["temp-agent"])
        #expect(locations("leavers-accounts-removed") == ["/etc/passwd:5"])
        #expect(evidence("accounts-not-stale").map { $0["subject"] as? String } == ["olduser"])
        #expect(locations("accounts-not-stale") == ["/etc/passwd:6"])
        #expect((evidence("accounts-not-stale").first?["seen"] as? String)?.contains("200 days ago") == true)
        #expect(locations("mfa-for-ssh") == ["/etc/pam.d/sshd"])
    }
}
