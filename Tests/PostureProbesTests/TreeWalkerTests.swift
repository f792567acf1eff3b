import Foundation
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
        ftruncate(sparse, 1 << 40) // a terabyte of holes: never read
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
}
