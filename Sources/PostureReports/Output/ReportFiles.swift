import Foundation

/// Writing reports the way unattended runs need: atomically (a temporary file in the same folder,
/// then a rename, so a reader or a killed run never leaves half a report), with a chosen mode,
/// under a lock so two runs never overlap, keeping only the newest N per host.
public enum ReportFiles {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `data` to `path` atomically with permission bits `mode`.
    public static func writeAtomically(_ data: Data, to path: String, mode: mode_t = 0o644) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).\(getpid()).tmp"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(description: "\(temporary): \(String(cString: strerror(errno)))") }
        var ok = fchmod(fd, mode) == 0
        var written = 0
        data.withUnsafeBytes { buffer in
            while ok, written < buffer.count {
                let count = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 { if errno != EINTR { ok = false } } else { written += count }
            }
        }
        let reason = String(cString: strerror(errno))
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let message = ok ? String(cString: strerror(errno)) : reason
            unlink(temporary)
            throw Failure(description: "\(path): \(message)")
        }
    }

    /// An exclusive lock on a folder, held until released or the process ends.
    public final class Lock {
        let fd: Int32
        public let path: String

        /// nil when another process holds it.
        public init?(folder: String) throws(Failure) {
            path = folder + "/.posture.lock"
            fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let busy = errno == EWOULDBLOCK
                close(fd)
                if busy { return nil }
                throw Failure(description: "\(path): \(String(cString: strerror(errno)))")
            }
        }

        deinit {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    /// `HOST-20261130T071500Z`: sorts by time within a host.
    public static func baseName(host: String, date: Date) -> String {
        let safeHost = String(host.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }.prefix(64))
        let stamp = ISO8601DateFormatter.string(
            from: date, timeZone: TimeZone(identifier: "UTC")!,
            formatOptions: [.withYear, .withMonth, .withDay, .withTime, .withTimeZone])
        return "\(safeHost.isEmpty ? "host" : safeHost)-\(stamp)"
    }

    /// Removes temporary files that a killed run left behind (the lock guarantees no run is writing).
    public static func removeStaleTemporaries(in folder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") && name.hasSuffix(".tmp")
        {
            unlink(folder + "/" + name)
        }
    }

    /// Keeps the newest `keep` reports of this host for each extension; returns what it removed.
    /// Only names of exactly this host's pattern, HOST-YYYYMMDDTHHMMSSZ.EXT, count: in a folder
    /// shared by hosts `agent` and `agent-1`, rotating `agent` leaves `agent-1-…` alone.
    @discardableResult
    public static func rotate(folder: String, host: String, extensions: [String], keep: Int) -> [String] {
        let prefix = String(baseName(host: host, date: Date()).split(separator: "-").dropLast().joined(separator: "-")) + "-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var removed: [String] = []
        for ext in extensions {
            let reports = names.filter { name in
                guard name.hasPrefix(prefix), name.hasSuffix("." + ext) else { return false }
                return isTimestamp(name.dropFirst(prefix.count).dropLast(ext.count + 1))
            }.sorted()
            for name in reports.dropLast(keep) where unlink(folder + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }

    /// `20261130T071500Z`, as `baseName` writes it, and nothing else.
    static func isTimestamp(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in index == 8 || index == 15 || (byte &- 0x30) < 10 }
    }
}
