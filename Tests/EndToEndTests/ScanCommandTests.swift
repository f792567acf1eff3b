import Foundation
import Testing

/// Runs the built binary and checks its stdout, stderr and exit code.
@Suite("posture scan, end to end")
struct ScanCommandTests {
    let demo = repositoryRoot.appending(path: "Reports/examples/demo-workstation.inventory.json").path
    let clean = fixtures.appending(path: "clean-workstation.inventory.json").path

    @Test("the demo workstation fails its gate: exit 1, findings on stdout")
    func demoFails() throws {
        let result = try posture("scan", "--inventory", demo, "--now", "2026-11-30T00:00:00Z")
        #expect(result.status == 1)
        #expect(result.stdout.contains("gate: FAILED"))
        #expect(result.stdout.contains("critical accounts-single-uid-zero"))
        #expect(result.stderr.isEmpty)
    }

    @Test("a clean workstation passes: exit 0, score 100 with full coverage")
    func cleanPasses() throws {
        let result = try posture(
            "scan", "--inventory", clean, "--now", "2026-11-30T00:00:00Z", "--roster", roster, "--attestations", attestations)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("score 100/100, coverage 100%"))
    }

    @Test(
        "the JSON report validates against Reports/schemas/report.schema.json",
        .enabled(if: pythonWithJSONSchema), arguments: ["demo", "clean"])
    func reportValidates(_ which: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appending(path: "report.json")
        let result = try posture(
            "scan", "--inventory", which == "demo" ? demo : clean, "--format", "json",
            "--output", output.path)
        #expect([0, 1].contains(result.status))
        let validation = try validate(output, against: "report.schema.json")
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        // The atomic write leaves nothing else behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
    }

    @Test("inventories validate against Reports/schemas/inventory.schema.json", .enabled(if: pythonWithJSONSchema))
    func inventoriesValidate() throws {
        let examples = ["windows-agent-workstation", "macos-agent-workstation"].map {
            repositoryRoot.appending(path: "Reports/examples/\($0).inventory.json").path
        }
        for path in [demo, clean] + examples {
            let validation = try validate(URL(fileURLWithPath: path), against: "inventory.schema.json")
            #expect(validation.status == 0, "\(path): \(validation.stdout)\(validation.stderr)")
        }
    }

    @Test("a broken inventory: exit 2, a positioned error, nothing on stdout")
    func brokenInventory() throws {
        let path = fixtures.appending(path: "broken.inventory.json").path
        let result = try posture("scan", "--inventory", path, "--format", "json")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "\(path):2:44: error: packages[0].version: expected a string\n")
    }

    @Test("a missing inventory, or one that is not JSON: exit 2", arguments: ["/nonexistent.json", "/dev/null", "/etc"])
    func unreadableInventory(_ path: String) throws {
        let result = try posture("scan", "--inventory", path)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("\(path):1:1: error: "), "\(result.stderr)")
    }

    @Test("a broken rule file: exit 2, nothing judged")
    func brokenRules() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "rules:\n  - id: x\n    titel: typo\n".write(to: folder.appending(path: "bad.yaml"), atomically: true, encoding: .utf8)
        let result = try posture("scan", "--inventory", clean, "--rules", folder.path)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("bad.yaml:3:5: error: unknown key 'titel' in rule (did you mean 'title'?)"))
    }

    @Test("gates: --min-score, --min-coverage and --fail-on")
    func gates() throws {
        #expect(try posture("scan", "--inventory", demo, "--fail-on", "none").status == 0)
        let score = try posture("scan", "--inventory", demo, "--fail-on", "none", "--min-score", "50")
        #expect(score.status == 1)
        #expect(score.stdout.contains("is below the minimum 50"))
        let coverage = try posture("scan", "--inventory", demo, "--fail-on", "none", "--min-coverage", "99")
        #expect(coverage.status == 1)
        #expect(try posture("scan", "--inventory", demo, "--only", "technology/encrypt-data", "--fail-on", "critical").status == 0)
    }

    @Test("--only and --skip select by id, practice or category; unknown selectors are refused")
    func selection() throws {
        let only = try posture("scan", "--inventory", demo, "--only", "customer", "--format", "json")
        #expect(only.stdout.contains("\"id\" : \"ssh-root-login-disabled\""))
        #expect(!only.stdout.contains("\"id\" : \"volumes-encrypted\""))
        let typo = try posture("scan", "--inventory", demo, "--skip", "custmer")
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("custmer"))
    }

    @Test("bad usage exits 2; --help and --version exit 0")
    func usage() throws {
        #expect(try posture("scan", "--inventory", demo, "--format", "pdf").status == 2)
        #expect(try posture("frobnicate").status == 2)
        let help = try posture("--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit codes"))
        #expect(try posture("--version").stdout == "0.1.0\n")
    }

    @Test("the committed example reports are current (Scripts/generate-examples rewrites them)")
    func examplesAreCurrent() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["demo-workstation", "windows-agent-workstation", "macos-agent-workstation"] {
            for (format, ext) in [("json", "json"), ("text", "txt"), ("html", "html")] {
                let output = folder.appending(path: "report.\(ext)")
                _ = try posture(
                    "scan", "--inventory", "Reports/examples/\(name).inventory.json",
                    "--now", "2026-11-30T00:00:00Z", "--roster", "Reports/examples/demo-roster.csv",
                    "--attestations", "Reports/examples/demo-attestations.yaml", "--format", format, "--output", output.path,
                    environment: ["SOURCE_DATE_EPOCH": "1796083200"], in: repositoryRoot)
                let fresh = try String(contentsOf: output, encoding: .utf8)
                let committed = try String(
                    contentsOf: repositoryRoot.appending(path: "Reports/examples/\(name).report.\(ext)"),
                    encoding: .utf8)
                #expect(fresh == committed, "Reports/examples/\(name).report.\(ext) is out of date: run Scripts/generate-examples")
            }
        }
        let docs = try posture("rules", "docs")
        let committedDocs = try String(contentsOf: repositoryRoot.appending(path: "Reports/check-kinds.md"), encoding: .utf8)
        #expect(docs.stdout == committedDocs, "Reports/check-kinds.md is out of date: run Scripts/generate-examples")
    }

    @Test("a copy of the binary in an empty folder still carries the built-in rules")
    func rulesTravelInsideTheBinary() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appending(path: "posture")
        try FileManager.default.copyItem(at: postureBinary, to: copy)
        let result = try run(copy, ["rules", "list"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count >= 20)
        let scan = try run(
            copy, ["scan", "--inventory", clean, "--now", "2026-11-30T00:00:00Z", "--roster", roster, "--attestations", attestations],
            in: folder)
        #expect(scan.status == 0)
    }
}
