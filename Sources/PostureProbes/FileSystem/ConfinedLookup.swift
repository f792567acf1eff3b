import Foundation
import Synchronization

/// Opens host paths inside a root through descriptors only, so no name is resolved twice: a
/// process writing inside the root (a running container) can swap a folder for a symlink at any
/// moment, and the worst it can achieve is a file that is still inside the root.
///
/// The kernel does it when it can (`openat2` with `RESOLVE_IN_ROOT`: absolute symlinks and `..`
/// stay in the root, magic links refused); otherwise the walk is done here, one component at a
/// time from the root's descriptor, each opened with `O_PATH | O_NOFOLLOW` and a symlink read from
/// the descriptor it was found as (`readlinkat(fd, "")`) and resolved inside the root again.
final class ConfinedLookup: Sendable {
    /// The root's `O_PATH` descriptor, held for the life of the collection; -1 if it cannot be opened.
    let rootFD: Int32
    /// Why the root could not be opened (errno), 0 when it is open.
    let rootError: Int32
    /// Magic links (/proc/self/...) are refused inside an offline root; the live host keeps them.
    let refusesMagicLinks: Bool

    /// False to do every lookup here, without the kernel's (tests check both).
    let triesKernel: Bool

    init(rootPath: String, refusesMagicLinks: Bool, triesKernel: Bool = true) {
        self.triesKernel = triesKernel
        let fd = Glibc.open(rootPath.isEmpty ? "/" : rootPath, Self.pathOnly | O_DIRECTORY | O_CLOEXEC)
        rootFD = fd
        rootError = fd >= 0 ? 0 : errno
        self.refusesMagicLinks = refusesMagicLinks
    }

    /// `O_PATH` (a descriptor that names a file without opening it), which Swift's Glibc module
    /// leaves out (it is a GNU extension); the same value on x86-64 and arm64 Linux.
    static let pathOnly: Int32 = 0o10000000

    deinit {
        if rootFD >= 0 { close(rootFD) }
    }

    /// An `O_PATH` descriptor for a host path (the caller closes it). The last component is
    /// followed if it is a symlink unless `followLast` is false.
    func open(_ path: String, followLast: Bool) throws(HostRoot.ReadError) -> Int32 {
        guard rootFD >= 0 else { throw .system("cannot open the root: \(HostRoot.errorText(rootError))") }
        if triesKernel, let fd = try kernelOpen(path, followLast: followLast) { return fd }
        return try walkOpen(path, followLast: followLast)
    }

    /// False once the kernel has said it has no `openat2` (or a seccomp filter refuses it).
    private static let kernelHasOpenat2 = Atomic<Bool>(true)

    /// `openat2` from the C library's `syscall`, which Swift cannot call directly (it is variadic);
    /// on x86-64 and arm64 Linux a variadic call passes integers and pointers as a fixed one does.
    private typealias SyscallFunction = @convention(c) (Int, Int32, UnsafePointer<CChar>, UnsafeRawPointer, Int) -> Int
    private static let syscallFunction: SyscallFunction? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "syscall") else { return nil }
        return unsafeBitCast(symbol, to: SyscallFunction.self)
    }()
    private static let openat2Number = 437
    private static let resolveNoMagicLinks: UInt64 = 0x02
    private static let resolveInRoot: UInt64 = 0x10

    /// `struct open_how` of openat2(2).
    private struct OpenHow {
        var flags: UInt64
        var mode: UInt64
        var resolve: UInt64
    }

    /// The kernel's confined lookup; nil when the kernel cannot do it (then the walk here does).
    private func kernelOpen(_ path: String, followLast: Bool) throws(HostRoot.ReadError) -> Int32? {
        guard Self.kernelHasOpenat2.load(ordering: .relaxed), let call = Self.syscallFunction else { return nil }
        var how = OpenHow(
            flags: UInt64(Self.pathOnly | O_CLOEXEC | (followLast ? 0 : O_NOFOLLOW)), mode: 0,
            resolve: Self.resolveInRoot | (refusesMagicLinks ? Self.resolveNoMagicLinks : 0))
        let relative = path.drop { $0 == "/" }
        // EAGAIN: a rename raced a `..` and the kernel could not prove it stayed inside; try again.
        for _ in 0..<16 {
            let result = String(relative.isEmpty ? "." : relative).withCString { name in
                withUnsafePointer(to: &how) { call(Self.openat2Number, rootFD, name, UnsafeRawPointer($0), MemoryLayout<OpenHow>.size) }
            }
            if result >= 0 { return Int32(result) }
            switch errno {
            case EAGAIN, EINTR: continue
            case ENOSYS, EPERM:
                Self.kernelHasOpenat2.store(false, ordering: .relaxed)
                return nil
            default: throw Self.failure(errno)
            }
        }
        throw .system("the path kept changing while being opened; not read")
    }

    /// The same lookup done here, component by component from the root's descriptor.
    private func walkOpen(_ path: String, followLast: Bool) throws(HostRoot.ReadError) -> Int32 {
        var pending = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).reversed() as [String]
        // The folders from the root down to the current one, as descriptors: `..` steps back one
        // (never above the root), an absolute symlink goes back to the root.
        var folders: [Int32] = []
        defer { for fd in folders { close(fd) } }
        func current() -> Int32 { folders.last ?? rootFD }
        var followed = 0
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                if let fd = folders.popLast() { close(fd) }
                continue
            }
            let isLast = pending.isEmpty
            let fd = openat(current(), component, Self.pathOnly | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw Self.failure(errno) }
            var info = stat()
            guard fstat(fd, &info) == 0 else {
                let saved = errno
                close(fd)
                throw Self.failure(saved)
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK where !isLast || followLast:
                followed += 1
                let target = Self.readLink(fd)
                close(fd)
                guard followed <= HostRoot.maximumSymlinks else { throw .symlinkLoop }
                guard let target else { throw Self.failure(errno) }
                if target.hasPrefix("/") {
                    for fd in folders { close(fd) }
                    folders.removeAll()
                }
                pending.append(contentsOf: target.split(separator: "/", omittingEmptySubsequences: true).map(String.init).reversed())
            case _ where isLast:
                return fd
            case S_IFDIR:
                folders.append(fd)
            default:
                close(fd)
                throw .notFound
            }
        }
        let fd = dup(current())
        guard fd >= 0 else { throw Self.failure(errno) }
        return fd
    }

    /// The target of the symlink a descriptor was opened on (`O_PATH | O_NOFOLLOW`).
    static func readLink(_ fd: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(fd, "", &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A second descriptor on the very file an `O_PATH` descriptor holds, opened for reading
    /// through /proc/self/fd (the file itself, not its name; nothing is looked up in the root).
    static func reopenForReading(_ fd: Int32, directory: Bool = false) -> Int32 {
        if directory {
            return openat(fd, ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        }
        return Glibc.open("/proc/self/fd/\(fd)", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
    }

    /// Where a descriptor's file is on this machine (from /proc/self/fd), nil if /proc cannot say.
    static func realPath(_ fd: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func failure(_ code: Int32) -> HostRoot.ReadError {
        switch code {
        case ENOENT, ENOTDIR: .notFound
        case ELOOP: .symlinkLoop
        default: .system(HostRoot.errorText(code))
        }
    }
}
