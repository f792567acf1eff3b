import Foundation
import PostureFleet
import Testing

@Suite("the fleet view: verdict, stale and never-scanned hosts, practices, requirements, changes, trend")
struct FleetSnapshotTests {
    /// Four hosts: desk-1 fixed a failure, desk-2 got worse, desk-3 passes, desk-4 stopped reporting.
    func fleet() throws -> (URL, URL) {
        let folder = try FleetFixtures.folder()
        let ids = FleetFixtures.ruleIDs
        let a = ids.first ?? "a"
        let b = ids.dropFirst().first ?? "b"
        let reports = folder.appending(path: "reports")
        func put(_ host: String, _ time: String, _ failing: Set<String>) throws {
            try FleetFixtures.write(
                FleetFixtures.report(host: host, time: time, failing: failing), "\(host)/\(host)-\(time).json", in: reports)
        }
        try put("desk-1", "2026-11-30T01:00:00Z", [a, b])
        try put("desk-1", "2026-12-01T01:00:00Z", [b])
        try put("desk-2", "2026-11-30T01:00:00Z", [])
        try put("desk-2", "2026-12-01T02:00:00Z", [a])
        try put("desk-3", "2026-12-01T03:00:00Z", [])
        try put("desk-4", "2026-11-20T03:00:00Z", [a])
        let store = folder.appending(path: "fleet.sqlite")
        _ = try FleetFixtures.ingest([reports], store: store)
        return (folder, store)
    }

    @Test("hosts judged, passing, failing, stale and never scanned")
    func verdict() throws {
        let (folder, store) = try fleet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fleet = try FleetFixtures.snapshot(store, now: "2026-12-01T12:00:00Z", expected: ["desk-1", "desk-9"])
        #expect(fleet.reports == 6)
        #expect(fleet.verdict.hosts == 5 && fleet.verdict.judged == 3 && fleet.verdict.passing == 1 && fleet.verdict.failing == 2)
        #expect(fleet.verdict.stale == 1 && fleet.staleHosts == ["desk-4"])
        #expect(fleet.neverScanned == ["desk-9"])
        #expect(fleet.verdict.passRate == 20)
        #expect(fleet.worstHosts.last == "desk-3")
    }

    @Test("per rule failing hosts newest first; what got worse and what was fixed")
    func rulesAndChanges() throws {
        let (folder, store) = try fleet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ids = FleetFixtures.ruleIDs
        let fleet = try FleetFixtures.snapshot(store, now: "2026-12-01T12:00:00Z")
        let a = try #require(fleet.rules.first { $0.id == ids[0] })
        // desk-4 fails it too, but is stale: not judged.
        #expect(a.failingHosts.map(\.name) == ["desk-2"])
        #expect(fleet.rules.first { $0.id == ids[1] }?.failingHosts.map(\.name) == ["desk-1"])
        #expect(fleet.gotWorse.map(\.host) == ["desk-2"] && fleet.gotWorse.first?.newFailures == [ids[0]])
        #expect(fleet.improved.map(\.host) == ["desk-1"] && fleet.improved.first?.fixed == [ids[0]])
    }

    @Test("practices and PCI DSS requirements: fleet score and share of hosts meeting them")
    func controls() throws {
        let (folder, store) = try fleet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fleet = try FleetFixtures.snapshot(store, now: "2026-12-01T12:00:00Z")
        #expect(!fleet.practices.isEmpty && !fleet.requirements.isEmpty)
        for control in fleet.practices + fleet.requirements {
            #expect(control.hostsMeeting <= control.hostsJudged && control.hostsJudged <= 3)
            if control.hostsJudged > 0 { #expect(control.shareMeeting != nil) }
        }
        let ids = FleetFixtures.ruleIDs
        // Every control holding the first rule: desk-2 fails it, so at most 2 of 3 hosts meet it.
        for control in fleet.requirements where control.rules.contains(ids[0]) {
            #expect(control.hostsMeeting < control.hostsJudged, "\(control.id)")
        }
        // Requirement order: 1.2.10 after 1.2.9.
        let numbers: [[Int]] = fleet.requirements.map { requirement in requirement.id.split(separator: ".").compactMap { Int($0) } }
        let ordered = zip(numbers, numbers.dropFirst()).allSatisfy { pair in !pair.1.lexicographicallyPrecedes(pair.0) }
        #expect(ordered)
    }

    @Test("the daily trend counts each host once a day, with its newest report")
    func trend() throws {
        let (folder, store) = try fleet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fleet = try FleetFixtures.snapshot(store, now: "2026-12-01T12:00:00Z")
        #expect(fleet.trend.map(\.day) == ["2026-11-20", "2026-11-30", "2026-12-01"])
        #expect(fleet.trend.map(\.hosts) == [1, 2, 3])
        #expect(fleet.trend.map(\.failingHosts) == [1, 1, 2])
    }

    @Test("the fleet gate: pass rate and hosts not reporting")
    func gate() throws {
        let (folder, store) = try fleet()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fleet = try FleetFixtures.snapshot(store, now: "2026-12-01T12:00:00Z")
        #expect(FleetGatePolicy(failOn: .low, minimumPassRate: 25, maximumStale: 1).judge(fleet).passed)
        let strict = FleetGatePolicy(failOn: .low, minimumPassRate: 50, maximumStale: 0).judge(fleet)
        #expect(!strict.passed && strict.reasons.count == 2)
        #expect(strict.failingHosts == ["desk-1", "desk-2"])
        // Only critical failures count: desk-1 fails a critical rule, desk-2 a medium one.
        let critical = FleetGatePolicy(failOn: .critical).judge(fleet)
        #expect(critical.failingHosts == ["desk-1"] && critical.passing == 2 && critical.hosts == 4)
    }
}
