import Foundation

/// The filesystem a collection reads: the live host (`/`) or an offline root (`--root DIR`).
///
/// Every path is resolved component by component inside the root: a symlink is followed by
/// reading its target and resolving that inside the root too (an absolute target starts again at
/// the root, `..` stops at the root), so nothing under `--root` can reach the live host. Only
/// regular files are ever opened for reading; FIFOs, sockets and devices are refused after an
/// `lstat`, and the opened file is checked again with `fstat`.
public struct HostRoot: Sendable {
    /// The root folder, without a trailing slash ("" for the live host's `/`).
    public let prefix: String
    /// True for the running host: /proc, uname and the like describe it.
    public let isLive: Bool

    /// Most symlinks followed while resolving one path, as the kernel's limit.
    static let maximumSymlinks = 40
    /// The largest file read whole (configuration, databases); bigger ones are refused.
    public static let maximumFileBytes = 64 * 1024 * 1024

    public init(root: String?) {
        if let root, root != "/" {
            var trimmed = root
            while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
            prefix = trimmed
            isLive = false
        } else {
            prefix = ""
            isLive = true
        }
    }

    public enum ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        case notFound
        case notRegularFile(String)
        case tooLarge(Int)
        case system(String)
        case symlinkLoop

        public var description: String {
            switch self {
            case .notFound: "no such file"
            case .notRegularFile(let type): "not a regular file (\(type)); not opened"
            case .tooLarge(let size): "file is \(size) bytes, more than the \(HostRoot.maximumFileBytes) read"
            case .system(let message): message
            case .symlinkLoop: "too many levels of symbolic links"
            }
        }
    }

    /// The real path on this machine for a host path, with every symlink resolved inside the root.
    /// The last component is resolved too unless `followLast` is false.
    public func resolve(_ path: String, followLast: Bool = true) throws(ReadError) -> String {
        var pending = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).reversed() as [String]
        var resolved: [String] = []
        var followed = 0
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            let candidate = prefix + "/" + (resolved + [component]).joined(separator: "/")
            let isLast = pending.isEmpty
            var info = stat()
            if lstat(candidate, &info) != 0 {
                if errno == ENOENT || errno == ENOTDIR {
                    // Nothing further to resolve: the rest of the path cannot exist.
                    resolved.append(component)
                    resolved.append(contentsOf: pending.reversed())
                    return prefix + "/" + resolved.joined(separator: "/")
                }
                throw .system(Self.errorText(errno))
            }
            if info.st_mode & S_IFMT == S_IFLNK, !isLast || followLast {
                followed += 1
                if followed > Self.maximumSymlinks { throw .symlinkLoop }
                guard let target = Self.readLink(candidate) else { throw .system(Self.errorText(errno)) }
                if target.hasPrefix("/") { resolved.removeAll() }
                pending.append(contentsOf: target.split(separator: "/", omittingEmptySubsequences: true).map(String.init).reversed())
                continue
            }
            resolved.append(component)
        }
        return prefix + "/" + resolved.joined(separator: "/")
    }

    /// lstat of a host path after resolving its parents (the entry itself is not followed).
    public func lstatEntry(_ path: String) throws(ReadError) -> stat {
        let real = try resolve(path, followLast: false)
        var info = stat()
        guard lstat(real, &info) == 0 else {
            throw errno == ENOENT || errno == ENOTDIR ? .notFound : .system(Self.errorText(errno))
        }
        return info
    }

    /// stat of a host path, following symlinks inside the root.
    public func statEntry(_ path: String) throws(ReadError) -> stat {
        let real = try resolve(path)
        var info = stat()
        guard lstat(real, &info) == 0 else {
            throw errno == ENOENT || errno == ENOTDIR ? .notFound : .system(Self.errorText(errno))
        }
        return info
    }

    public func exists(_ path: String) -> Bool {
        (try? statEntry(path)) != nil
    }

    /// The bytes of a regular file, at most `limit` of them (`truncated` says whether there were more).
    public func read(_ path: String, limit: Int = HostRoot.maximumFileBytes) throws(ReadError) -> (bytes: [UInt8], truncated: Bool) {
        let real = try resolve(path)
        var info = stat()
        guard lstat(real, &info) == 0 else {
            throw errno == ENOENT || errno == ENOTDIR ? .notFound : .system(Self.errorText(errno))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(Self.typeName(info.st_mode)) }
        let fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw .system(Self.errorText(errno)) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile("changed while opening") }
        // Read to the end, not to st_size: files under /proc and /sys report a size of 0.
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: min(max(size, 4096), limit) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= limit else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - bytes.count)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(Self.errorText(errno))
            }
            if count == 0 { break }
            filled += count
        }
        let truncated = filled > limit
        bytes.removeSubrange(min(filled, limit)...)
        return (bytes, truncated)
    }

    /// A whole text file, decoded as UTF-8 with invalid bytes replaced.
    public func readText(_ path: String) throws(ReadError) -> String {
        let (bytes, truncated) = try read(path)
        if truncated { throw .tooLarge(bytes.count) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Names in a folder (not `.` or `..`), sorted; empty when it does not exist.
    public func list(_ path: String) throws(ReadError) -> [String] {
        let real = try resolve(path)
        guard let directory = opendir(real) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw .system(Self.errorText(errno))
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = String(cString: direntName(entry))
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The target of a symlink as written (not resolved).
    public func linkTarget(_ path: String) -> String? {
        guard let real = try? resolve(path, followLast: false) else { return nil }
        return Self.readLink(real)
    }

    static func readLink(_ real: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(real, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }

    static func typeName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "file"
        case S_IFDIR: "directory"
        case S_IFLNK: "symlink"
        case S_IFIFO: "fifo"
        case S_IFSOCK: "socket"
        case S_IFCHR, S_IFBLK: "device"
        default: "other"
        }
    }
}
