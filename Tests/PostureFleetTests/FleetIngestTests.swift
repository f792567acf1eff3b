import Foundation
import PostureFleet
import PosturePipeline
import Testing

@Suite("fleet ingest: incremental, positioned rejections, transactional")
struct FleetIngestTests {
    @Test("reports are stored once; a second ingest skips them all, a changed file is a new report")
    func incremental() throws {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appending(path: "fleet.sqlite")
        let reports = folder.appending(path: "reports")
        for (index, host) in ["desk-1", "desk-2", "desk-3"].enumerated() {
            try FleetFixtures.write(
                FleetFixtures.report(host: host, time: "2026-11-30T0\(index):00:00Z"), "\(host)/\(host)-1.json", in: reports)
        }
        let (first, firstMessages) = try FleetFixtures.ingest([reports], store: store)
        #expect(first == FleetIngest.Outcome(files: 3, stored: 3, skipped: 0, rejected: 0), "\(firstMessages)")
        let (again, _) = try FleetFixtures.ingest([reports], store: store)
        #expect(again == FleetIngest.Outcome(files: 3, stored: 0, skipped: 3, rejected: 0))
        // The same content under another name is the same report (by digest).
        try FileManager.default.copyItem(
            at: reports.appending(path: "desk-1/desk-1-1.json"), to: reports.appending(path: "desk-1/copy.json"))
        try FleetFixtures.write(
            FleetFixtures.report(host: "desk-2", time: "2026-12-01T00:00:00Z"), "desk-2/desk-2-1.json", in: reports)
        let (third, _) = try FleetFixtures.ingest([reports], store: store)
        #expect(third == FleetIngest.Outcome(files: 4, stored: 1, skipped: 3, rejected: 0))
        let audit = try FleetAudit.run(try FleetStore(path: store.path, create: false))
        #expect(audit.reports == 4 && audit.hosts == 3 && audit.incomplete == 0 && audit.duplicates == 0 && audit.integrity == "ok")
        #expect(audit.results == 4 * FleetFixtures.ruleIDs.count)
    }

    @Test(
        "a file that is not a report is named with line, column and reason, and the walk goes on",
        arguments: [
            ("truncated.json", "{\"schema\": \"posture.report/1\",\n  \"results\": [", ":2:"),
            ("inventory.json", "{\"schema\": \"posture.inventory/1\", \"host\": {\"hostname\": \"x\"}}", "not a posture report"),
            ("deep.json", String(repeating: "[", count: 100_000), "nesting deeper"),
            ("binary.json", "\u{0}\u{1}\u{2}garbage", "binary.json:1:"),
            ("empty.json", "", "empty.json:1:"),
        ])
    func rejected(name: String, content: String, expected: String) throws {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reports = folder.appending(path: "reports")
        try FleetFixtures.write(Data(content.utf8), name, in: reports)
        try FleetFixtures.write(FleetFixtures.report(host: "desk-1", time: "2026-11-30T00:00:00Z"), "z-good.json", in: reports)
        let (outcome, messages) = try FleetFixtures.ingest([reports], store: folder.appending(path: "fleet.sqlite"))
        #expect(outcome.stored == 1 && outcome.rejected == 1)
        #expect(messages.count == 1)
        let message = messages.first ?? ""
        #expect(message.contains(name) && message.contains(": error: ") && message.contains(expected), "\(message)")
    }

    @Test("a report without a host, with a bad time or repeated rule ids is refused, positioned")
    func refusedReports() throws {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = String(decoding: FleetFixtures.report(host: "desk-1", time: "2026-11-30T00:00:00Z"), as: UTF8.self)
        let cases = [
            ("nohost.json", good.replacingOccurrences(of: "\"hostname\":\"desk-1\"", with: "\"hostname\":\"\""), "names no host"),
            (
                "time.json",
                good.replacingOccurrences(of: "\"finished_at\":\"2026-11-30T00:00:00Z\"", with: "\"finished_at\":\"yesterday\""),
                "finished_at"
            ),
            (
                "control.json", good.replacingOccurrences(of: "\"hostname\":\"desk-1\"", with: "\"hostname\":\"desk\\n1\""),
                "control characters"
            ),
        ]
        for (name, text, _) in cases { try FleetFixtures.write(Data(text.utf8), name, in: folder.appending(path: "r")) }
        let (outcome, messages) = try FleetFixtures.ingest([folder.appending(path: "r")], store: folder.appending(path: "s.sqlite"))
        #expect(outcome.rejected == 3 && outcome.stored == 0)
        for (name, _, reason) in cases {
            #expect(messages.contains { $0.contains(name) && $0.contains(reason) && $0.contains(": error: ") }, "\(name): \(messages)")
        }
    }

    @Test("a store that is some other SQLite database is refused, never written")
    func foreignDatabase() throws {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = folder.appending(path: "other.sqlite")
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        made.arguments = [other.path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);"]
        try made.run()
        made.waitUntilExit()
        let before = try Data(contentsOf: other)
        #expect(throws: PipelineFailure.self) { try FleetFixtures.ingest([folder], store: other) }
        #expect(try Data(contentsOf: other) == before)
        try Data("not sqlite at all".utf8).write(to: folder.appending(path: "text.sqlite"))
        #expect(throws: PipelineFailure.self) { try FleetFixtures.ingest([folder], store: folder.appending(path: "text.sqlite")) }
    }
}
