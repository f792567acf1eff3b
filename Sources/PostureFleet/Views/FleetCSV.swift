import Foundation
import GRDB
import PosturePipeline

/// Host × rule states for spreadsheets: one row per host (its newest report), one column per rule.
/// Cells are quoted when they need it, and a cell a spreadsheet would take for a formula
/// (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'`, since hostnames are untrusted text.
public enum FleetCSV {
    public static func render(store: FleetStore, snapshot: FleetSnapshot) throws(PipelineFailure) -> Data {
        let rules = try store.read { db in try String.fetchAll(db, sql: "SELECT id FROM rules ORDER BY id") }
        let hosts = Dictionary(snapshot.hosts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var out = (["host", "scanned_at", "stale", "score", "coverage", "gate"] + rules).map(cell).joined(separator: ",") + "\r\n"
        try store.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT h.name, res.rule_id, res.state FROM
                      (SELECT id, host_id, ROW_NUMBER() OVER (PARTITION BY host_id ORDER BY scanned_epoch DESC, id DESC) AS rank
                       FROM reports) r
                    JOIN hosts h ON h.id = r.host_id JOIN results res ON res.report_id = r.id
                    WHERE r.rank = 1 ORDER BY h.name
                    """)
            var current: String?
            var states: [String: String] = [:]
            func emit() {
                guard let name = current, let host = hosts[name] else { return }
                let fields =
                    [
                        name, host.scannedAt, host.stale ? "yes" : "no", host.score.map { FleetTrendChart.number($0) } ?? "",
                        host.coverage.map { FleetTrendChart.number($0) } ?? "", host.gatePassed ? "passed" : "failed",
                    ] + rules.map { states[$0] ?? "" }
                out += fields.map(cell).joined(separator: ",") + "\r\n"
            }
            while let row = try rows.next() {
                let name = row.string(0)
                if name != current {
                    emit()
                    current = name
                    states.removeAll(keepingCapacity: true)
                }
                states[row.string(1)] = row.string(2)
            }
            emit()
        }
        return Data(out.utf8)
    }

    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
