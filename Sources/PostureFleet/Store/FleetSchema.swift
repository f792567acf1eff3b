import GRDB

/// The store's tables. One row per host, per report (by content digest), per rule (its newest
/// definition), per result; `files` remembers what each ingested path held so a re-ingest skips
/// unchanged files without reading them.
enum FleetSchema {
    /// Marks a posture fleet store (`PRAGMA application_id`, 'pfl1'), so `--store` never writes
    /// into some other SQLite database.
    static let applicationID: Int32 = 0x7066_6C31
    static let format = "posture.fleet-store/1"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE hosts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                    CREATE TABLE reports (
                      id INTEGER PRIMARY KEY,
                      digest TEXT NOT NULL UNIQUE,
                      host_id INTEGER NOT NULL REFERENCES hosts(id),
                      scanned_at TEXT NOT NULL,
                      scanned_epoch INTEGER NOT NULL,
                      day TEXT NOT NULL,
                      os TEXT,
                      scanner_version TEXT NOT NULL,
                      rules_digest TEXT NOT NULL,
                      score REAL, coverage REAL, earned REAL NOT NULL, possible REAL NOT NULL,
                      pass INTEGER NOT NULL, fail INTEGER NOT NULL, error INTEGER NOT NULL, unknown INTEGER NOT NULL,
                      not_applicable INTEGER NOT NULL, waived INTEGER NOT NULL,
                      gate_passed INTEGER NOT NULL,
                      json_path TEXT NOT NULL,
                      html_path TEXT,
                      host_json TEXT NOT NULL
                    );
                    CREATE INDEX reports_by_host ON reports(host_id, scanned_epoch);
                    CREATE INDEX reports_by_day ON reports(day);
                    CREATE TABLE rules (
                      id TEXT PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL, practice TEXT NOT NULL,
                      severity TEXT NOT NULL, weight REAL NOT NULL, rationale TEXT NOT NULL, remediation TEXT NOT NULL,
                      source TEXT NOT NULL, seen_epoch INTEGER NOT NULL,
                      rule_json TEXT NOT NULL
                    );
                    CREATE TABLE rule_references (
                      rule_id TEXT NOT NULL, standard TEXT NOT NULL, ref TEXT NOT NULL,
                      PRIMARY KEY (rule_id, standard, ref)
                    ) WITHOUT ROWID;
                    CREATE TABLE practices (id TEXT PRIMARY KEY, title TEXT NOT NULL);
                    CREATE TABLE results (
                      report_id INTEGER NOT NULL REFERENCES reports(id),
                      rule_id TEXT NOT NULL,
                      state TEXT NOT NULL,
                      reason TEXT,
                      evidence_json TEXT NOT NULL,
                      evidence_total INTEGER NOT NULL,
                      waiver TEXT,
                      PRIMARY KEY (report_id, rule_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE files (
                      path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                      digest TEXT, rejection TEXT
                    );
                    """)
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('format', ?)", arguments: [format])
        }
        return migrator
    }
}
