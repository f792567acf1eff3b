import Foundation
import Testing

/// Exit codes, scheduled runs, machine-readable outputs: what timers and CI pipelines rely on.
@Suite("Unattended and CI use, end to end")
struct UnattendedTests {
    let demo = repositoryRoot.appending(path: "Reports/examples/demo-workstation.inventory.json").path
    let clean = fixtures.appending(path: "clean-workstation.inventory.json").path
    let now = "2026-11-30T00:00:00Z"

    @Test("every exit code of the table, each from a real run")
    func exitCodes() throws {
        #expect(try posture("scan", "--inventory", clean, "--now", now, "--roster", roster, "--attestations", attestations).status == 0)
        #expect(try posture("scan", "--inventory", demo, "--now", now).status == 1)
        #expect(try posture("scan", "--inventory", "/nonexistent.json").status == 2)
        #expect(try posture("scan", "--bogus-flag").status == 2)
        let unwritable = try posture(
            "scan", "--inventory", clean, "--now", now, "--roster", roster, "--attestations", attestations, "--output",
            "/nonexistent-dir/report.json")
        #expect(unwritable.status == 3)
        #expect(unwritable.stderr.contains("cannot write the report"))
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Hold the out-dir lock as another run would.
        let lock = open(folder.appending(path: ".posture.lock").path, O_CREAT | O_RDWR, 0o600)
        #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
        let refused = try posture(
            "scan", "--inventory", clean, "--now", now, "--roster", roster, "--attestations", attestations, "--out-dir", folder.path)
        close(lock)
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("another scan is writing to"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [".posture.lock"])
    }

    @Test("--out-dir: HOST-TIMESTAMP files, mode 0640, one log line, nothing on stdout, the last N kept")
    func outDir() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var names: [String] = []
        for second in 0..<4 {
            let result = try posture(
                "scan", "--inventory", clean, "--now", now, "--roster", roster, "--attestations", attestations, "--out-dir", folder.path,
                "--keep", "2",
                "--format", "json,junit")
            #expect(result.status == 0)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(
                result.stderr.hasPrefix(
                    "posture: scan of agent-ws-clean: score 100, coverage 100%, 0 failed (0 critical), gate passed; wrote "))
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
            if second < 3 { Thread.sleep(forTimeInterval: 1.05) }  // distinct timestamps
        }
        #expect(names.count == 4, "two of each format: \(names)")
        #expect(names.allSatisfy { $0.hasPrefix("agent-ws-clean-2") })
        for name in names {
            var info = stat()
            stat(folder.appending(path: name).path, &info)
            #expect(info.st_mode & 0o777 == 0o640, "\(name)")
        }
    }

    @Test("a scan killed at any moment leaves no partial report in the out-dir")
    func killedMidWrite() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // One whole run first, timed, so the kills below can be spread over all of a run here (from
        // its start to past its end), whatever the machine's speed: otherwise every kill could land
        // before writing and prove nothing.
        let started = Date()
        _ = try posture("scan", "--inventory", demo, "--out-dir", folder.path, "--format", "json,sarif,junit,text")
        let whole = Date().timeIntervalSince(started)
        var killed = 0
        var checked = 0
        for attempt in 0..<12 {
            let process = Process()
            process.executableURL = postureBinary
            process.arguments = ["scan", "--inventory", demo, "--out-dir", folder.path, "--format", "json,sarif,junit,text"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: whole * Double(attempt) / 10)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killed += 1 }
            // Whatever was renamed into place is whole.
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") {
                let data = try Data(contentsOf: folder.appending(path: name))
                if name.hasSuffix(".json") || name.hasSuffix(".sarif") {
                    #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name) is partial")
                } else {
                    #expect(String(decoding: data, as: UTF8.self).hasSuffix("\n"), "\(name) is partial")
                }
                checked += 1
            }
        }
        #expect(killed > 0, "no run was killed before it finished")
        #expect(checked > 0, "no report was found to check")
        // The next run clears temporaries a killed run left.
        _ = try posture("scan", "--inventory", demo, "--out-dir", folder.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") } == [])
    }

    @Test("two overlapping runs: one report and one clear refusal")
    func concurrentRuns() throws {
        var observed = false
        for _ in 0..<5 where !observed {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            // A live scan takes long enough for the second to arrive while the first holds the lock.
            let first = Process()
            first.executableURL = postureBinary
            first.arguments = ["scan", "--out-dir", folder.path, "--format", "json"]
            first.standardOutput = FileHandle.nullDevice
            first.standardError = FileHandle.nullDevice
            try first.run()
            Thread.sleep(forTimeInterval: 0.05)
            let second = try posture("scan", "--out-dir", folder.path, "--format", "json")
            first.waitUntilExit()
            guard second.status == 4 else { continue }  // the first had already finished; try again
            observed = true
            #expect([0, 1].contains(first.terminationStatus))
            #expect(second.stderr.contains("another scan is writing to"))
            let reports = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            #expect(reports.count == 1)
        }
        #expect(observed, "no overlap was produced in five tries")
    }

    @Test("SARIF validates against the SARIF 2.1.0 schema, with stable fingerprints", .enabled(if: pythonWithJSONSchema))
    func sarif() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var fingerprints: [[String]] = []
        for attempt in 0..<2 {
            let output = folder.appending(path: "\(attempt).sarif")
            _ = try posture(
                "scan", "--inventory", demo, "--format", "sarif", "--output", output.path, "--now",
                attempt == 0 ? now : "2026-12-15T00:00:00Z")
            let validation = try validateSARIF(output)
            #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
            let results = ((document["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
            #expect(results.count > 10)
            fingerprints.append(results.compactMap { ($0["partialFingerprints"] as? [String: String])?["postureFinding/v1"] }.sorted())
        }
        // Two weeks later the ages in the evidence differ; the findings' fingerprints do not.
        #expect(fingerprints[0] == fingerprints[1])
    }

    @Test(
        "JUnit XML validates against the Ant JUnit schema",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint")))
    func junit() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, inventory) in [("demo", demo), ("clean", clean)] {
            let output = folder.appending(path: "\(name).xml")
            _ = try posture("scan", "--inventory", inventory, "--format", "junit", "--output", output.path, "--now", now)
            let validation = try run(
                URL(fileURLWithPath: "/usr/bin/xmllint"),
                ["--noout", "--schema", fixtures.appending(path: "schemas/junit.xsd").path, output.path])
            #expect(validation.status == 0, "\(validation.stderr)")
        }
        let xml = try String(contentsOf: folder.appending(path: "demo.xml"), encoding: .utf8)
        #expect(xml.contains("<failure message="))
        #expect(xml.contains("<error message=") || xml.contains("<skipped"))
    }

    /// The shared reference folder beside the repository (absent in a bare clone, present in CI).
    static let sharedReference = repositoryRoot.deletingLastPathComponent().appending(path: "shared/reference")

    @Test(
        "the schemas copied for the tests are the shared reference ones",
        .enabled(
            if: FileManager.default.fileExists(atPath: sharedReference.path) || ProcessInfo.processInfo.environment["CI"] == "true",
            "no shared/reference folder beside the repository to compare with"))
    func schemaCopies() throws {
        for name in ["sarif-schema-2.1.0.json", "junit.xsd"] {
            let original = try #require(
                FileManager.default.contents(atPath: Self.sharedReference.appending(path: name).path),
                "shared/reference/\(name) is missing")
            #expect(FileManager.default.contents(atPath: fixtures.appending(path: "schemas/\(name)").path) == original)
        }
    }

    @Test("baseline: new, fixed and still failing; --new-only fails only on what is new")
    func baseline() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = folder.appending(path: "before.json").path
        #expect(try posture("scan", "--inventory", demo, "--now", now, "--format", "json", "--output", before).status == 1)
        // Unchanged: nothing new, so --new-only passes even though rules fail.
        let same = try posture("scan", "--inventory", demo, "--now", now, "--baseline", before, "--new-only")
        #expect(same.status == 0, "\(same.stdout)")
        #expect(same.stdout.contains(": new 0 items in 0 rules, fixed 0 items in 0 rules, still failing "))
        // A new planted problem (an extra uid-0 account) is new; the fixed telnet is fixed.
        var inventory = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: demo))) as? [String: Any])
        var accounts = inventory["accounts"] as? [[String: Any]] ?? []
        accounts.append(["name": "backdoor", "uid": 0, "interactive": true, "password": "set"])
        inventory["accounts"] = accounts
        inventory["packages"] = (inventory["packages"] as? [[String: Any]] ?? []).filter { $0["name"] as? String != "telnet" }
        let changed = folder.appending(path: "changed.json")
        try JSONSerialization.data(withJSONObject: inventory).write(to: changed)
        let json = try posture("scan", "--inventory", changed.path, "--now", now, "--baseline", before, "--new-only", "--format", "json")
        #expect(json.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let diff = try #require(report["baseline"] as? [String: Any])
        // The new uid-0 account is new for both rules that see it (and tips the admin count over its limit).
        let new = (diff["new"] as? [[String: Any]]) ?? []
        #expect(
            new.filter { $0["subject"] as? String == "backdoor" }.compactMap { $0["rule"] as? String }.sorted() == [
                "accounts-single-uid-zero", "admins-few",
            ])
        #expect((diff["fixed"] as? [[String: Any]])?.compactMap { $0["subject"] as? String } == ["telnet 0.17+2.4-2+deb12u1"])
        #expect(((diff["still_failing"] as? [Any])?.count ?? 0) > 10)
        // posture gate judges the saved report the same way, without scanning.
        let after = folder.appending(path: "after.json").path
        try Data(json.stdout.utf8).write(to: URL(fileURLWithPath: after))
        let gate = try posture("gate", after, "--baseline", before, "--new-only")
        #expect(gate.status == 1)
        let newRules = Set(new.compactMap { $0["rule"] as? String }).count
        #expect(gate.stdout.contains("new \(new.count) items in \(newRules) rules, fixed 1 item in 1 rule"))
        #expect(try posture("gate", after, "--fail-on", "none").status == 0)
        #expect(try posture("gate", "/nonexistent.json").status == 2)
        #expect(try posture("gate", after, "--new-only").status == 2, "--new-only needs --baseline")
    }

    @Test("waivers: applied by host pattern, expired ones reported and gating, lint with positions")
    func waivers() throws {
        let waivers = fixtures.appending(path: "waivers.yaml").path
        let result = try posture("scan", "--inventory", demo, "--now", now, "--waivers", waivers, "--format", "json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let results = report["results"] as? [[String: Any]] ?? []
        func state(_ id: String) -> String? {
            results.first { ($0["rule"] as? [String: Any])?["id"] as? String == id }?["state"] as? String
        }
        #expect(state("volumes-encrypted") == "waived")
        #expect(state("sudo-no-nopasswd") == "fail", "an expired waiver no longer applies")
        #expect(state("ssh-root-login-disabled") == "fail", "a waiver for other hosts does not apply")
        let summary = try #require(report["summary"] as? [String: Any])
        #expect((summary["score"] as? Double ?? 0) > (summary["score_without_waivers"] as? Double ?? 0))
        #expect((report["expired_waivers"] as? [[String: Any]])?.first?["rule"] as? String == "sudo-no-nopasswd")
        #expect((report["gate"] as? [String: Any])?["reasons"].map { "\($0)" }?.contains("expired") == true)
        let text = try posture("scan", "--inventory", demo, "--now", now, "--waivers", waivers)
        #expect(text.stdout.contains("Waived (not scored):"))
        #expect(text.stdout.contains("Expired waivers (no longer applied):"))
        // Without the expired one gating, the other failures still fail the demo; with only the waived rule, it passes.
        #expect(
            try posture(
                "scan", "--inventory", demo, "--now", now, "--waivers", waivers, "--only", "volumes-encrypted",
                "--ignore-expired-waivers"
            ).status == 0)
        let lint = try posture("waivers", "lint", fixtures.appending(path: "broken-waivers.yaml").path)
        #expect(lint.status == 2)
        #expect(lint.stdout.contains("broken-waivers.yaml:2:5: error: waiver is missing required key 'owner'"))
        #expect(lint.stdout.contains("broken-waivers.yaml:4:14: error: 'next year' is not a date like 2027-01-31"))
        #expect(
            lint.stdout.contains(
                "broken-waivers.yaml:5:11: error: no rule 'volume-encrypted' is in force (did you mean 'volumes-encrypted'?)"))
        #expect(lint.stdout.contains("broken-waivers.yaml:9:5: error: unknown key 'scope' in waiver"))
        // Lint judges expiry as the gate does (same --now): the expired waiver fails it, unless ignored as for the gate.
        let expired = try posture("waivers", "lint", waivers, "--now", now)
        #expect(expired.status == 1)
        #expect(expired.stdout.contains("error: waiver for 'sudo-no-nopasswd' expired on 2026-10-31"))
        let good = try posture("waivers", "lint", waivers, "--now", now, "--ignore-expired-waivers")
        #expect(good.status == 0)
        #expect(good.stdout.contains("warning: waiver for 'sudo-no-nopasswd' expired on 2026-10-31"))
    }
}

@Suite("posture gate on files that are not reports")
struct GateInputTests {
    @Test("an inventory given as a report is refused with a positioned reason")
    func notAReport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "x.json").path
        try #"{"schema": "posture.report/1", "results": 3}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try posture("gate", path)
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix("\(path):1:1: error: not a posture report: the document: missing required field"), "\(result.stderr)")
    }
}
