import Foundation
import PostureInventory
import PosturePipeline
import PostureRules

/// Turns the store's rows into the fleet view: which hosts are judged or stale, each practice and
/// PCI DSS requirement across the judged hosts, failing hosts per rule, worst hosts, what got
/// worse or was fixed since each host's previous report, and the daily trend.
public enum FleetSnapshotBuilder {
    /// What the view is asked for.
    public struct Options: Sendable {
        public var now: Date
        /// A host whose newest report is older than this many days is stale.
        public var staleDays: Double
        /// Hosts expected in the fleet (`--hosts`); those never seen are never-scanned findings.
        public var expectedHosts: [String]

        public init(now: Date, staleDays: Double = 2, expectedHosts: [String] = []) {
            self.now = now
            self.staleDays = staleDays
            self.expectedHosts = expectedHosts
        }
    }

    public static let worstHostCount = 10

    public static func build(store: FleetStore, options: Options) throws(PipelineFailure) -> FleetSnapshot {
        build(try FleetRows.load(store, now: options.now), options: options)
    }

    static func build(_ rows: FleetRows, options: Options) -> FleetSnapshot {
        let nowEpoch = options.now.timeIntervalSince1970
        var hosts: [FleetSnapshot.Host] = []
        var judged: [FleetRows.Report] = []
        var staleHosts: [String] = []
        for report in rows.newest {
            let age = (nowEpoch - Double(report.scannedEpoch)) / 86_400
            let stale = age > options.staleDays
            if stale { staleHosts.append(report.host) } else { judged.append(report) }
            hosts.append(
                FleetSnapshot.Host(
                    name: report.host, os: report.os, scannedAt: report.scannedAt, ageDays: FleetNumbers.rounded(age), stale: stale,
                    gatePassed: report.gatePassed, score: report.score, coverage: report.coverage, failed: report.failed,
                    report: report.jsonPath, html: report.htmlPath))
        }
        let known = Set(rows.newest.map(\.host))
        let neverScanned = Array(Set(options.expectedHosts).subtracting(known)).sorted()
        let passing = judged.count { $0.gatePassed }
        let earned = judged.reduce(0) { $0 + $1.earned }
        let possible = judged.reduce(0) { $0 + $1.possible }
        let coverages = judged.compactMap(\.coverage)
        let everyone = rows.newest.count + neverScanned.count
        let verdict = FleetSnapshot.Verdict(
            hosts: everyone, judged: judged.count, passing: passing, failing: judged.count - passing, stale: staleHosts.count,
            neverScanned: neverScanned.count, passRate: FleetNumbers.percent(passing, of: everyone),
            score: possible > 0 ? FleetNumbers.rounded(100 * earned / possible) : nil,
            coverage: coverages.isEmpty ? nil : FleetNumbers.rounded(coverages.reduce(0, +) / Double(coverages.count)))

        let practiceRules = Dictionary(grouping: rows.rules.keys, by: { rows.rules[$0]?.practice ?? "" })
        let practices = practiceRules.keys.sorted().map { practice in
            control(
                id: practice, title: rows.practiceTitles[practice] ?? practice, rules: practiceRules[practice] ?? [], judged: judged,
                rows: rows)
        }
        let requirements = rows.requirements.keys.sorted(by: requirementOrder).map { requirement in
            control(
                id: requirement, title: "PCI DSS v4.0.1 \(requirement)", rules: rows.requirements[requirement] ?? [], judged: judged,
                rows: rows)
        }
        return FleetSnapshot(
            now: ISODate.format(options.now), staleDays: options.staleDays, reports: rows.reportCount, verdict: verdict,
            hosts: hosts, staleHosts: staleHosts, neverScanned: neverScanned, practices: practices, requirements: requirements,
            rules: failingRules(judged, rows: rows), worstHosts: worst(judged), gotWorse: changes(rows, worse: true),
            improved: changes(rows, worse: false), trend: rows.days)
    }

    /// Fleet score and the share of judged hosts where every scored rule of the control passed.
    static func control(id: String, title: String, rules: [String], judged: [FleetRows.Report], rows: FleetRows) -> FleetSnapshot.Control {
        var earned = 0.0
        var possible = 0.0
        var meeting = 0
        var scoredHosts = 0
        for report in judged {
            let states = rows.states[report.id] ?? [:]
            var scored = false
            var allPass = true
            for rule in rules {
                guard let state = states[rule], let weight = rows.rules[rule]?.weight, weight > 0 else { continue }
                switch state {
                case .pass:
                    earned += weight
                    possible += weight
                    scored = true
                case .fail, .error, .unknown:
                    possible += weight
                    scored = true
                    allPass = false
                case .notApplicable, .waived:
                    continue
                }
            }
            if scored {
                scoredHosts += 1
                if allPass { meeting += 1 }
            }
        }
        return FleetSnapshot.Control(
            id: id, title: title, rules: rules.sorted(), score: possible > 0 ? FleetNumbers.rounded(100 * earned / possible) : nil,
            hostsMeeting: meeting, hostsJudged: scoredHosts, shareMeeting: FleetNumbers.percent(meeting, of: scoredHosts))
    }

    static func failingRules(_ judged: [FleetRows.Report], rows: FleetRows) -> [FleetSnapshot.Rule] {
        var failing: [String: [FleetRows.Report]] = [:]
        for report in judged {
            for (rule, state) in rows.states[report.id] ?? [:] where state == .fail { failing[rule, default: []].append(report) }
        }
        return failing.map { id, reports in
            let definition = rows.rules[id]
            return FleetSnapshot.Rule(
                id: id, title: definition?.title ?? id, severity: definition?.severity.rawValue ?? "info",
                practice: definition?.practice ?? "",
                failingHosts: reports.sorted { ($1.scannedEpoch, $0.host) < ($0.scannedEpoch, $1.host) }.map {
                    FleetSnapshot.FailingHost(name: $0.host, scannedAt: $0.scannedAt)
                })
        }.sorted { lhs, rhs in
            let left = Severity(rawValue: lhs.severity) ?? .info
            let right = Severity(rawValue: rhs.severity) ?? .info
            return (lhs.failingHosts.count, left, rhs.id) > (rhs.failingHosts.count, right, lhs.id)
        }
    }

    static func worst(_ judged: [FleetRows.Report]) -> [String] {
        judged.sorted { ($0.score ?? -1, $0.host) < ($1.score ?? -1, $1.host) }.prefix(worstHostCount).map(\.host)
    }

    /// Hosts with new failures since the previous report (`worse`), or with fixes and nothing new.
    static func changes(_ rows: FleetRows, worse: Bool) -> [FleetSnapshot.Change] {
        rows.newest.compactMap { report -> FleetSnapshot.Change? in
            guard let previous = rows.previous[report.host] else { return nil }
            let now = rows.states[report.id] ?? [:]
            let before = rows.states[previous.id] ?? [:]
            let new = now.filter { $0.value == .fail && before[$0.key] != .fail }.keys.sorted()
            let fixed = before.filter { $0.value == .fail && now[$0.key] == .pass }.keys.sorted()
            guard worse ? !new.isEmpty : (new.isEmpty && !fixed.isEmpty) else { return nil }
            return FleetSnapshot.Change(
                host: report.host, scannedAt: report.scannedAt, previousScannedAt: previous.scannedAt, newFailures: new, fixed: fixed)
        }.sorted { ($1.newFailures.count, $0.host) < ($0.newFailures.count, $1.host) }
    }

    /// `1.2.10` after `1.2.9`: numeric parts compared as numbers.
    static func requirementOrder(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.split(separator: ".").map { Int($0) ?? Int.max }
        let right = rhs.split(separator: ".").map { Int($0) ?? Int.max }
        return left == right ? lhs < rhs : left.lexicographicallyPrecedes(right)
    }
}
