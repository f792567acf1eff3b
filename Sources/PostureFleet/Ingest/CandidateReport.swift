import Foundation
import PostureInventory

/// A candidate file read the hostile way: a regular file only (no FIFOs, devices or symlinks),
/// opened without following a link, size checked before and while reading, then hashed.
struct CandidateReport {
    var path: String
    var size: Int
    /// Modification time in nanoseconds since 1970, with `size` the key of the re-ingest shortcut.
    var modified: Int64
    var bytes: [UInt8]
    /// `sha256:…` of the bytes.
    var digest: String

    struct Stat: Equatable {
        var size: Int
        var modified: Int64
    }

    /// The size and time of a regular file, or the reason it is not one.
    static func stat(_ path: String) -> Result<Stat, Diagnostic> {
        var info = Glibc.stat()
        guard lstat(path, &info) == 0 else { return .failure(failure(path, "cannot read: \(String(cString: strerror(errno)))")) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(failure(path, "not a regular file")) }
        return .success(Stat(size: Int(info.st_size), modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)))
    }

    static func read(_ path: String) -> Result<CandidateReport, Diagnostic> {
        let limit = IngestLimits.maximumReportBytes
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(failure(path, "cannot read: \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        var info = Glibc.stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .failure(failure(path, "not a regular file")) }
        guard Int(info.st_size) <= limit else {
            return .failure(failure(path, "\(info.st_size) bytes, more than the \(limit / 1024 / 1024) MiB a posture report can be"))
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return .failure(failure(path, "cannot read: \(String(cString: strerror(errno)))")) }
            if got == 0 { break }
            count += got
        }
        // The file grew while it was read: not the report that was sized, and maybe unbounded.
        guard count <= Int(info.st_size) else { return .failure(failure(path, "the file changed while it was read")) }
        bytes.removeLast(bytes.count - count)
        var hasher = SHA256()
        hasher.update(bytes)
        let digest = "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return .success(CandidateReport(path: path, size: count, modified: modified, bytes: bytes, digest: digest))
    }

    static func failure(_ path: String, _ message: String) -> Diagnostic {
        Diagnostic(file: path, line: 1, column: 1, message: message)
    }
}
