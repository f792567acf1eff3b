import Foundation
import PostureFleet
import PostureInventory

/// Reports for the fleet tests, made from the committed demo report (its rules, references and
/// evidence) with the host, time and states each test needs.
enum FleetFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let demoData: Data =
        (try? Data(contentsOf: repositoryRoot.appending(path: "Reports/examples/demo-workstation.report.json"))) ?? Data()

    /// A fresh copy each time: `[String: Any]` is not Sendable, so it is not kept in a static.
    static var demo: [String: Any] { ((try? JSONSerialization.jsonObject(with: demoData)) as? [String: Any]) ?? [:] }

    static var ruleIDs: [String] {
        ((demo["results"] as? [[String: Any]]) ?? []).compactMap { ($0["rule"] as? [String: Any])?["id"] as? String }
    }

    /// The demo report as `host` at `time`, every rule passing except `failing` (and `states` overrides).
    static func report(host: String, time: String, failing: Set<String> = [], states: [String: String] = [:]) -> Data {
        var report = demo
        var facts = (report["host"] as? [String: Any]) ?? [:]
        facts["hostname"] = host
        report["host"] = facts
        var scan = (report["scan"] as? [String: Any]) ?? [:]
        scan["finished_at"] = time
        scan["started_at"] = time
        report["scan"] = scan
        var anyFailed = false
        report["results"] = ((report["results"] as? [[String: Any]]) ?? []).map { result -> [String: Any] in
            var copy = result
            let id = ((result["rule"] as? [String: Any])?["id"] as? String) ?? ""
            let state = states[id] ?? (failing.contains(id) ? "fail" : "pass")
            copy["state"] = state
            if state == "fail" { anyFailed = true }
            return copy
        }
        report["gate"] = ["passed": !anyFailed, "reasons": [] as [String]]
        return (try? JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])) ?? Data()
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "posture-fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @discardableResult
    static func write(_ data: Data, _ name: String, in folder: URL) throws -> URL {
        let url = folder.appending(path: name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    /// Ingests with the messages collected.
    static func ingest(_ folders: [URL], store: URL) throws -> (FleetIngest.Outcome, [String]) {
        nonisolated(unsafe) var messages: [String] = []
        let outcome = try FleetIngest.run(folders: folders.map(\.path), store: store.path, log: { messages.append($0) })
        return (outcome, messages)
    }

    static func snapshot(_ store: URL, now: String, staleDays: Double = 2, expected: [String] = []) throws -> FleetSnapshot {
        try FleetSnapshotBuilder.build(
            store: try FleetStore(path: store.path, create: false),
            options: .init(now: ISODate.parse(now) ?? Date(), staleDays: staleDays, expectedHosts: expected))
    }
}
