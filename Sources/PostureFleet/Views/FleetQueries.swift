import Foundation
import GRDB
import PosturePipeline
import PostureRules

/// What the fleet view reads from the store: each host's newest and previous report, their
/// results, the rule definitions and the daily history. Everything else is computed in
/// `FleetSnapshotBuilder` from these rows.
struct FleetRows {
    struct Report {
        var id: Int64
        var host: String
        var scannedAt: String
        var scannedEpoch: Int64
        var os: String?
        var score: Double?
        var coverage: Double?
        var earned: Double
        var possible: Double
        var failed: Int
        var gatePassed: Bool
        var jsonPath: String
        var htmlPath: String?
    }

    struct RuleDefinition {
        var title: String
        var severity: Severity
        var practice: String
        var weight: Double
    }

    /// Newest report per host, and the one before it where there is one.
    var newest: [Report] = []
    var previous: [String: Report] = [:]
    /// Rule states by report id.
    var states: [Int64: [String: ResultState]] = [:]
    var rules: [String: RuleDefinition] = [:]
    /// PCI DSS requirement id → rule ids.
    var requirements: [String: [String]] = [:]
    var practiceTitles: [String: String] = [:]
    var reportCount = 0
    var days: [FleetSnapshot.Day] = []

    static let trendDays = 90

    static func load(_ store: FleetStore, now: Date) throws(PipelineFailure) -> FleetRows {
        try store.read { db in
            var rows = FleetRows()
            rows.reportCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports") ?? 0
            let ranked = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.id, h.name, r.scanned_at, r.scanned_epoch, r.os, r.score, r.coverage, r.earned, r.possible,
                      r.fail, r.gate_passed, r.json_path, r.html_path, r.rank
                    FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY host_id ORDER BY scanned_epoch DESC, id DESC) AS rank
                          FROM reports) r
                    JOIN hosts h ON h.id = r.host_id
                    WHERE r.rank <= 2 ORDER BY h.name, r.rank
                    """)
            while let row = try ranked.next() {
                let report = Report(
                    id: row.integer(0), host: row.string(1), scannedAt: row.string(2), scannedEpoch: row.integer(3), os: row.text(4),
                    score: row.double(5), coverage: row.double(6), earned: row.double(7) ?? 0, possible: row.double(8) ?? 0,
                    failed: Int(row.integer(9)), gatePassed: row.integer(10) != 0, jsonPath: row.string(11), htmlPath: row.text(12))
                if row.integer(13) == 1 { rows.newest.append(report) } else { rows.previous[report.host] = report }
            }
            let results = try Row.fetchCursor(
                db,
                sql: """
                    SELECT res.report_id, res.rule_id, res.state FROM results res
                    JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY host_id ORDER BY scanned_epoch DESC, id DESC) AS rank
                          FROM reports) r ON r.id = res.report_id
                    WHERE r.rank <= 2
                    """)
            while let row = try results.next() {
                guard let state = ResultState(rawValue: row.string(2)) else { continue }
                rows.states[row.integer(0), default: [:]][row.string(1)] = state
            }
            let rules = try Row.fetchCursor(db, sql: "SELECT id, title, severity, practice, weight FROM rules")
            while let row = try rules.next() {
                rows.rules[row.string(0)] = RuleDefinition(
                    title: row.string(1), severity: Severity(rawValue: row.string(2)) ?? .info, practice: row.string(3),
                    weight: max(0, row.double(4) ?? 0))
            }
            let references = try Row.fetchCursor(
                db, sql: "SELECT ref, rule_id FROM rule_references WHERE standard = 'pci-dss' ORDER BY ref, rule_id")
            while let row = try references.next() { rows.requirements[row.string(0), default: []].append(row.string(1)) }
            let practices = try Row.fetchCursor(db, sql: "SELECT id, title FROM practices")
            while let row = try practices.next() { rows.practiceTitles[row.string(0)] = row.string(1) }
            let since = ISODateDay.string(now.addingTimeInterval(-Double(trendDays) * 86_400))
            let days = try Row.fetchCursor(
                db,
                sql: """
                    SELECT day, count(*), sum(earned), sum(possible), avg(coverage), sum(gate_passed = 0)
                    FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY host_id, day ORDER BY scanned_epoch DESC, id DESC) AS rank
                          FROM reports WHERE day >= ?)
                    WHERE rank = 1 GROUP BY day ORDER BY day
                    """, arguments: [since])
            while let row = try days.next() {
                let earned = row.double(2) ?? 0
                let possible = row.double(3) ?? 0
                rows.days.append(
                    FleetSnapshot.Day(
                        day: row.string(0), hosts: Int(row.integer(1)),
                        score: possible > 0 ? FleetNumbers.rounded(100 * earned / possible) : nil,
                        coverage: row.double(4).map(FleetNumbers.rounded), failingHosts: Int(row.integer(5))))
            }
            return rows
        }
    }
}

/// Days and rounding as every fleet output shows them.
enum ISODateDay {
    /// `2026-12-01` in UTC.
    static func string(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}

enum FleetNumbers {
    /// One decimal place, as the host reports round.
    static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    static func percent(_ part: Int, of whole: Int) -> Double? { whole > 0 ? rounded(100 * Double(part) / Double(whole)) : nil }
}
