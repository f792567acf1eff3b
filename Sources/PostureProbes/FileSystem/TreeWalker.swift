import Foundation
import Synchronization

/// One pass over a folder tree: never follows symlinks, never opens anything but folders, keeps
/// names as bytes (any name a filesystem allows, invalid UTF-8 included), reports what it could
/// not read, and holds only the folders still to visit in memory.
///
/// Only the start is looked up from the root (inside it, see `ConfinedLookup`); below it every
/// folder is opened relative to its parent's descriptor with `O_NOFOLLOW`, and every entry is
/// stat'ed relative to its folder's, so a link swapped in during the walk is never followed and
/// nothing outside the start is reached. Workers share a queue of folders to read in batches of
/// names, so even one folder of a million files keeps every worker busy, in bounded memory.
public struct TreeWalker: Sendable {
    /// One entry found by the walk.
    public struct Entry: Sendable {
        /// The open folder holding the entry: open the entry relative to `folder.fd`.
        public let folder: OpenFolder
        /// The name, its NUL included (for the system calls).
        let nameWithNUL: ArraySlice<UInt8>
        public var mode: mode_t
        public var size: Int64
        public var modified: Int
        public var uid: uid_t
        public var gid: gid_t
        public var device: dev_t
        public var inode: ino_t

        init(folder: OpenFolder, nameWithNUL: ArraySlice<UInt8>, info: stat) {
            self.folder = folder
            self.nameWithNUL = nameWithNUL
            mode = info.st_mode
            size = Int64(info.st_size)
            modified = Int(info.st_mtim.tv_sec)
            uid = info.st_uid
            gid = info.st_gid
            device = info.st_dev
            inode = info.st_ino
        }

        /// The name within its folder, as bytes.
        public var name: ArraySlice<UInt8> { nameWithNUL.dropLast() }
        /// The host path, as bytes (`/home/ann/notes.txt`); built on demand.
        public var path: [UInt8] { folder.childPath(name) }

        public var type: mode_t { mode & S_IFMT }
        public var isRegularFile: Bool { type == S_IFREG }
        public var isDirectory: Bool { type == S_IFDIR }

        /// The path for display: valid UTF-8 as is, other bytes as \xNN.
        public var displayPath: String { TreeWalker.display(path) }

        /// Opens the entry read-only relative to its folder, never following a link, never
        /// blocking on a FIFO or taking a terminal; -1 (with errno) when it cannot.
        public func openForReading() -> Int32 {
            withCName(nameWithNUL) { openat(folder.fd, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        }
    }

    public struct Options: Sendable {
        /// Stay on the filesystem the walk started on (like find -xdev).
        public var sameFilesystem = true
        /// Walk no deeper than this many folders below the start.
        public var maximumDepth = 4096

        public init(sameFilesystem: Bool = true, maximumDepth: Int = 4096) {
            self.sameFilesystem = sameFilesystem
            self.maximumDepth = maximumDepth
        }
    }

    /// Entries the walk passed over, with the reason (unreadable folders, other filesystems).
    public struct Skipped: Sendable, Equatable {
        public var path: String
        public var reason: String
        public var cause: Cause = .unreadable

        /// Why an entry was passed over: all but `loop` leave content unread.
        public enum Cause: Sendable, Equatable {
            case unreadable, otherFilesystem, tooDeep, loop
        }
    }

    let root: HostRoot
    let options: Options
    /// Names read from a folder per turn: small enough that workers share a large folder, large
    /// enough that the queue's lock is rare.
    static let batchNames = 256
    /// Folders held open at once; subfolders past it wait in the queue as paths.
    static let openFolders = 128

    public init(root: HostRoot, options: Options = Options()) {
        self.root = root
        self.options = options
    }

    /// Walks `path` (a host path) and calls `visit` for every entry below it, folders included.
    /// Returns what was skipped.
    @discardableResult
    public func walk(_ path: String, visit: (Entry) -> Void) throws(HostRoot.ReadError) -> [Skipped] {
        let shared = try prepare(path)
        shared.work(worker: 0) { _, entry in visit(entry) }
        return shared.skipped
    }

    /// Walks with `workers` threads sharing the folders (and the batches of names) still to read.
    /// `visit` gets the worker's index with each entry, so a caller can keep one accumulator per
    /// worker without locks.
    @discardableResult
    public func walk(_ path: String, workers: Int, visit: @Sendable (Int, Entry) -> Void) throws(HostRoot.ReadError) -> [Skipped] {
        let shared = try prepare(path)
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { worker in
            shared.work(worker: worker, visit: visit)
        }
        return shared.skipped
    }

    private func prepare(_ path: String) throws(HostRoot.ReadError) -> SharedWalk {
        // The start is looked up from the root's descriptor (see `ConfinedLookup`) and opened
        // from the descriptor found, not by its name again.
        let (fd, info, hostPath) = try root.withEntry(path) { pathFD, info throws(HostRoot.ReadError) in
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .notRegularFile("not a folder") }
            let fd = ConfinedLookup.reopenForReading(pathFD, directory: true)
            guard fd >= 0 else { throw ConfinedLookup.failure(errno) }
            return (fd, info, Array(root.hostPath(of: pathFD, requested: path).utf8))
        }
        var opened = stat()
        guard fstat(fd, &opened) == 0, opened.st_dev == info.st_dev, opened.st_ino == info.st_ino else {
            close(fd)
            throw .system("changed while being opened")
        }
        let budget = DescriptorBudget(limit: Self.openFolders)
        guard let folder = OpenFolder(fd: fd, path: hostPath, depth: 0, budget: budget) else {
            throw .system(HostRoot.errorText(errno))
        }
        return SharedWalk(
            start: folder, identity: DirectoryIdentity(device: info.st_dev, inode: info.st_ino),
            budget: budget, options: options)
    }

    struct DirectoryIdentity: Hashable, Sendable {
        var device: dev_t
        var inode: ino_t
    }

    /// Bytes as text: valid UTF-8 as is, anything else (and control characters) as \xNN.
    public static func display(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self),
            !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        {
            return text
        }
        var text = ""
        var index = 0
        while index < bytes.count {
            // Decode the longest valid UTF-8 sequence at this index, else escape one byte.
            var decoded: String?
            for length in 1...4 where index + length <= bytes.count {
                if let piece = String(validating: bytes[index..<index + length], as: UTF8.self) {
                    decoded = piece
                    if let scalar = piece.unicodeScalars.first, scalar.value >= 0x20, scalar.value != 0x7F {
                        text += piece
                    } else {
                        text += String(format: "\\x%02X", bytes[index])
                    }
                    index += length
                    break
                }
            }
            if decoded == nil {
                text += String(format: "\\x%02X", bytes[index])
                index += 1
            }
        }
        return text
    }
}
