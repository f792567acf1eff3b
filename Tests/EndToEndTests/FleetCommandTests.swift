import Foundation
import Testing

/// A small generated fleet (seeded): 12 hosts × 6 days plus 4 hosts with one report, a host list
/// naming two hosts that never reported, ingested into a store.
struct GeneratedFleet {
    let folder: URL
    var reports: URL { folder.appending(path: "reports") }
    var store: URL { folder.appending(path: "fleet.sqlite") }
    var hosts: URL { folder.appending(path: "hosts.txt") }
    var out: URL { folder.appending(path: "out") }
    static let now = "2026-12-01T12:00:00Z"

    init() throws {
        folder = try temporaryFolder()
        let generated = try run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", repositoryRoot.appending(path: "Scripts/bench/fleet-generate").path, reports.path, "--hosts", "12", "--days",
                "6",
                "--extra-hosts", "4", "--seed", "15",
            ])
        #expect(generated.status == 0, "\(generated.stderr)")
        try "# expected desks\ndesk-0000\ndesk-0001\nspare-desk-1\nspare-desk-2\n".write(to: hosts, atomically: true, encoding: .utf8)
        let ingest = try posture("fleet", "ingest", reports.path, "--store", store.path)
        #expect(ingest.status == 0, "\(ingest.stderr)")
    }

    func report(_ extra: String...) throws -> RunResult {
        try run(
            postureBinary,
            ["fleet", "report", "--store", store.path, "--hosts", hosts.path, "--now", Self.now, "--out-dir", out.path] + extra)
    }

    func json() throws -> [String: Any] {
        let data = try Data(contentsOf: out.appending(path: "fleet.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

@Suite("posture fleet: ingest, report, gate, export from the command line")
struct FleetCommandTests {
    @Test("ingest names a file that is not a report, stores the rest and exits 2; a re-run skips everything")
    func ingestRejects() throws {
        let fleet = try GeneratedFleet()
        defer { try? FileManager.default.removeItem(at: fleet.folder) }
        try "{\"schema\": \"posture.report/1\",\n \"host\": [".write(
            to: fleet.reports.appending(path: "broken.json"), atomically: true, encoding: .utf8)
        let first = try posture("fleet", "ingest", fleet.reports.path, "--store", fleet.store.path)
        #expect(first.status == 2)
        #expect(first.stderr.contains("broken.json:2:") && first.stderr.contains(": error: "), "\(first.stderr)")
        #expect(first.stderr.contains("0 reports stored") && first.stderr.contains("1 rejected"))
        try FileManager.default.removeItem(at: fleet.reports.appending(path: "broken.json"))
        let again = try posture("fleet", "ingest", fleet.reports.path, "--store", fleet.store.path)
        #expect(again.status == 0 && again.stderr.contains("0 reports stored"), "\(again.stderr)")
    }

    @Test(
        "the fleet report writes HTML, JSON and CSV; the JSON validates against docs/fleet.schema.json",
        .enabled(if: pythonWithJSONSchema || ProcessInfo.processInfo.environment["CI"] == "true"))
    func reportFormats() throws {
        let fleet = try GeneratedFleet()
        defer { try? FileManager.default.removeItem(at: fleet.folder) }
        let result = try fleet.report()
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["fleet.html", "fleet.json", "fleet.csv"] {
            #expect(FileManager.default.fileExists(atPath: fleet.out.appending(path: name).path))
        }
        let json = try fleet.json()
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(verdict["hosts"] as? Int == 18 && verdict["never_scanned"] as? Int == 2)
        #expect(json["never_scanned"] as? [String] == ["spare-desk-1", "spare-desk-2"])
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
            for error in errors[:20]: print("/".join(map(str, error.absolute_path)) + ": " + error.message)
            sys.exit(1 if errors else 0)
            """
        let validation = try run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c", script, repositoryRoot.appending(path: "docs/fleet.schema.json").path,
                fleet.out.appending(path: "fleet.json").path,
            ])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let csv = try String(contentsOf: fleet.out.appending(path: "fleet.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\r\n").count == 1 + 16, "a header and one row per host with a report")
    }

    @Test("fleet gate exits 0 when the thresholds hold, 1 when they fail, 2 on a missing store or bad usage")
    func gateExitCodes() throws {
        let fleet = try GeneratedFleet()
        defer { try? FileManager.default.removeItem(at: fleet.folder) }
        let store = fleet.store.path
        let pass = try posture("fleet", "gate", "--store", store, "--min-pass-rate", "0", "--max-stale", "5", "--now", GeneratedFleet.now)
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        let stale = try posture(
            "fleet", "gate", "--store", store, "--hosts", fleet.hosts.path, "--max-stale", "1", "--now", GeneratedFleet.now)
        #expect(stale.status == 1 && stale.stdout.contains("2 never scanned"), "\(stale.stdout)")
        let rate = try posture("fleet", "gate", "--store", store, "--min-pass-rate", "100", "--now", GeneratedFleet.now)
        #expect(rate.status == 1 && rate.stdout.contains("below the minimum 100%"), "\(rate.stdout)")
        // Far in the future every host is stale.
        let later = try posture("fleet", "gate", "--store", store, "--max-stale", "0", "--now", "2027-06-01T00:00:00Z")
        #expect(later.status == 1)
        let missing = try posture("fleet", "gate", "--store", fleet.folder.appending(path: "none.sqlite").path)
        #expect(missing.status == 2 && missing.stderr.contains("no fleet store"))
        let usage = try posture("fleet", "gate", "--store", store, "--fail-on", "severe")
        #expect(usage.status == 2)
    }

    @Test("scan --format ndjson and fleet export write one ECS event per result")
    func ndjson() throws {
        let demo = repositoryRoot.appending(path: "Reports/examples/demo-workstation.inventory.json").path
        let scan = try posture("scan", "--inventory", demo, "--now", "2026-11-30T00:00:00Z", "--format", "ndjson")
        #expect(scan.status == 1)
        let lines = scan.stdout.split(separator: "\n")
        #expect(lines.count == 43)
        for line in lines {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((event["event"] as? [String: Any])?["kind"] as? String == "state")
            #expect((event["host"] as? [String: Any])?["name"] as? String == "agent-ws-042")
            #expect(event["@timestamp"] is String && (event["rule"] as? [String: Any])?["id"] is String)
        }
        let fleet = try GeneratedFleet()
        defer { try? FileManager.default.removeItem(at: fleet.folder) }
        let export = try posture("fleet", "export", "--store", fleet.store.path)
        #expect(export.status == 0)
        let hosts = Set(
            export.stdout.split(separator: "\n").compactMap { line in
                ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]).flatMap {
                    ($0["host"] as? [String: Any])?["name"] as? String
                }
            })
        #expect(hosts.count == 16)
    }
}
