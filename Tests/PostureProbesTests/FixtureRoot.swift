import Foundation

/// A fake host root built in a temporary folder, so tests can plant FIFOs, symlinks and binary
/// records that git cannot hold.
final class FixtureRoot {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appending(path: "posture-root-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // Make unreadable folders removable again.
        for subpath in (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? [] { chmod("\(path)/\(subpath)", 0o755) }
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ relative: String, _ text: String, mode: mode_t = 0o644) throws {
        try write(relative, Array(text.utf8), mode: mode)
    }

    func write(_ relative: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        let full = path + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        chmod(full, mode)
    }

    /// A file whose name is raw bytes (not valid UTF-8), in an existing folder.
    func write(rawName: [UInt8], in folder: String) {
        let path = Array((self.path + folder + "/").utf8) + rawName + [0]
        let fd = path.withUnsafeBufferPointer {
            open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644)
        }
        close(fd)
    }

    func symlink(_ relative: String, to target: String) throws {
        let full = path + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
    }

    func fifo(_ relative: String) throws {
        let full = path + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        mkfifo(full, 0o644)
    }

    func folder(_ relative: String, mode: mode_t = 0o755) throws {
        try FileManager.default.createDirectory(atPath: path + relative, withIntermediateDirectories: true)
        chmod(path + relative, mode)
    }

    /// A lastlog record for uid at time, in x86_64 glibc layout (292 bytes).
    static func lastlog(_ entries: [(uid: Int, time: Int32)]) -> [UInt8] {
        let size = (entries.map(\.uid).max() ?? 0) * 292 + 292
        var bytes = [UInt8](repeating: 0, count: size)
        for entry in entries {
            withUnsafeBytes(of: entry.time.littleEndian) { bytes.replaceSubrange(entry.uid * 292..<entry.uid * 292 + 4, with: $0) }
        }
        return bytes
    }

    /// utmp records (384 bytes): type USER_PROCESS, user, time.
    static func wtmp(_ entries: [(user: String, time: Int32, type: Int16)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            var record = [UInt8](repeating: 0, count: 384)
            withUnsafeBytes(of: entry.type.littleEndian) { record.replaceSubrange(0..<2, with: $0) }
            let user = Array(entry.user.utf8.prefix(32))
            record.replaceSubrange(44..<44 + user.count, with: user)
            withUnsafeBytes(of: entry.time.littleEndian) { record.replaceSubrange(340..<344, with: $0) }
            bytes += record
        }
        return bytes
    }

    /// Hashes of every regular file's bytes and every entry's mode and mtime, to prove nothing changed.
    func fingerprint() throws -> [String: String] {
        var result: [String: String] = [:]
        for relative in try FileManager.default.subpathsOfDirectory(atPath: path) {
            var info = stat()
            guard lstat("\(path)/\(relative)", &info) == 0 else { continue }
            var summary = "\(info.st_mode) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_size)"
            if info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: "\(path)/\(relative)") {
                summary += " " + data.base64EncodedString()
            }
            result[relative] = summary
        }
        return result
    }
}
