import Foundation
import GRDB
import PostureRules

/// Writes one checked report into the store, inside the caller's transaction.
struct StoreWriter {
    /// Rule definitions already written in this run, by id, with the scan time they came from.
    var ruleDefinitions: [String: Int64] = [:]

    /// False when a report with the same digest is already stored (by this or another ingest).
    mutating func insert(_ record: ReportRecord, _ db: Database) throws -> Bool {
        try db.cachedStatement(sql: "INSERT INTO hosts (name) VALUES (?) ON CONFLICT(name) DO NOTHING").execute(arguments: [record.host])
        guard let hostID = try Int64.fetchOne(db, sql: "SELECT id FROM hosts WHERE name = ?", arguments: [record.host]) else {
            return false
        }
        let summary = record.summary
        let counts = summary.counts
        try db.cachedStatement(
            sql: """
                INSERT INTO reports (digest, host_id, scanned_at, scanned_epoch, day, os, scanner_version, rules_digest,
                  score, coverage, earned, possible, pass, fail, error, unknown, not_applicable, waived,
                  gate_passed, json_path, html_path, host_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(digest) DO NOTHING
                """
        ).execute(arguments: [
            record.digest, hostID, record.scannedAt, record.scannedEpoch, record.day, record.os,
            record.scannerVersion, record.rulesDigest, summary.score, summary.coverage, summary.earned, summary.possible,
            counts.pass, counts.fail, counts.error, counts.unknown, counts.notApplicable, counts.waived,
            record.gatePassed, record.path, record.htmlPath, record.hostJSON,
        ])
        guard db.changesCount == 1 else { return false }
        let reportID = db.lastInsertedRowID
        let insertResult = try db.cachedStatement(
            sql:
                "INSERT INTO results (report_id, rule_id, state, reason, evidence_json, evidence_total, waiver) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        for result in record.results {
            try insertResult.execute(arguments: [
                reportID, result.rule.id, result.state.rawValue, result.reason, result.evidenceJSON, result.evidenceTotal, result.waiver,
            ])
            try define(result.rule, seen: record.scannedEpoch, db)
        }
        for practice in record.practices {
            try db.cachedStatement(
                sql: "INSERT INTO practices (id, title) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title"
            )
            .execute(arguments: [practice.id, practice.title])
        }
        return true
    }

    /// Keeps the rule's definition from the newest report that carried it.
    mutating func define(_ rule: RuleInfo, seen: Int64, _ db: Database) throws {
        if let written = ruleDefinitions[rule.id], written >= seen { return }
        ruleDefinitions[rule.id] = seen
        try db.cachedStatement(
            sql: """
                INSERT INTO rules (id, title, category, practice, severity, weight, rationale, remediation, source, seen_epoch, rule_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET title = excluded.title, category = excluded.category, practice = excluded.practice,
                  severity = excluded.severity, weight = excluded.weight, rationale = excluded.rationale,
                  remediation = excluded.remediation, source = excluded.source, seen_epoch = excluded.seen_epoch,
                  rule_json = excluded.rule_json
                WHERE excluded.seen_epoch >= rules.seen_epoch
                """
        ).execute(arguments: [
            rule.id, rule.title, rule.category, rule.practice, rule.severity.rawValue, rule.weight, rule.rationale, rule.remediation,
            rule.source, seen, String(decoding: try JSONEncoder().encode(rule), as: UTF8.self),
        ])
        guard db.changesCount == 1 else { return }
        try db.cachedStatement(sql: "DELETE FROM rule_references WHERE rule_id = ?").execute(arguments: [rule.id])
        for reference in rule.references {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO rule_references (rule_id, standard, ref) VALUES (?, ?, ?)")
                .execute(arguments: [rule.id, reference.standard, reference.id])
        }
    }
}
