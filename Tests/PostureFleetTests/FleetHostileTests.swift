import Foundation
import Testing

@testable import PostureFleet

@Suite("hostile reports: markup in hostnames, huge evidence, formula cells, link schemes")
struct FleetHostileTests {
    @Test("a hostname with markup is stored, then escaped in the HTML and neutralised in the CSV")
    func markupHostname() throws {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
        let formula = "=HYPERLINK(\"http://evil.example\",\"x\")"
        let ids = FleetFixtures.ruleIDs
        try FleetFixtures.write(
            FleetFixtures.report(host: hostile, time: "2026-12-01T00:00:00Z", failing: [ids[0]]), "a.json", in: folder.appending(path: "r"))
        try FleetFixtures.write(
            FleetFixtures.report(host: formula, time: "2026-12-01T00:00:00Z"), "b.json", in: folder.appending(path: "r"))
        let store = folder.appending(path: "fleet.sqlite")
        let (outcome, _) = try FleetFixtures.ingest([folder.appending(path: "r")], store: store)
        #expect(outcome.stored == 2)
        let fleet = try FleetFixtures.snapshot(store, now: "2026-12-01T12:00:00Z")
        #expect(fleet.hosts.map(\.name).contains(hostile))
        let html = String(decoding: FleetHTMLRenderer().render(fleet, outputFolder: folder.path), as: UTF8.self)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let csv = String(
            decoding: try FleetCSV.render(store: try FleetStore(path: store.path, create: false), snapshot: fleet), as: UTF8.self)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""))
        #expect(!csv.contains(",=HYPERLINK"))
    }

    @Test("a 100 MB report (evidence of 100 MB) is rejected unread, with its size, and memory stays bounded")
    func hugeEvidence() throws {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reports = folder.appending(path: "r")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let path = reports.appending(path: "huge.json")
        #expect(FileManager.default.createFile(atPath: path.path, contents: nil))
        let handle = try FileHandle(forWritingTo: path)
        let good = String(decoding: FleetFixtures.report(host: "desk-1", time: "2026-12-01T00:00:00Z"), as: UTF8.self)
        let marker = "\"evidence\":["
        let split = try #require(good.range(of: marker))
        try handle.write(contentsOf: Data(good[..<split.upperBound].utf8))
        try handle.write(contentsOf: Data("{\"seen\":\"".utf8))
        let chunk = Data(repeating: UInt8(ascii: "A"), count: 1 << 20)
        for _ in 0..<100 { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data("\"},".utf8))
        try handle.write(contentsOf: Data(good[split.upperBound...].utf8))
        try handle.close()
        let (outcome, messages) = try FleetFixtures.ingest([reports], store: folder.appending(path: "fleet.sqlite"))
        #expect(outcome.rejected == 1 && outcome.stored == 0)
        #expect(messages.first?.contains("huge.json:1:1: error:") == true && messages.first?.contains("MiB") == true, "\(messages)")
    }

    @Test("long strings are cut before they are stored")
    func boundedStrings() throws {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = String(decoding: FleetFixtures.report(host: "desk-1", time: "2026-12-01T00:00:00Z"), as: UTF8.self)
        let long = String(repeating: "x", count: 1_000_000)
        let first = try #require(good.range(of: "\"title\":\""))
        let text = good.replacingCharacters(in: first, with: "\"title\":\"\(long)")
        try FleetFixtures.write(Data(text.utf8), "long.json", in: folder.appending(path: "r"))
        let store = folder.appending(path: "fleet.sqlite")
        let (outcome, _) = try FleetFixtures.ingest([folder.appending(path: "r")], store: store)
        #expect(outcome.stored == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        let size =
            (attributes[.size] as? Int ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int) ?? 0)
        #expect(size < 4_000_000, "the store holds \(size) bytes for one report with 1 MB titles")
        let fleet = try FleetFixtures.snapshot(store, now: "2026-12-01T12:00:00Z")
        #expect(fleet.rules.allSatisfy { $0.title.count <= 2_001 })
    }

    @Test("links to host reports are relative and percent-encoded: no file name becomes a scheme")
    func links() {
        #expect(
            FleetHTMLRenderer.relativeLink(from: "/srv/fleet/out", to: "/srv/fleet/reports/desk-1/a.html") == "../reports/desk-1/a.html")
        #expect(FleetHTMLRenderer.relativeLink(from: "/srv", to: "/srv/javascript:alert(1).html") == "./javascript%3Aalert%281%29.html")
        #expect(FleetHTMLRenderer.relativeLink(from: "/a/b", to: "/a/b/c d?.html") == "./c%20d%3F.html")
    }
}
