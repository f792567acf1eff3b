import Foundation
import Synchronization
import Testing

@testable import PostureProbes

@Suite("Tree walker")
struct TreeWalkerTests {
    @Test("one pass: every entry once, no symlink followed, hostile names kept, unreadable folders reported")
    func hostileTree() throws {
        let root = try FixtureRoot()
        try root.write("/data/a.txt", "a")
        try root.write("/data/sub/b.txt", "b")
        try root.write("/data/new\nline.txt", "c")
        root.write(rawName: [UInt8]("bad-".utf8) + [0xFF, 0xFE] + [UInt8](".txt".utf8), in: "/data")
        try root.fifo("/data/pipe")
        try root.symlink("/data/loop", to: "/data")
        try root.symlink("/data/outside", to: "/")
        try root.folder("/data/locked", mode: 0o000)
        try root.write("/data/sparse", "")
        let sparse = open(root.path + "/data/sparse", O_WRONLY)
        ftruncate(sparse, 1 << 40)  // a terabyte of holes: never read
        close(sparse)
        var seen: [String: mode_t] = [:]
        let skipped = try TreeWalker(root: HostRoot(root: root.path)).walk("/data") { entry in
            seen[entry.displayPath] = entry.type
        }
        #expect(seen["/data/a.txt"] == S_IFREG)
        #expect(seen["/data/sub/b.txt"] == S_IFREG)
        #expect(seen["/data/new\\x0Aline.txt"] == S_IFREG)
        #expect(seen["/data/bad-\\xFF\\xFE.txt"] == S_IFREG)
        #expect(seen["/data/pipe"] == S_IFIFO)
        #expect(seen["/data/loop"] == S_IFLNK)
        #expect(seen["/data/outside"] == S_IFLNK)
        #expect(seen["/data/sparse"] == S_IFREG)
        #expect(seen.count == 10)
        if getuid() != 0 {
            #expect(skipped.map(\.path) == ["/data/locked"])
        }
    }

    @Test("walking a FIFO or a missing folder is an error, not a hang")
    func notAFolder() throws {
        let root = try FixtureRoot()
        try root.fifo("/pipe")
        let walker = TreeWalker(root: HostRoot(root: root.path))
        #expect(throws: HostRoot.ReadError.self) { try walker.walk("/pipe") { _ in } }
        #expect(throws: HostRoot.ReadError.notFound) { try walker.walk("/missing") { _ in } }
    }

    @Test("counts agree with find -xdev on a real tree", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/find")))
    func agreesWithFind() throws {
        var count = 0
        try TreeWalker(root: HostRoot(root: nil)).walk("/usr/share/doc") { _ in count += 1 }
        let find = try output("/usr/bin/find", ["/usr/share/doc", "-xdev", "-mindepth", "1"])
        #expect(count == find.split(separator: "\n").count)
    }

    @Test("two workers on one folder of more names than a batch, and on more folders than may be open: every entry exactly once")
    func sharedBatchesAndDescriptorBudget() throws {
        let root = try FixtureRoot()
        let flat = TreeWalker.batchNames * 7 + 3
        try root.folder("/data")
        for index in 0..<flat { root.write(rawName: Array("f\(index)".utf8), in: "/data") }
        // Wide, then deep: more folders at once than the walk holds open, so some are queued by
        // path and reopened from the start, component by component.
        let wide = TreeWalker.openFolders + 40
        for index in 0..<wide { try root.write("/data/w\(index)/x\(index % 5)/leaf.txt", "x") }
        let seen = Mutex<[String: Int]>([:])
        let skipped = try TreeWalker(root: HostRoot(root: root.path)).walk("/data", workers: 2) { _, entry in
            seen.withLock { $0[entry.displayPath, default: 0] += 1 }
        }
        let counts = seen.withLock { $0 }
        #expect(skipped.isEmpty, "\(skipped.prefix(3))")
        #expect(counts.count == flat + wide * 3)
        #expect(counts.values.allSatisfy { $0 == 1 }, "an entry visited twice")
        #expect(counts["/data/f0"] == 1 && counts["/data/f\(flat - 1)"] == 1)
        #expect(counts["/data/w\(wide - 1)/x\((wide - 1) % 5)/leaf.txt"] == 1)
    }

    @Test("a folder swapped for a symlink after it was listed is not followed")
    func swappedFolder() throws {
        let root = try FixtureRoot()
        try root.write("/data/real/inside.txt", "x")
        try root.write("/secret/outside.txt", "x")
        var seen: [String] = []
        _ = try TreeWalker(root: HostRoot(root: root.path)).walk("/data") { entry in
            seen.append(entry.displayPath)
            // Between the stat of /data/real and its opening: replace it with a link out of the tree.
            if entry.displayPath == "/data/real" {
                rename(root.path + "/data/real", root.path + "/data/moved")
                Foundation.symlink(root.path + "/secret", root.path + "/data/real")
            }
        }
        #expect(!seen.contains { $0.contains("outside") }, "\(seen)")
    }

    @Test("entries open relative to their folder, and a FIFO is never opened")
    func openRelative() throws {
        let root = try FixtureRoot()
        try root.write("/data/a.txt", "hello")
        try root.fifo("/data/pipe")
        var opened: [String: Int] = [:]
        _ = try TreeWalker(root: HostRoot(root: root.path)).walk("/data") { entry in
            guard entry.isRegularFile else { return }
            let fd = entry.openForReading()
            defer { if fd >= 0 { close(fd) } }
            var bytes = [UInt8](repeating: 0, count: 16)
            opened[entry.displayPath] = fd < 0 ? -1 : read(fd, &bytes, 16)
        }
        #expect(opened == ["/data/a.txt": 5])
    }
}
