import Foundation
import GRDB

/// trixie's login records, SQLite databases read with GRDB and never written: opened
/// read-only with `immutable=1` (no lock, no journal, no -shm file is created).
///
/// - wtmpdb (`/var/lib/wtmpdb/wtmp.db`): table `wtmp`, one row per session; `Type` 3 is
///   USER_PROCESS, `Login` is in microseconds since 1970.
/// - lastlog2 (`/var/lib/lastlog/lastlog2.db`): table `Lastlog2`, one row per user name;
///   `Time` is in seconds since 1970.
enum SQLiteLoginRecords {
    static let wtmpdbPath = "/var/lib/wtmpdb/wtmp.db"
    static let lastlog2Path = "/var/lib/lastlog/lastlog2.db"
    /// wtmpdb's USER_PROCESS.
    static let userProcess = 3
    /// More distinct user names than any workstation has; past this the answer is partial.
    static let maximumUsers = 100_000

    enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case tooMany(Int)

        var description: String {
            switch self {
            case .unreadable(let message): message
            case .tooMany(let limit): "more than \(limit) user names; not read in full"
            }
        }
    }

    /// Latest login per user name from a wtmpdb database file on this machine.
    static func wtmpdb(atRealPath path: String) throws(Failure) -> [String: Int] {
        try query(
            path,
            """
            SELECT User, MAX(Login) / 1000000 FROM wtmp
            WHERE Type = \(userProcess) AND typeof(Login) = 'integer' AND Login > 0 GROUP BY User LIMIT \(maximumUsers + 1)
            """)
    }

    /// Latest login per user name from a lastlog2 database file on this machine.
    static func lastlog2(atRealPath path: String) throws(Failure) -> [String: Int] {
        try query(path, "SELECT Name, Time FROM Lastlog2 WHERE typeof(Time) = 'integer' AND Time > 0 LIMIT \(maximumUsers + 1)")
    }

    private static func query(_ path: String, _ sql: String) throws(Failure) -> [String: Int] {
        do {
            let queue = try open(path)
            let rows = try queue.read { db in try Row.fetchAll(db, sql: sql) }
            guard rows.count <= maximumUsers else { throw Failure.tooMany(maximumUsers) }
            var latest: [String: Int] = [:]
            for row in rows {
                // Decoded without GRDB's typed subscripts, which stop the program on a value of
                // another type: a hostile database may hold a blob where a name should be.
                let nameValue: DatabaseValue = row[0]
                let timeValue: DatabaseValue = row[1]
                guard let name = String.fromDatabaseValue(nameValue), let time = Int64.fromDatabaseValue(timeValue), time > 0
                else { continue }
                latest[name] = max(latest[name] ?? 0, Int(time))
            }
            return latest
        } catch let failure as Failure {
            throw failure
        } catch let error as DatabaseError {
            throw .unreadable("SQLite: \(error.message ?? error.description)")
        } catch {
            throw .unreadable("\(error)")
        }
    }

    /// A read-only connection that writes nothing, not even a journal or a -shm file.
    private static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "posture.login-records"
        // `immutable=1`: SQLite takes no lock and never looks for a journal or WAL to recover.
        var components = URLComponents()
        components.scheme = "file"
        components.path = path
        components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
        guard let uri = components.string else { return try DatabaseQueue(path: path, configuration: configuration) }
        do {
            return try DatabaseQueue(path: uri, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            // An SQLite built without URI support reads the URI as a file name, which does not
            // exist; read-only, the plain path cannot be written either.
            return try DatabaseQueue(path: path, configuration: configuration)
        }
    }
}
