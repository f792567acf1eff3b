import Foundation
import GRDB
import PostureInventory
import PosturePipeline

/// `posture fleet ingest`: walks the folders for `*.json` reports and streams them into the store,
/// a batch at a time (bounded memory whatever the count). A file already stored (same content
/// digest) is skipped, unread when its size and time are those recorded; a file that is not a
/// report is rejected with a positioned reason and the walk goes on.
public enum FleetIngest {
    public struct Outcome: Sendable, Equatable {
        /// Files looked at, reports newly stored, already stored, and rejected.
        public var files = 0
        public var stored = 0
        public var skipped = 0
        public var rejected = 0

        public init(files: Int = 0, stored: Int = 0, skipped: Int = 0, rejected: Int = 0) {
            self.files = files
            self.stored = stored
            self.skipped = skipped
            self.rejected = rejected
        }
    }

    public static func run(folders: [String], store path: String, log: PipelineLog) throws(PipelineFailure) -> Outcome {
        let store = try FleetStore(path: path, create: true)
        // The batcher keeps the log only for this call.
        return try withoutActuallyEscaping(log) { log throws(PipelineFailure) in try run(folders: folders, store: store, log: log) }
    }

    static func run(folders: [String], store: FleetStore, log: @escaping PipelineLog) throws(PipelineFailure) -> Outcome {
        var ingest = Batcher(store: store, log: log)
        for folder in folders {
            var info = stat()
            guard lstat(folder, &info) == 0 else {
                log("\(folder): error: cannot read: \(String(cString: strerror(errno)))")
                ingest.outcome.rejected += 1
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                try walk(folder, depth: 0, into: &ingest)
            } else {
                try ingest.consider(folder)
            }
        }
        try ingest.flush()
        return ingest.outcome
    }

    /// Visits the folder's entries in name order: sub-folders (never through a symlink) down to a
    /// bounded depth, `*.json` files; hidden names (a scan's temporary files) are left alone.
    static func walk(_ folder: String, depth: Int, into ingest: inout Batcher) throws(PipelineFailure) {
        guard depth <= IngestLimits.maximumDepth else {
            ingest.log("\(folder): warning: deeper than \(IngestLimits.maximumDepth) folders; not read")
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            ingest.log("\(folder): error: cannot list the folder: \(error.localizedDescription)")
            ingest.outcome.rejected += 1
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: try walk(path, depth: depth + 1, into: &ingest)
            case S_IFREG where name.hasSuffix(".json"): try ingest.consider(path)
            default: continue
            }
        }
    }

    /// Decoded reports waiting for their transaction, and the file records to remember.
    struct Batcher {
        let store: FleetStore
        let log: PipelineLog
        var outcome = Outcome()
        var records: [ReportRecord] = []
        var files: [(path: String, stat: CandidateReport.Stat, digest: String?, rejection: String?)] = []
        var writer = StoreWriter()
        var lastFlush = Date()

        init(store: FleetStore, log: @escaping PipelineLog) {
            self.store = store
            self.log = log
        }

        mutating func consider(_ given: String) throws(PipelineFailure) {
            outcome.files += 1
            let path = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
            let stat: CandidateReport.Stat
            switch CandidateReport.stat(path) {
            case .success(let found): stat = found
            case .failure(let diagnostic): return reject(diagnostic, path: path, stat: nil)
            }
            // The shortcut: same path, size and time as a file already stored (or refused).
            let known = try store.read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT f.rejection, EXISTS (SELECT 1 FROM reports r WHERE r.digest = f.digest) FROM files f
                        WHERE f.path = ? AND f.size = ? AND f.mtime_ns = ?
                        """, arguments: [path, stat.size, stat.modified])
            }
            if let known {
                if let rejection = String.fromDatabaseValue(known[0]) {
                    outcome.rejected += 1
                    log(rejection)
                    return
                }
                if Bool.fromDatabaseValue(known[1]) == true {
                    outcome.skipped += 1
                    return
                }
            }
            let file: CandidateReport
            switch CandidateReport.read(path) {
            case .success(let read): file = read
            case .failure(let diagnostic): return reject(diagnostic, path: path, stat: stat)
            }
            let present = try store.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM reports WHERE digest = ?)", arguments: [file.digest]) ?? false
            }
            if present {
                outcome.skipped += 1
                files.append((path, stat, file.digest, nil))
            } else {
                switch ReportRecord.make(file) {
                case .success(let record):
                    records.append(record)
                    files.append((path, stat, file.digest, nil))
                case .failure(let diagnostic):
                    reject(diagnostic, path: path, stat: stat)
                }
            }
            if records.count >= IngestLimits.batchSize || files.count >= IngestLimits.batchSize * 8
                || Date().timeIntervalSince(lastFlush) > IngestLimits.batchSeconds
            {
                try flush()
            }
        }

        mutating func reject(_ diagnostic: Diagnostic, path: String, stat: CandidateReport.Stat?) {
            outcome.rejected += 1
            log(diagnostic.description)
            if let stat { files.append((path, stat, nil, diagnostic.description)) }
        }

        /// Writes the batch in one transaction: each report with all its results, or nothing.
        mutating func flush() throws(PipelineFailure) {
            guard !records.isEmpty || !files.isEmpty else { return }
            let pending = records
            let remembered = files
            var writer = self.writer
            let stored = try store.write { db in
                var stored = 0
                for record in pending where try writer.insert(record, db) { stored += 1 }
                for file in remembered {
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO files (path, size, mtime_ns, digest, rejection) VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
                              digest = excluded.digest, rejection = excluded.rejection
                            """
                    ).execute(arguments: [file.path, file.stat.size, file.stat.modified, file.digest, file.rejection])
                }
                return stored
            }
            self.writer = writer
            outcome.stored += stored
            // Another ingest stored the same report first: counted as skipped, never doubled.
            outcome.skipped += pending.count - stored
            records.removeAll(keepingCapacity: true)
            files.removeAll(keepingCapacity: true)
            lastFlush = Date()
        }
    }
}
