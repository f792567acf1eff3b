import Foundation
import GRDB
import PosturePipeline

/// The fleet's SQLite store (GRDB): WAL mode, so `fleet report` reads while an ingest writes; a
/// busy timeout, so two ingests at once take turns instead of failing; every report written in a
/// transaction, so a killed ingest leaves each report fully in or absent.
public struct FleetStore: Sendable {
    /// How long a writer waits for another to finish before giving up.
    public static let busyTimeout: TimeInterval = 120

    let queue: DatabaseQueue
    public let path: String

    /// Opens (and with `create`, creates) the store; refuses a file that is some other database.
    public init(path: String, create: Bool) throws(PipelineFailure) {
        self.path = path
        if !create, !FileManager.default.fileExists(atPath: path) {
            throw .badInput(["\(path): error: no fleet store here (run `posture fleet ingest` first)"])
        }
        var configuration = Configuration()
        configuration.label = "posture.fleet"
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.readonly = !create
        configuration.prepareDatabase { db in
            // The schema's own foreign keys are checked; WAL is set once by the writer (below).
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        // Two first ingests at once would both find an empty file and both create the schema
        // ("table meta already exists"): creating and migrating is done under an flock of the
        // store's folder (not of the file: closing another descriptor of the database file would
        // drop SQLite's own POSIX locks on it).
        let folderLock = create ? Self.lockFolder(of: path) : -1
        defer { if folderLock >= 0 { close(folderLock) } }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            if create {
                try queue.writeWithoutTransaction { db in
                    try Self.checkIdentity(db, path: path, allowEmpty: true)
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    // NORMAL in WAL mode is durable across a killed process (only a power loss
                    // can drop the last transactions, never corrupt the file).
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
                try FleetSchema.migrator.migrate(queue)
                try queue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA application_id = \(FleetSchema.applicationID)")
                }
            } else {
                try queue.read { db in try Self.checkIdentity(db, path: path, allowEmpty: false) }
            }
        } catch let failure as PipelineFailure {
            throw failure
        } catch {
            throw .badInput(["\(path): error: cannot open the fleet store: \(Self.describe(error))"])
        }
    }

    /// An exclusive flock on the folder that holds `path`, waited for; -1 when the folder cannot
    /// be opened (then SQLite's own error about the path says why).
    private static func lockFolder(of path: String) -> Int32 {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return -1 }
        while flock(fd, LOCK_EX) != 0, errno == EINTR {}
        return fd
    }

    /// A store is ours when it carries our application id (or, when creating, is still empty).
    private static func checkIdentity(_ db: Database, path: String, allowEmpty: Bool) throws {
        let identity = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if identity == FleetSchema.applicationID { return }
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        if allowEmpty, identity == 0, tables == 0 { return }
        // A first ingest killed after GRDB made its migrations table, before the schema's own
        // transaction committed: nothing of ours is in it yet.
        if allowEmpty, identity == 0,
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'").allSatisfy({ $0 == "grdb_migrations" })
        {
            return
        }
        // A store whose first ingest was killed after creating tables but before the id was set.
        if allowEmpty, identity == 0, try db.tableExists("meta"),
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") == FleetSchema.format
        {
            return
        }
        throw PipelineFailure.badInput(["\(path): error: this SQLite database is not a posture fleet store"])
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return "SQLite: \(error.message ?? error.description)" }
        return "\(error)"
    }

    func read<T>(_ body: (Database) throws -> T) throws(PipelineFailure) -> T {
        do {
            return try queue.read(body)
        } catch let failure as PipelineFailure {
            throw failure
        } catch {
            throw .badInput(["\(path): error: cannot read the fleet store: \(Self.describe(error))"])
        }
    }

    /// Runs `body` in one IMMEDIATE transaction: it takes the write lock first, so two writers
    /// queue up behind the busy timeout rather than deadlocking on an upgrade.
    func write<T>(_ body: (Database) throws -> T) throws(PipelineFailure) -> T {
        do {
            var value: T?
            try queue.inTransaction(.immediate) { db in
                value = try body(db)
                return .commit
            }
            guard let value else { throw PipelineFailure.scanFailed(["\(path): error: the transaction gave no result"]) }
            return value
        } catch let failure as PipelineFailure {
            throw failure
        } catch {
            throw .scanFailed(["\(path): error: cannot write the fleet store: \(Self.describe(error))"])
        }
    }
}
