import Foundation
import Synchronization

/// One pass over a folder tree: never follows symlinks, never opens anything but folders, keeps
/// names as bytes (any name a filesystem allows, invalid UTF-8 included), reports what it could
/// not read, and holds only the folders still to visit in memory.
public struct TreeWalker: Sendable {
    /// One entry found by the walk.
    public struct Entry: Sendable {
        /// The host path, as bytes (`/home/ann/notes.txt`).
        public var path: [UInt8]
        public var mode: mode_t
        public var size: Int64
        public var modified: Int
        public var uid: uid_t
        public var gid: gid_t

        public var type: mode_t { mode & S_IFMT }
        public var isRegularFile: Bool { type == S_IFREG }
        public var isDirectory: Bool { type == S_IFDIR }

        /// The path for display: valid UTF-8 as is, other bytes as \xNN.
        public var displayPath: String { TreeWalker.display(path) }
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
    }

    let root: HostRoot
    let options: Options

    public init(root: HostRoot, options: Options = Options()) {
        self.root = root
        self.options = options
    }

    /// Walks `path` (a host path) and calls `visit` for every entry below it, folders included.
    /// Returns what was skipped.
    @discardableResult
    public func walk(_ path: String, visit: (Entry) -> Void) throws(HostRoot.ReadError) -> [Skipped] {
        let (shared, device) = try prepare(path)
        walkFolders(shared, worker: 0, device: device) { _, entry in visit(entry) }
        return shared.state.withLock { $0.skipped }
    }

    /// Walks with `workers` threads sharing the folders still to read. `visit` gets the worker's
    /// index with each entry, so a caller can keep one accumulator per worker without locks.
    @discardableResult
    public func walk(_ path: String, workers: Int, visit: @Sendable (Int, Entry) -> Void) throws(HostRoot.ReadError) -> [Skipped] {
        let (shared, device) = try prepare(path)
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { worker in
            walkFolders(shared, worker: worker, device: device, visit: visit)
        }
        return shared.state.withLock { $0.skipped }
    }

    private func prepare(_ path: String) throws(HostRoot.ReadError) -> (SharedWalk, dev_t) {
        let start = try root.resolve(path)
        var info = stat()
        guard lstat(start, &info) == 0 else {
            throw errno == ENOENT ? .notFound : .system(HostRoot.errorText(errno))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .notRegularFile("not a folder") }
        let shared = SharedWalk(first: Array(start.utf8), identity: DirectoryIdentity(device: info.st_dev, inode: info.st_ino))
        return (shared, info.st_dev)
    }

    /// What the workers share: folders still to read, folders seen, what was skipped.
    final class SharedWalk: Sendable {
        struct State {
            var pending: [([UInt8], Int)]
            var seen: Set<DirectoryIdentity>
            var skipped: [Skipped] = []
            /// Workers reading a folder now; the walk is over when none is and nothing is pending.
            var busy = 0
        }

        let state: Mutex<State>

        init(first: [UInt8], identity: DirectoryIdentity) {
            state = Mutex(State(pending: [(first, 0)], seen: [identity]))
        }
    }

    private func walkFolders(_ shared: SharedWalk, worker: Int, device: dev_t, visit: (Int, Entry) -> Void) {
        let prefixCount = root.prefix.utf8.count
        var child = [UInt8]()
        while true {
            let next: ([UInt8], Int)? = shared.state.withLock { state in
                if let folder = state.pending.popLast() {
                    state.busy += 1
                    return folder
                }
                return nil
            }
            guard let (folder, depth) = next else {
                // Nothing pending: done, unless another worker may still add folders.
                if shared.state.withLock({ $0.busy == 0 && $0.pending.isEmpty }) { return }
                usleep(200)
                continue
            }
            var skipped: [Skipped] = []
            var identities: [(DirectoryIdentity, [UInt8], String)] = []
            defer {
                shared.state.withLock { state in
                    for (identity, path, display) in identities {
                        // A folder seen before (a bind mount looping back) is not walked twice.
                        if state.seen.insert(identity).inserted {
                            state.pending.append((path, depth + 1))
                        } else {
                            state.skipped.append(Skipped(path: display, reason: "already walked (a loop)"))
                        }
                    }
                    state.skipped.append(contentsOf: skipped)
                    state.busy -= 1
                }
            }
            let fd = (folder + [0]).withUnsafeBufferPointer {
                open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self),
                     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            }
            guard fd >= 0, let directory = fdopendir(fd) else {
                let reason = HostRoot.errorText(errno)
                skipped.append(Skipped(path: Self.display(Array(folder.dropFirst(prefixCount))), reason: reason))
                continue
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                // The name is read in place: a dirent is only as long as its name, so copying the whole
                // struct (256 bytes of d_name) could read past the end of readdir's buffer.
                let name = direntName(entry)
                let nameLength = strlen(name)
                if nameLength == 1 && name[0] == 0x2E || nameLength == 2 && name[0] == 0x2E && name[1] == 0x2E { continue }
                var entryInfo = stat()
                let status = fstatat(dirfd(directory), name, &entryInfo, AT_SYMLINK_NOFOLLOW)
                child.removeAll(keepingCapacity: true)
                child.append(contentsOf: folder)
                if folder.last != 0x2F { child.append(0x2F) }
                name.withMemoryRebound(to: UInt8.self, capacity: nameLength) { bytes in
                    child.append(contentsOf: UnsafeBufferPointer(start: bytes, count: nameLength))
                }
                let hostPath = prefixCount == 0 ? child : Array(child.dropFirst(prefixCount))
                if status != 0 {
                    skipped.append(Skipped(path: Self.display(hostPath), reason: HostRoot.errorText(errno)))
                    continue
                }
                visit(worker, Entry(path: hostPath.isEmpty ? [0x2F] : hostPath, mode: entryInfo.st_mode,
                                    size: Int64(entryInfo.st_size), modified: Int(entryInfo.st_mtim.tv_sec),
                                    uid: entryInfo.st_uid, gid: entryInfo.st_gid))
                guard entryInfo.st_mode & S_IFMT == S_IFDIR else { continue }
                if options.sameFilesystem, entryInfo.st_dev != device {
                    skipped.append(Skipped(path: Self.display(hostPath), reason: "on another filesystem"))
                    continue
                }
                if depth + 1 > options.maximumDepth {
                    skipped.append(Skipped(path: Self.display(hostPath), reason: "deeper than \(options.maximumDepth) folders"))
                    continue
                }
                identities.append((DirectoryIdentity(device: entryInfo.st_dev, inode: entryInfo.st_ino), child, Self.display(hostPath)))
            }
        }
    }

    struct DirectoryIdentity: Hashable, Sendable {
        var device: dev_t
        var inode: ino_t
    }

    /// Bytes as text: valid UTF-8 as is, anything else (and control characters) as \xNN.
    public static func display(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self), !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
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

/// A directory entry's name, in place (see readdir(3): the record may be shorter than `dirent`).
func direntName(_ entry: UnsafeMutablePointer<dirent>) -> UnsafePointer<CChar> {
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    return UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self)
}
