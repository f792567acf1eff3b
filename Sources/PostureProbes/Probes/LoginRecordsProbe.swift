import Foundation
import PostureInventory

/// Reads every login record a Debian system may keep, under a root, without writing anything:
/// trixie's wtmpdb and lastlog2 databases and the legacy wtmp and lastlog files. Each file
/// looked at is listed (read, absent or error) so a verdict can say what it rests on.
enum LoginRecordsProbe {
    static let wtmpPath = "/var/log/wtmp"
    static let lastlogPath = "/var/log/lastlog"
    /// wtmp grows for years; past this the oldest part would be missing, so it is an error.
    static let maximumWTMPBytes = 256 * 1024 * 1024

    struct Outcome {
        var records = LoginRecords()
        var files: [LoginRecordFile] = []
        var errors: [String] = []

        mutating func error(_ kind: String, _ path: String, _ reason: String) {
            files.append(LoginRecordFile(kind: kind, path: path, state: "error", reason: reason))
            errors.append("\(path): \(reason)")
        }
    }

    static func read(_ root: HostRoot, uids: Set<UInt32>) -> Outcome {
        var outcome = Outcome()
        readDatabase(
            root, kind: "wtmpdb", path: SQLiteLoginRecords.wtmpdbPath, into: &outcome,
            SQLiteLoginRecords.wtmpdb(atRealPath:))
        readDatabase(
            root, kind: "lastlog2", path: SQLiteLoginRecords.lastlog2Path, into: &outcome,
            SQLiteLoginRecords.lastlog2(atRealPath:))
        readWTMP(root, into: &outcome)
        readLastlog(root, uids: uids, into: &outcome)
        return outcome
    }

    private static func readDatabase(
        _ root: HostRoot, kind: String, path: String, into outcome: inout Outcome,
        _ query: (String) throws(SQLiteLoginRecords.Failure) -> [String: Int]
    ) {
        // Opened through the root's descriptor (a regular file checked first) and handed to
        // SQLite as /proc/self/fd/N, so no name under the root is looked up a second time.
        let fd: Int32
        do {
            fd = try root.openForReading(path).fd
        } catch .notFound {
            outcome.files.append(LoginRecordFile(kind: kind, path: path, state: "absent"))
            return
        } catch {
            outcome.error(kind, path, "\(error)")
            return
        }
        defer { close(fd) }
        do {
            let latest = try query("/proc/self/fd/\(fd)")
            for (name, time) in latest { outcome.records.note(name: name, LoginRecord(time: time, source: path)) }
            outcome.files.append(LoginRecordFile(kind: kind, path: path, state: "read", users: latest.count))
        } catch {
            outcome.error(kind, path, error.description)
        }
    }

    private static func readWTMP(_ root: HostRoot, into outcome: inout Outcome) {
        let bytes: [UInt8]
        do {
            let (read, truncated) = try root.read(wtmpPath, limit: maximumWTMPBytes)
            guard !truncated else {
                outcome.error("wtmp", wtmpPath, "larger than \(maximumWTMPBytes) bytes; not read in full")
                return
            }
            bytes = read
        } catch .notFound {
            outcome.files.append(LoginRecordFile(kind: "wtmp", path: wtmpPath, state: "absent"))
            return
        } catch {
            outcome.error("wtmp", wtmpPath, "\(error)")
            return
        }
        let (latest, _, leftover) = LegacyLoginRecords.wtmp(bytes)
        for (name, time) in latest { outcome.records.note(name: name, LoginRecord(time: time, source: wtmpPath)) }
        // A torn last record (a crash while writing) is what `last` passes over too.
        let note = leftover > 0 ? "ends in a partial record of \(leftover) bytes, passed over as last(1) does" : nil
        outcome.files.append(LoginRecordFile(kind: "wtmp", path: wtmpPath, state: "read", users: latest.count, reason: note))
    }

    /// lastlog is sparse (record N at N × 292 bytes) and may be terabytes long for a high uid:
    /// only the records of the accounts are read, each with one `pread`.
    private static func readLastlog(_ root: HostRoot, uids: Set<UInt32>, into outcome: inout Outcome) {
        let fd: Int32
        let info: stat
        do {
            (fd, info) = try root.openForReading(lastlogPath)
        } catch .notFound {
            outcome.files.append(LoginRecordFile(kind: "lastlog", path: lastlogPath, state: "absent"))
            return
        } catch .notRegularFile {
            outcome.error("lastlog", lastlogPath, "not a regular file; not opened")
            return
        } catch {
            outcome.error("lastlog", lastlogPath, "\(error)")
            return
        }
        defer { close(fd) }
        var users = 0
        var record = [UInt8](repeating: 0, count: 4)
        for uid in uids {
            let offset = Int64(uid) * Int64(LegacyLoginRecords.lastlogRecord)
            guard offset + 4 <= Int64(info.st_size) else { continue }
            let count = record.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4, off_t(offset)) }
            guard count == 4 else { continue }
            if let time = LegacyLoginRecords.lastlog(record, uids: [0])[0] {
                outcome.records.note(uid: uid, LoginRecord(time: time, source: lastlogPath))
                users += 1
            }
        }
        outcome.files.append(LoginRecordFile(kind: "lastlog", path: lastlogPath, state: "read", users: users))
    }
}
