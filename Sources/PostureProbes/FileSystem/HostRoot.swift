import Foundation

/// The filesystem a collection reads: the live host (`/`) or an offline root (`--root DIR`).
///
/// Every path is looked up from the root's descriptor, never by a name resolved twice (see
/// `ConfinedLookup`): a symlink's target is resolved inside the root too (an absolute target
/// starts again at the root, `..` stops at the root), so nothing under `--root` can reach the
/// live host, even while a process inside it swaps folders for symlinks. Only regular files are
/// ever opened for reading: the type is checked with `fstat` on an `O_PATH` descriptor, and that
/// same file is then opened, never its name again.
public struct HostRoot: Sendable {
    /// The root folder, without a trailing slash ("" for the live host's `/`).
    public let prefix: String
    /// True for the running host: /proc, uname and the like describe it.
    public let isLive: Bool
    /// The root held open: every path is looked up from its descriptor.
    let lookup: ConfinedLookup

    /// Most symlinks followed while resolving one path, as the kernel's limit.
    static let maximumSymlinks = 40
    /// The largest file read whole (configuration, databases); bigger ones are refused.
    public static let maximumFileBytes = 64 * 1024 * 1024

    public init(root: String?) {
        self.init(root: root, kernelLookup: true)
    }

    /// `kernelLookup` false resolves every path without `openat2` (to test that walk too).
    init(root: String?, kernelLookup: Bool) {
        if let root, root != "/" {
            var trimmed = root
            while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
            prefix = trimmed
            isLive = false
        } else {
            prefix = ""
            isLive = true
        }
        lookup = ConfinedLookup(rootPath: prefix, refusesMagicLinks: !isLive, triesKernel: kernelLookup)
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

    /// An `O_PATH` descriptor for a host path, resolved inside the root (see `ConfinedLookup`);
    /// the caller closes it. The last component is followed unless `followLast` is false.
    public func openEntry(_ path: String, followLast: Bool = true) throws(ReadError) -> Int32 {
        try lookup.open(path, followLast: followLast)
    }

    /// Calls `body` with an `O_PATH` descriptor for a host path and its `fstat`.
    func withEntry<Result>(
        _ path: String, followLast: Bool = true, _ body: (Int32, stat) throws(ReadError) -> Result
    ) throws(ReadError) -> Result {
        let fd = try openEntry(path, followLast: followLast)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system(Self.errorText(errno)) }
        return try body(fd, info)
    }

    /// The real path on this machine of a host path, resolved inside the root. For display and
    /// for programs given a path (rpm's `--dbpath`); posture itself never opens it by this name.
    public func resolve(_ path: String, followLast: Bool = true) throws(ReadError) -> String {
        try withEntry(path, followLast: followLast) { fd, _ throws(ReadError) in
            guard let real = ConfinedLookup.realPath(fd) else { throw .system("/proc is not mounted: cannot name an open file") }
            return real
        }
    }

    /// The host path of an open descriptor (the root's prefix taken off), or `requested` when the
    /// kernel does not say where the file is.
    func hostPath(of fd: Int32, requested: String) -> String {
        guard let real = ConfinedLookup.realPath(fd), let top = ConfinedLookup.realPath(lookup.rootFD) else { return requested }
        if top == "/" { return real }
        if real == top { return "/" }
        guard real.hasPrefix(top + "/") else { return requested }
        return String(real.dropFirst(top.count))
    }

    /// lstat of a host path after resolving its parents (the entry itself is not followed).
    public func lstatEntry(_ path: String) throws(ReadError) -> stat {
        try withEntry(path, followLast: false) { _, info in info }
    }

    /// stat of a host path, following symlinks inside the root.
    public func statEntry(_ path: String) throws(ReadError) -> stat {
        try withEntry(path) { _, info in info }
    }

    public func exists(_ path: String) -> Bool {
        (try? statEntry(path)) != nil
    }

    /// A descriptor open for reading on a regular file (never a FIFO, socket or device: the type is
    /// checked on the `O_PATH` descriptor before the file itself is opened); the caller closes it.
    public func openForReading(_ path: String) throws(ReadError) -> (fd: Int32, info: stat) {
        try withEntry(path) { pathFD, info throws(ReadError) in
            guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(Self.typeName(info.st_mode)) }
            let fd = ConfinedLookup.reopenForReading(pathFD)
            guard fd >= 0 else { throw .system(Self.errorText(errno)) }
            var opened = stat()
            guard fstat(fd, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG, opened.st_ino == info.st_ino, opened.st_dev == info.st_dev
            else {
                close(fd)
                throw .notRegularFile("changed while opening")
            }
            return (fd, opened)
        }
    }

    /// The bytes of a regular file, at most `limit` of them (`truncated` says whether there were more).
    public func read(_ path: String, limit: Int = HostRoot.maximumFileBytes) throws(ReadError) -> (bytes: [UInt8], truncated: Bool) {
        let (fd, info) = try openForReading(path)
        defer { close(fd) }
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
        let fd: Int32
        do {
            fd = try withEntry(path) { pathFD, info throws(ReadError) in
                guard info.st_mode & S_IFMT == S_IFDIR else { throw .notFound }
                return ConfinedLookup.reopenForReading(pathFD, directory: true)
            }
        } catch .notFound {
            return []
        }
        guard fd >= 0, let directory = fdopendir(fd) else {
            let saved = errno
            if fd >= 0 { close(fd) }
            throw .system(Self.errorText(saved))
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
        try? withEntry(path, followLast: false) { fd, info in
            info.st_mode & S_IFMT == S_IFLNK ? ConfinedLookup.readLink(fd) : nil
        }
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
