import Foundation
import Testing

/// Gates that count honestly, baselines that see every item, reports that are reproducible and
/// read within bounds, rotation that keeps other hosts' reports (issue 14).
@Suite("Gates, baselines and report files")
struct GateHonestyTests {
    let demo = repositoryRoot.appending(path: "Reports/examples/demo-workstation.inventory.json").path

    /// A root with `count` files holding a card number under /home/agent.
    func cardRoot(_ folder: URL, count: Int) throws -> URL {
        let root = folder.appending(path: "root")
        let home = root.appending(path: "home/agent")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
        try "ID=debian\nVERSION_ID=13\n".write(to: root.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        try "ws1\n".write(to: root.appending(path: "etc/hostname"), atomically: true, encoding: .utf8)
        for index in 0..<count {
            let file = home.appending(path: String(format: "file-%03d.txt", index))
            try "card 4111111111111111\n".write(to: file, atomically: true, encoding: .utf8)
        }
        return root
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("--new-only sees a new card file past the 50-item evidence cap")
    func newPastTheCap() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try cardRoot(folder, count: 60)
        let before = folder.appending(path: "before.json").path
        let first = try posture("scan", "--root", root.path, "--only", "card-numbers-not-stored", "--format", "json", "--output", before)
        #expect(first.status == 1, "\(first.stderr)")
        let saved = try object(String(contentsOfFile: before, encoding: .utf8))
        let result = try #require((saved["results"] as? [[String: Any]])?.first)
        #expect((result["evidence"] as? [Any])?.count == 50)
        #expect((result["fingerprints"] as? [String])?.count == 61, "every failing item's fingerprint is kept")
        // Unchanged: nothing new.
        let same = try posture("scan", "--root", root.path, "--only", "card-numbers-not-stored", "--baseline", before, "--new-only")
        #expect(same.status == 0, "\(same.stdout)")
        // A new file sorting after the first 50 is new, and the gate fails.
        try "card 4111111111111111\n".write(to: root.appending(path: "home/agent/zz-new.txt"), atomically: true, encoding: .utf8)
        let after = try posture(
            "scan", "--root", root.path, "--only", "card-numbers-not-stored", "--baseline", before, "--new-only", "--format", "json")
        #expect(after.status == 1)
        let diff = try #require(try object(after.stdout)["baseline"] as? [String: Any])
        #expect((diff["new"] as? [Any])?.count == 1)
        #expect((diff["fixed"] as? [Any])?.count == 0)
        // The text summary counts items and the rules they are in.
        let text = try posture("scan", "--root", root.path, "--only", "card-numbers-not-stored", "--baseline", before)
        #expect(text.stdout.contains("new 1 item in 1 rule, fixed 0 items in 0 rules, still failing 61 items in 1 rule"), "\(text.stdout)")
    }

    @Test("reworded evidence and shifted lines are the same finding, not one new and one fixed")
    func rewordedIsSame() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try cardRoot(folder, count: 3)
        let scan = try posture("scan", "--root", root.path, "--only", "card-numbers-not-stored", "--format", "json")
        var report = try object(scan.stdout)
        // An older posture worded the evidence differently and the numbers sat on another line.
        var results = try #require(report["results"] as? [[String: Any]])
        var evidence = try #require(results[0]["evidence"] as? [[String: Any]])
        for index in evidence.indices {
            evidence[index]["seen"] = "found: some card data (reworded)"
            if let location = evidence[index]["location"] as? String, location.hasSuffix(":1") {
                evidence[index]["location"] = String(location.dropLast(2)) + ":17"
            }
        }
        results[0]["evidence"] = evidence
        results[0].removeValue(forKey: "fingerprints")
        report["results"] = results
        let baseline = folder.appending(path: "old.json")
        try JSONSerialization.data(withJSONObject: report).write(to: baseline)
        let compared = try posture(
            "scan", "--root", root.path, "--only", "card-numbers-not-stored", "--baseline", baseline.path, "--format", "json")
        let diff = try #require(try object(compared.stdout)["baseline"] as? [String: Any])
        #expect((diff["new"] as? [Any])?.count == 0, "\(diff)")
        #expect((diff["fixed"] as? [Any])?.count == 0, "\(diff)")
    }

    @Test("a missing baseline is a positioned error with the first-baseline recipe, exit 2")
    func missingBaseline() throws {
        let result = try posture("scan", "--inventory", demo, "--baseline", "/nonexistent/golden.report.json", "--new-only")
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/golden.report.json:1:1: error: no baseline report here"), "\(result.stderr)")
        #expect(result.stderr.contains("posture scan --format json --output /nonexistent/golden.report.json"))
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("The file"))
    }

    @Test("the default gate fails a scan whose rules ended in error, and one that judged nothing")
    func errorsFailTheGate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scan = try posture("scan", "--inventory", demo, "--format", "json")
        var report = try object(scan.stdout)
        var results = try #require(report["results"] as? [[String: Any]])
        for index in results.indices {
            results[index]["state"] = "error"
            results[index]["reason"] = "the probe failed"
            results[index]["evidence"] = [Any]()
            results[index].removeValue(forKey: "fingerprints")
        }
        report["results"] = results
        let path = folder.appending(path: "errors.json")
        try JSONSerialization.data(withJSONObject: report).write(to: path)
        let gate = try posture("gate", path.path)
        #expect(gate.status == 1, "\(gate.stdout)")
        #expect(gate.stdout.contains("nothing was judged"), "\(gate.stdout)")
        // One errored rule among passing ones fails it too, unless --allow-errors.
        results = try #require(try object(scan.stdout)["results"] as? [[String: Any]])
        for index in results.indices where results[index]["state"] as? String == "fail" {
            results[index]["state"] = "pass"
            results[index]["evidence"] = [Any]()
            results[index].removeValue(forKey: "fingerprints")
        }
        let errored = try #require(
            results.firstIndex { $0["state"] as? String == "pass" && ($0["rule"] as? [String: Any])?["severity"] as? String == "high" })
        results[errored]["state"] = "error"
        report["results"] = results
        try JSONSerialization.data(withJSONObject: report).write(to: path)
        let one = try posture("gate", path.path)
        #expect(one.status == 1, "\(one.stdout)")
        #expect(one.stdout.contains("1 rule of severity low or above could not be judged (error)"), "\(one.stdout)")
        let allowed = try posture("gate", path.path, "--allow-errors")
        #expect(allowed.status == 0, "\(allowed.stdout)")
        #expect(try posture("gate", path.path, "--fail-on", "none").status == 0)
    }

    @Test("SOURCE_DATE_EPOCH sets every timestamp: two runs give byte-identical JSON without --now")
    func reproducible() throws {
        let environment = ["SOURCE_DATE_EPOCH": "1764547200"]
        let first = try posture("scan", "--inventory", demo, "--format", "json", environment: environment)
        Thread.sleep(forTimeInterval: 1.1)
        let second = try posture("scan", "--inventory", demo, "--format", "json", environment: environment)
        #expect(first.stdout == second.stdout)
        let scan = try #require(try object(first.stdout)["scan"] as? [String: Any])
        #expect(scan["evaluated_at"] as? String == "2025-12-01T00:00:00Z")
        #expect(scan["started_at"] as? String == "2025-12-01T00:00:00Z")
        let bad = try posture("scan", "--inventory", demo, environment: ["SOURCE_DATE_EPOCH": "1e9"])
        #expect(bad.status == 2)
    }

    @Test("--keep rotation for host agent leaves host agent-1's reports alone")
    func rotationKeepsOtherHosts() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var inventory = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: demo))) as? [String: Any])
        var host = inventory["host"] as? [String: Any] ?? [:]
        host["hostname"] = "agent"
        inventory["host"] = host
        let agent = folder.appending(path: "agent.json")
        try JSONSerialization.data(withJSONObject: inventory).write(to: agent)
        let outDir = folder.appending(path: "reports")
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let others = ["agent-1-20260101T000000Z.json", "agent-1-20260102T000000Z.json", "agent-1-20260103T000000Z.json"]
        for name in others { try Data("{}".utf8).write(to: outDir.appending(path: name)) }
        for _ in 0..<2 {
            _ = try posture("scan", "--inventory", agent.path, "--out-dir", outDir.path, "--format", "json", "--keep", "1")
            Thread.sleep(forTimeInterval: 1.1)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: outDir.path).filter { !$0.hasPrefix(".") }.sorted()
        for name in others { #expect(names.contains(name), "\(names)") }
        #expect(names.filter { $0.hasPrefix("agent-2") }.count == 1, "\(names)")
    }

    @Test("gate and --baseline refuse a report over 64 MiB before reading it (a sparse 8 GB file)")
    func boundedReportRead() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let huge = folder.appending(path: "huge.json")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: Data("{".utf8)))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 8 << 30)
        try handle.close()
        let started = Date()
        let gate = try posture("gate", huge.path)
        #expect(gate.status == 2)
        #expect(gate.stderr.contains("more than the 67108864 a report may have"), "\(gate.stderr)")
        let baseline = try posture("scan", "--inventory", demo, "--baseline", huge.path)
        #expect(baseline.status == 2)
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
