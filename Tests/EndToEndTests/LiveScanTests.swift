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
        // The collected inventory judges the same way when read back.
        let scan = try posture("scan", "--inventory", output.path, "--fail-on", "none")
        #expect(scan.status == 0)
    }

    @Test("--root scans a folder as an offline root; a missing folder is bad usage")
    func rootScan() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appending(path: "etc"), withIntermediateDirectories: true)
        try "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\n".write(to: folder.appending(path: "etc/passwd"),
                                                                            atomically: true, encoding: .utf8)
        try "ID=debian\nVERSION_ID=12\n".write(to: folder.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        let result = try posture("scan", "--root", folder.path, "--only", "accounts-single-uid-zero")
        #expect(result.status == 1)
        #expect(result.stdout.contains("2 items where uid equals '0' (root, toor), expected at most 1"))
        #expect(try posture("scan", "--root", "/nonexistent-root").status == 2)
        #expect(try posture("scan", "--root", folder.path, "--inventory", "x.json").status == 2)
    }
}
