import Foundation
import PostureFleet
import PostureReports
import Testing

@Suite("NDJSON events: ECS field names, one per result, the same from scan and from the fleet store")
struct NDJSONEventTests {
    func lines(_ data: Data) throws -> [[String: Any]] {
        try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    func canonical(_ value: Any?) -> String {
        guard let value else { return "nil" }
        let data = try? JSONSerialization.data(withJSONObject: ["v": value], options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "unencodable"
    }

    @Test("a report gives one event per result with the ECS fields")
    func eventsFromReport() throws {
        let report = try JSONDecoder().decode(
            Report.self, from: FleetFixtures.report(host: "desk-1", time: "2026-12-01T00:00:00Z", failing: [FleetFixtures.ruleIDs[1]]))
        let events = try lines(try NDJSONReporter.render(report))
        #expect(events.count == report.results.count)
        let failing = try #require(events.first { ($0["rule"] as? [String: Any])?["id"] as? String == FleetFixtures.ruleIDs[1] })
        let event = try #require(failing["event"] as? [String: Any])
        #expect(event["kind"] as? String == "state" && event["category"] as? [String] == ["configuration"])
        #expect(event["outcome"] as? String == "failure" && event["severity"] as? Int == 99)
        #expect(failing["@timestamp"] as? String == "2026-12-01T00:00:00Z")
        #expect((failing["host"] as? [String: Any])?["name"] as? String == "desk-1")
        #expect(((failing["host"] as? [String: Any])?["os"] as? [String: Any])?["family"] as? String == "linux")
        let rule = try #require(failing["rule"] as? [String: Any])
        #expect(
            rule["reference"] as? String == "PCI DSS v4.0.1 8.3.1" && rule["category"] as? String != nil && rule["name"] as? String != nil)
        #expect((failing["posture"] as? [String: Any])?["state"] as? String == "fail")
        #expect(events.filter { ($0["event"] as? [String: Any])?["outcome"] as? String == "success" }.count == report.results.count - 1)
    }

    @Test("fleet export writes the same events as scan for the stored report")
    func exportMatchesScan() throws {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = FleetFixtures.report(host: "desk-1", time: "2026-12-01T00:00:00Z", failing: Set(FleetFixtures.ruleIDs.prefix(3)))
        try FleetFixtures.write(data, "r/a.json", in: folder)
        let store = folder.appending(path: "fleet.sqlite")
        _ = try FleetFixtures.ingest([folder.appending(path: "r")], store: store)
        nonisolated(unsafe) var exported = Data()
        try FleetExport.run(store: store.path, all: false, write: { exported.append($0) })
        let fromScan = try lines(try NDJSONReporter.render(try JSONDecoder().decode(Report.self, from: data)))
        let fromStore = try lines(exported)
        #expect(fromStore.count == fromScan.count)
        for (left, right) in zip(fromScan, fromStore) {
            for key in ["@timestamp", "event", "host", "rule", "observer", "message", "ecs"] {
                #expect(canonical(left[key]) == canonical(right[key]), "\(key)")
            }
        }
    }
}
