import Foundation
import GRDB
import PostureInventory
import PosturePipeline
import PostureReports
import PostureRules

/// `posture fleet export --format ndjson`: the stored results as the same events `scan --format
/// ndjson` writes (evidence as the store keeps it: the first items, bounded), one host at a time.
public enum FleetExport {
    /// `all`: every stored report; otherwise each host's newest.
    public static func run(store path: String, all: Bool, write: (Data) -> Void) throws(PipelineFailure) {
        let store = try FleetStore(path: path, create: false)
        let decoder = JSONDecoder()
        let rules: [String: RuleInfo] = try store.read { db in
            var rules: [String: RuleInfo] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, rule_json FROM rules")
            while let row = try rows.next() {
                if let rule = try? decoder.decode(RuleInfo.self, from: Data(row.string(1).utf8)) { rules[row.string(0)] = rule }
            }
            return rules
        }
        let reports: [(id: Int64, host: String, time: String, version: String, digest: String)] = try store.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.host_json, r.scanned_at, r.scanner_version, r.rules_digest FROM
                      (SELECT *, ROW_NUMBER() OVER (PARTITION BY host_id ORDER BY scanned_epoch DESC, id DESC) AS rank FROM reports) r
                    JOIN hosts h ON h.id = r.host_id
                    WHERE ? OR r.rank = 1 ORDER BY h.name, r.scanned_epoch
                    """, arguments: [all])
            return rows.map { ($0.integer(0), $0.string(1), $0.string(2), $0.string(3), $0.string(4)) }
        }
        for report in reports {
            let host = try? decoder.decode(HostFacts.self, from: Data(report.host.utf8))
            let data: Data = try store.read { db in
                var data = Data()
                let rows = try Row.fetchCursor(
                    db,
                    sql:
                        "SELECT rule_id, state, reason, evidence_json, evidence_total, waiver FROM results WHERE report_id = ? ORDER BY rule_id",
                    arguments: [report.id])
                while let row = try rows.next() {
                    guard let rule = rules[row.string(0)], let state = ResultState(rawValue: row.string(1)) else { continue }
                    let evidence = (try? decoder.decode([Evidence].self, from: Data(row.string(3).utf8))) ?? []
                    let result = RuleResult(
                        rule: rule, state: state, reason: row.text(2), evidence: evidence, evidenceTotal: Int(row.integer(4)))
                    data.append(
                        try NDJSONReporter.line(
                            ResultEvent(
                                result: result, host: host, timestamp: report.time, scannerVersion: report.version,
                                rulesDigest: report.digest, waiverNote: row.text(5))))
                }
                return data
            }
            write(data)
        }
    }
}
