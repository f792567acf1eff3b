import GRDB
import PosturePipeline

/// What a store holds, checked: SQLite's own integrity check, and every report with exactly the
/// results its counts say (a report half stored would show here).
public struct FleetAudit: Sendable, Equatable {
    public var integrity: String
    public var reports: Int
    public var hosts: Int
    public var results: Int
    /// Reports whose stored results do not match their counts.
    public var incomplete: Int
    /// Content digests stored more than once (never, by the schema).
    public var duplicates: Int

    public static func run(_ store: FleetStore) throws(PipelineFailure) -> FleetAudit {
        try store.read { db in
            FleetAudit(
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; "),
                reports: try Int.fetchOne(db, sql: "SELECT count(*) FROM reports") ?? 0,
                hosts: try Int.fetchOne(db, sql: "SELECT count(*) FROM hosts") ?? 0,
                results: try Int.fetchOne(db, sql: "SELECT count(*) FROM results") ?? 0,
                incomplete: try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM reports r
                        WHERE r.pass + r.fail + r.error + r.unknown + r.not_applicable + r.waived
                          != (SELECT count(*) FROM results WHERE report_id = r.id)
                        """) ?? 0,
                duplicates: try Int.fetchOne(db, sql: "SELECT count(*) - count(DISTINCT digest) FROM reports") ?? 0)
        }
    }
}
