import Foundation
import Synchronization
import Testing

@testable import PostureProbes

/// A process inside `--root DIR` (a running container) swaps a folder for a symlink to a folder
/// outside DIR, and back, as fast as it can, while posture reads: nothing outside may be read.
@Suite("Root confinement under a swapping race")
struct RootConfinementTests {
    static let reads = 2500

    /// The root, a folder outside it, and a thread that keeps swapping `/srv/data` (a folder) for
    /// a symlink to the outside folder with rename(2), until stopped.
    final class SwappingRoot: Sendable {
        let root: String
        let outside: String
        let stop = Atomic<Bool>(false)
        let swaps = Atomic<Int>(0)
        let done = DispatchSemaphore(value: 0)

        init(linkTarget: (String) -> String) throws {
            let base = FileManager.default.temporaryDirectory.appending(path: "posture-race-\(UUID().uuidString)").path
            root = base + "/root"
            outside = base + "/outside"
            for folder in [root + "/srv/data/sub", outside + "/sub"] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try "inside\n".write(toFile: root + "/srv/data/secret.txt", atomically: false, encoding: .utf8)
            try "inside\n".write(toFile: root + "/srv/data/sub/secret.txt", atomically: false, encoding: .utf8)
            try "OUTSIDE\n".write(toFile: outside + "/secret.txt", atomically: false, encoding: .utf8)
            try "OUTSIDE\n".write(toFile: outside + "/sub/secret.txt", atomically: false, encoding: .utf8)
            try "".write(toFile: outside + "/outside-only.txt", atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: root + "/srv/link", withDestinationPath: linkTarget(outside))
        }

        func start() {
            let data = root + "/srv/data"
            let parked = root + "/srv/data.real"
            let link = root + "/srv/link"
            Thread.detachNewThread { [self] in
                while !stop.load(ordering: .relaxed) {
                    rename(data, parked)
                    rename(link, data)
                    rename(data, link)
                    rename(parked, data)
                    swaps.add(1, ordering: .relaxed)
                }
                done.signal()
            }
        }

        func finish() {
            stop.store(true, ordering: .relaxed)
            done.wait()
            try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent)
        }
    }

    static let targets: [(String, @Sendable (String) -> String)] = [
        ("absolute", { $0 }),
        ("dot-dot", { "../../../../../../../../../../.." + $0 }),
    ]

    @Test(
        "reads, stats, listings and walks never reach outside the root while a folder is swapped for a symlink",
        arguments: [true, false], ["absolute", "dot-dot"])
    func swappedFolder(kernelLookup: Bool, target: String) throws {
        let linkTarget = try #require(Self.targets.first { $0.0 == target }?.1)
        let race = try SwappingRoot(linkTarget: linkTarget)
        let host = HostRoot(root: race.root, kernelLookup: kernelLookup)
        race.start()
        defer { race.finish() }
        var readInside = 0
        var leaks: [String] = []
        for attempt in 0..<Self.reads {
            let path = attempt % 2 == 0 ? "/srv/data/secret.txt" : "/srv/data/sub/secret.txt"
            if let (bytes, _) = try? host.read(path) {
                let text = String(decoding: bytes, as: UTF8.self)
                if text == "inside\n" { readInside += 1 } else { leaks.append("read \(path): \(text)") }
            }
            if let names = try? host.list("/srv/data"), names.contains("outside-only.txt") {
                leaks.append("listed the outside folder")
            }
            if attempt % 10 == 0 {
                _ = try? TreeWalker(root: host).walk("/srv") { entry in
                    if entry.name.elementsEqual("outside-only.txt".utf8) { leaks.append("walked into the outside folder") }
                }
            }
        }
        #expect(leaks.isEmpty, "\(leaks.count) reads outside the root, e.g. \(leaks.first ?? "")")
        #expect(readInside > 0, "the race left no read inside the root, so nothing was tested")
        #expect(race.swaps.load(ordering: .relaxed) > 100, "the folder was hardly swapped")
        print(
            "root confinement (\(kernelLookup ? "openat2" : "walk"), \(target)): \(Self.reads) reads, \(readInside) inside, \(race.swaps.load(ordering: .relaxed)) swaps, 0 outside"
        )
    }

    @Test("the walk done without openat2 resolves links inside the root as the kernel does", arguments: [true, false])
    func walkMatchesKernel(kernelLookup: Bool) throws {
        let root = try FixtureRoot()
        try root.write("/srv/real/file.txt", "real")
        try root.symlink("/etc/absolute", to: "/srv/real/file.txt")
        try root.symlink("/etc/dotdot", to: "../../../../srv/real/file.txt")
        try root.symlink("/etc/folder", to: "../srv/real")
        try root.symlink("/etc/loop", to: "/etc/loop")
        let host = HostRoot(root: root.path, kernelLookup: kernelLookup)
        for path in ["/etc/absolute", "/etc/dotdot", "/etc/folder/file.txt", "/../../srv/real/./file.txt", "/etc/folder/../real/file.txt"] {
            #expect(try String(decoding: host.read(path).bytes, as: UTF8.self) == "real", "\(path)")
        }
        #expect(host.linkTarget("/etc/folder") == "../srv/real")
        #expect(try host.lstatEntry("/etc/folder").st_mode & S_IFMT == S_IFLNK)
        #expect(try host.statEntry("/etc/folder").st_mode & S_IFMT == S_IFDIR)
        #expect(try host.list("/etc/folder") == ["file.txt"])
        #expect(throws: HostRoot.ReadError.symlinkLoop) { try host.read("/etc/loop") }
        #expect(throws: HostRoot.ReadError.notFound) { try host.read("/srv/real/file.txt/more") }
        #expect(throws: HostRoot.ReadError.notFound) { try host.read("/nothing/here") }
    }
}
