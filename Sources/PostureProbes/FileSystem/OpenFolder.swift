import Foundation
import Synchronization

/// A folder the walk holds open: its descriptor, through which its entries are stat'ed and its
/// files and subfolders opened (`fstatat`/`openat` with `O_NOFOLLOW`, never a path re-resolved from
/// the root), and the stream of its names. It closes itself when the last entry that needs it is done.
///
/// `@unchecked Sendable`: `fd`, `path` and `depth` never change; the name stream is read by one
/// worker at a time, the one that took the folder's read turn from the walk's queue (handed over
/// under the queue's lock), and closed only in `deinit`, when no one holds the folder any more.
public final class OpenFolder: @unchecked Sendable {
    /// The folder's descriptor, valid as long as this object lives.
    public let fd: Int32
    /// The host path (without the root prefix), as bytes; `/` for the top of the host.
    public let path: [UInt8]
    /// Folders between this one and the start of the walk.
    let depth: Int
    private let stream: OpaquePointer
    private let budget: DescriptorBudget?

    /// Takes ownership of `fd` (an open folder); nil (and `fd` closed) if it cannot be streamed.
    init?(fd: Int32, path: [UInt8], depth: Int, budget: DescriptorBudget?) {
        guard let stream = fdopendir(fd) else {
            close(fd)
            return nil
        }
        self.fd = fd
        self.path = path
        self.depth = depth
        self.stream = stream
        self.budget = budget
        budget?.taken()
    }

    deinit {
        closedir(stream)
        budget?.returned()
    }

    /// Appends the next names (at most `limit`, without `.` and `..`) to `batch`; false at the end
    /// of the folder or on a read error (`errno` then set, and `error` true).
    func readNames(into batch: inout NameBatch, limit: Int) -> (more: Bool, error: Int32?) {
        while batch.count < limit {
            errno = 0
            guard let entry = readdir(stream) else {
                return (false, errno == 0 ? nil : errno)
            }
            // The name is read in place: a dirent is only as long as its name, so copying the whole
            // struct (256 bytes of d_name) could read past the end of readdir's buffer.
            let name = direntName(entry)
            let length = strlen(name)
            if length == 1 && name[0] == 0x2E || length == 2 && name[0] == 0x2E && name[1] == 0x2E { continue }
            name.withMemoryRebound(to: UInt8.self, capacity: length + 1) {
                batch.append(UnsafeBufferPointer(start: $0, count: length))
            }
        }
        return (true, nil)
    }

    /// The host path of an entry in this folder.
    func childPath(_ name: ArraySlice<UInt8>) -> [UInt8] {
        var child = [UInt8]()
        child.reserveCapacity(path.count + 1 + name.count)
        child.append(contentsOf: path)
        if path.last != 0x2F { child.append(0x2F) }
        child.append(contentsOf: name)
        return child
    }
}

/// Names read from a folder, packed in one buffer (each followed by a NUL for the system calls),
/// so a batch of hundreds of names is one allocation, not one per name.
struct NameBatch {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    var count: Int { ends.count }

    init(capacity: Int) {
        bytes.reserveCapacity(capacity * 24)
        ends.reserveCapacity(capacity)
    }

    mutating func append(_ name: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: name)
        bytes.append(0)
        ends.append(bytes.count)
    }

    /// Name `index`, its NUL included.
    func nameWithNUL(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes[start..<ends[index]]
    }
}

/// How many folders the walk may hold open at once: past it, subfolders are queued by path and
/// opened when their turn comes, so a wide tree cannot run the process out of descriptors.
final class DescriptorBudget: Sendable {
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    var available: Bool { open.load(ordering: .relaxed) < limit }
    func taken() { open.add(1, ordering: .relaxed) }
    func returned() { open.subtract(1, ordering: .relaxed) }
}

/// Calls `body` with a NUL-terminated name (a slice that ends with its NUL) as a C string.
@inline(__always)
func withCName<Result>(_ nameWithNUL: ArraySlice<UInt8>, _ body: (UnsafePointer<CChar>) -> Result) -> Result {
    nameWithNUL.withUnsafeBufferPointer { buffer in
        body(UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self))
    }
}

/// A directory entry's name, in place (see readdir(3): the record may be shorter than `dirent`).
func direntName(_ entry: UnsafeMutablePointer<dirent>) -> UnsafePointer<CChar> {
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    return UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self)
}
