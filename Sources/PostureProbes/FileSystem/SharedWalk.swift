import Foundation
import Synchronization

extension TreeWalker {
    /// A turn of work: read the next names of an open folder, or open a folder queued by path.
    enum Work: Sendable {
        case read(OpenFolder)
        /// A folder found while the descriptor budget was spent: opened from the start folder,
        /// component by component with `O_NOFOLLOW`, when its turn comes.
        case open(path: [UInt8], identity: DirectoryIdentity, depth: Int)
    }

    /// What the workers share: the queue, the folders seen, what was skipped.
    final class SharedWalk: Sendable {
        struct State {
            /// Folders part-read: taken first, so a folder is read to its end before the next is
            /// started, and at most one turn per worker holds a folder open for reading.
            var continuing: [OpenFolder] = []
            /// Folders still to start, last found first (depth first, so the queue stays short).
            var pending: [Work]
            var seen: Set<DirectoryIdentity>
            var skipped: [Skipped] = []
            /// Workers on a turn now; the walk is over when none is and nothing is queued.
            var busy = 0
        }

        let state: Mutex<State>
        let start: OpenFolder
        /// The start's filesystem (for `sameFilesystem`).
        let device: dev_t
        let budget: DescriptorBudget
        let options: Options

        init(start: OpenFolder, identity: DirectoryIdentity, budget: DescriptorBudget, options: Options) {
            state = Mutex(State(pending: [.read(start)], seen: [identity]))
            self.start = start
            device = identity.device
            self.budget = budget
            self.options = options
        }

        var skipped: [Skipped] { state.withLock { $0.skipped } }

        /// One worker: takes turns until the queue is empty and no other worker can add to it.
        func work(worker: Int, visit: (Int, Entry) -> Void) {
            var idle = 0
            while true {
                let next: Work? = state.withLock { state in
                    if let folder = state.continuing.popLast() {
                        state.busy += 1
                        return .read(folder)
                    }
                    if let work = state.pending.popLast() {
                        state.busy += 1
                        return work
                    }
                    return nil
                }
                guard let next else {
                    // Nothing queued: done, unless another worker may still add to the queue.
                    if state.withLock({ $0.busy == 0 && $0.continuing.isEmpty && $0.pending.isEmpty }) { return }
                    idle += 1
                    if idle < 64 { sched_yield() } else { usleep(100) }
                    continue
                }
                idle = 0
                var turn = Turn()
                switch next {
                case .read(let folder):
                    read(folder, worker: worker, turn: &turn, visit: visit)
                case .open(let path, let identity, let depth):
                    if let folder = reopen(path, identity: identity, depth: depth, turn: &turn) {
                        read(folder, worker: worker, turn: &turn, visit: visit)
                    }
                }
                finish(turn)
            }
        }

        /// What one turn found, published under the lock at its end.
        struct Turn {
            var folders: [Work] = []
            var skipped: [Skipped] = []
        }

        /// Reads a batch of names from `folder` (handing the rest of the folder to the queue at
        /// once, for the other workers), then stats and visits each, queueing new subfolders.
        private func read(_ folder: OpenFolder, worker: Int, turn: inout Turn, visit: (Int, Entry) -> Void) {
            var batch = NameBatch(capacity: TreeWalker.batchNames)
            let (more, error) = folder.readNames(into: &batch, limit: TreeWalker.batchNames)
            if more {
                state.withLock { $0.continuing.append(folder) }
            } else if let error {
                turn.skipped.append(Skipped(path: TreeWalker.display(folder.path), reason: HostRoot.errorText(error)))
            }
            var subfolders: [(name: ArraySlice<UInt8>, identity: DirectoryIdentity)] = []
            for index in 0..<batch.count {
                let name = batch.nameWithNUL(index)
                var info = stat()
                guard withCName(name, { fstatat(folder.fd, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else {
                    turn.skipped.append(
                        Skipped(path: TreeWalker.display(folder.childPath(name.dropLast())), reason: HostRoot.errorText(errno)))
                    continue
                }
                visit(worker, Entry(folder: folder, nameWithNUL: name, info: info))
                guard info.st_mode & S_IFMT == S_IFDIR else { continue }
                if options.sameFilesystem, info.st_dev != device {
                    turn.skipped.append(
                        Skipped(
                            path: TreeWalker.display(folder.childPath(name.dropLast())), reason: "on another filesystem",
                            cause: .otherFilesystem))
                    continue
                }
                if folder.depth + 1 > options.maximumDepth {
                    turn.skipped.append(
                        Skipped(
                            path: TreeWalker.display(folder.childPath(name.dropLast())),
                            reason: "deeper than \(options.maximumDepth) folders", cause: .tooDeep))
                    continue
                }
                subfolders.append((name, DirectoryIdentity(device: info.st_dev, inode: info.st_ino)))
            }
            guard !subfolders.isEmpty else { return }
            // A folder seen before (a bind mount looping back) is not walked twice.
            let fresh: [Bool] = state.withLock { state in subfolders.map { state.seen.insert($0.identity).inserted } }
            for ((name, identity), isFresh) in zip(subfolders, fresh) {
                let path = folder.childPath(name.dropLast())
                guard isFresh else {
                    turn.skipped.append(Skipped(path: TreeWalker.display(path), reason: "already walked (a loop)", cause: .loop))
                    continue
                }
                guard budget.available else {
                    turn.folders.append(.open(path: path, identity: identity, depth: folder.depth + 1))
                    continue
                }
                let fd = withCName(name) { openat(folder.fd, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) }
                if let child = opened(fd, path: path, identity: identity, depth: folder.depth + 1, turn: &turn) {
                    turn.folders.append(.read(child))
                }
            }
        }

        /// Opens a folder queued by path: each component below the start, relative to the one
        /// before, never following a link.
        private func reopen(_ path: [UInt8], identity: DirectoryIdentity, depth: Int, turn: inout Turn) -> OpenFolder? {
            let below = path.dropFirst(start.path.count)
            var fd = dup(start.fd)
            for component in below.split(separator: 0x2F) where fd >= 0 {
                let next = withCName(ArraySlice(component + [0])) {
                    openat(fd, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
                }
                let saved = errno
                close(fd)
                errno = saved
                fd = next
            }
            return opened(fd, path: path, identity: identity, depth: depth, turn: &turn)
        }

        /// The folder for a freshly opened descriptor, if it is still the folder the walk stat'ed.
        private func opened(_ fd: Int32, path: [UInt8], identity: DirectoryIdentity, depth: Int, turn: inout Turn) -> OpenFolder? {
            guard fd >= 0 else {
                turn.skipped.append(Skipped(path: TreeWalker.display(path), reason: HostRoot.errorText(errno)))
                return nil
            }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_dev == identity.device, info.st_ino == identity.inode else {
                close(fd)
                turn.skipped.append(Skipped(path: TreeWalker.display(path), reason: "changed during the walk; not read"))
                return nil
            }
            guard let folder = OpenFolder(fd: fd, path: path, depth: depth, budget: budget) else {
                turn.skipped.append(Skipped(path: TreeWalker.display(path), reason: HostRoot.errorText(errno)))
                return nil
            }
            return folder
        }

        private func finish(_ turn: Turn) {
            state.withLock { state in
                state.pending.append(contentsOf: turn.folders)
                state.skipped.append(contentsOf: turn.skipped)
                state.busy -= 1
            }
        }
    }
}
