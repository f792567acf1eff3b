import Foundation
import PostureInventory

/// Reading a saved posture.report/1 file (`posture gate`, `--baseline`): bounded, so a report of
/// any size (a sparse 8 GB file, a FIFO that never ends) costs at most `maximumBytes` of memory and
/// gives a positioned error instead.
public enum ReportFile {
    /// The largest report read: 64 MiB, far above a real one (50 evidence items per rule, plus a
    /// 70-byte fingerprint per failing item: 100,000 failing files add 7 MiB). Decoding needs about six
    /// times the file in memory: `posture gate` peaks at 375 MB RSS on a report at the limit, and
    /// at 23 MB on a sparse 8 GB file (refused from its size, unread).
    public static let maximumBytes = 64 * 1024 * 1024

    /// The report in `path`, or a diagnostic naming the file and what is wrong with it. `role`
    /// names what the file is for in messages about a missing file (`baseline`, `report`).
    public static func load(_ path: String, role: Role = .report, maximumBytes: Int = maximumBytes) throws(Diagnostic) -> Report {
        try decode(try readBounded(path, role: role, maximumBytes: maximumBytes), file: path)
    }

    /// A posture.report/1 document from its bytes; `path` names it in diagnostics.
    public static func decode(_ bytes: [UInt8], file path: String) throws(Diagnostic) -> Report {
        do {
            let report = try JSONDecoder().decode(Report.self, from: Data(bytes))
            guard report.schema == Report.schemaIdentifier else {
                throw Diagnostic(
                    file: path, line: 1, column: 1,
                    message: "schema '\(HostText.printable(String(report.schema.prefix(80))))' is not \(Report.schemaIdentifier)")
            }
            return report
        } catch let error as Diagnostic {
            throw error
        } catch let error as DecodingError {
            // Syntax first: the parser knows the line and column of the first bad byte.
            do {
                _ = try JSONParser.parse(bytes)
            } catch {
                throw error.diagnostic(file: path)
            }
            var located = InventoryCodec.locate(error, in: bytes, file: path)
            located.message = "not a posture report: " + located.message
            throw located
        } catch {
            throw Diagnostic(file: path, line: 1, column: 1, message: "not a posture report: \(error)")
        }
    }

    /// What a report file is for, to say how to make one when it is missing.
    public enum Role: Sendable {
        case report, baseline
    }

    /// The file's bytes: a regular file (or anything readable, like a pipe) of at most
    /// `maximumBytes`, read into a buffer that never grows past the limit.
    static func readBounded(_ path: String, role: Role, maximumBytes: Int) throws(Diagnostic) -> [UInt8] {
        func failure(_ message: String) -> Diagnostic { Diagnostic(file: path, line: 1, column: 1, message: message) }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno)).lowercased()
            if errno == ENOENT, role == .baseline {
                throw failure(
                    "no baseline report here (\(reason)); make the first baseline from a scan of the known state with "
                        + "`posture scan --format json --output \(path)` (keep it with the pipeline), then compare "
                        + "later scans with `--baseline \(path) --new-only`")
            }
            throw failure("cannot read: \(reason)")
        }
        defer { close(fd) }
        // Blocking reads from here: O_NONBLOCK only kept open() from waiting on a FIFO's writer.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("cannot read: \(String(cString: strerror(errno)).lowercased())") }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFIFO else { throw failure("not a regular file") }
        if kind == S_IFREG, info.st_size > maximumBytes {
            throw failure(
                "file is \(info.st_size) bytes, more than the \(maximumBytes) a report may have (\(maximumBytes / 1_048_576) MiB)")
        }
        // At most the limit plus one byte, to notice a file that grew or a pipe that goes on.
        let capacity = (kind == S_IFREG ? Int(info.st_size) : 1 << 20) + 1
        var bytes = [UInt8]()
        bytes.reserveCapacity(min(capacity, maximumBytes + 1))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, min($0.count, maximumBytes + 1 - bytes.count)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read: \(String(cString: strerror(errno)).lowercased())")
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > maximumBytes {
                throw failure("more than the \(maximumBytes) bytes a report may have (\(maximumBytes / 1_048_576) MiB)")
            }
        }
        return bytes
    }
}
