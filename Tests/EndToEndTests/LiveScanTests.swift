import Foundation
import Testing

@Suite("posture scan and collect on this host and on roots, end to end")
struct LiveScanTests {
    @Test("a scan of this machine runs, judges rules and exits 0 or 1")
    func liveScan() throws {
        let result = try posture("scan", "--format", "json")
        #expect([0, 1].contains(result.status), "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let scan = try #require(report["scan"] as? [String: Any])
        #expect(scan["source"] as? String == "live")
        let counts = try #require((report["summary"] as? [String: Any])?["counts"] as? [String: Int])
        #expect((counts["pass"] ?? 0) + (counts["fail"] ?? 0) > 5, "a live scan judges most rules")
    }

    @Test("collect writes an inventory that validates against the schema", .enabled(if: pythonWithJSONSchema))
    func collectValidates() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appending(path: "inventory.json")
        let result = try posture("collect", "--all", "--output", output.path)
        #expect(result.status == 0, "\(result.stderr)")
        let validation = try validate(output, against: "inventory.schema.json")
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        // The collected inventory reads back and is judged (the exact comparison is below, on a root).
        let scan = try posture("scan", "--inventory", output.path, "--fail-on", "none", "--format", "json")
        #expect(scan.status == 0, "\(scan.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any])
        #expect(((report["results"] as? [Any])?.count ?? 0) > 10)
    }

    @Test("an inventory collected from a root judges exactly as scanning that root does")
    func collectedJudgesTheSameWay() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appending(path: "root")
        func write(_ path: String, _ text: String) throws {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("etc/os-release", "ID=debian\nVERSION_ID=12\n")
        try write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\nann:x:1000:1000::/home/ann:/bin/bash\n")
        try write("etc/shadow", "root:*:19000:0:99999:7:::\ntoor::19000:0:99999:7:::\nann:$6$x:19000:0:99999:7:::\n")
        try write("etc/group", "root:x:0:\nsudo:x:27:ann\n")
        try write("etc/ssh/sshd_config", "PermitRootLogin yes\nPasswordAuthentication no\n")
        chmod(root.appending(path: "etc/shadow").path, 0o644)
        let inventory = folder.appending(path: "inventory.json").path
        let collected = try posture("collect", "--root", root.path, "--output", inventory)
        #expect(collected.status == 0, "\(collected.stderr)")
        let now = "2026-11-30T00:00:00Z"
        let direct = try posture("scan", "--root", root.path, "--now", now, "--format", "json", "--fail-on", "none")
        let readBack = try posture("scan", "--inventory", inventory, "--now", now, "--format", "json", "--fail-on", "none")
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(readBack.status == 0, "\(readBack.stderr)")
        /// Each rule's id, state, reason and evidence subjects, in report order.
        func judgement(_ json: String) throws -> [String] {
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            return (report["results"] as? [[String: Any]] ?? []).map { result in
                let id = (result["rule"] as? [String: Any])?["id"] as? String ?? "?"
                let subjects = (result["evidence"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
                return "\(id): \(result["state"] as? String ?? "?"): \(result["reason"] as? String ?? ""): \(subjects)"
            }
        }
        let expected = try judgement(direct.stdout)
        #expect(try judgement(readBack.stdout) == expected)
        #expect(expected.contains { $0.hasPrefix("accounts-single-uid-zero: fail") }, "\(expected)")
        #expect(expected.contains { $0.contains(": pass:") }, "\(expected)")
    }

    @Test("--root scans a folder as an offline root; a missing folder is bad usage")
    func rootScan() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appending(path: "etc"), withIntermediateDirectories: true)
        try "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\n".write(
            to: folder.appending(path: "etc/passwd"),
            atomically: true, encoding: .utf8)
        try "ID=debian\nVERSION_ID=12\n".write(to: folder.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        let result = try posture("scan", "--root", folder.path, "--only", "accounts-single-uid-zero")
        #expect(result.status == 1)
        #expect(result.stdout.contains("2 items where uid equals '0' (root, toor), expected at most 1"))
        #expect(try posture("scan", "--root", "/nonexistent-root").status == 2)
        #expect(try posture("scan", "--root", folder.path, "--inventory", "x.json").status == 2)
    }
}
