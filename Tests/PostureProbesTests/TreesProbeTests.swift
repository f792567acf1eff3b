import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

@Suite("Folder trees: retention and content")
struct TreesProbeTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func age(_ root: FixtureRoot, _ path: String, days: Double) {
        let time = now.timeIntervalSince1970 - days * 86_400
        var times = [timespec(tv_sec: Int(time), tv_nsec: 0), timespec(tv_sec: Int(time), tv_nsec: 0)]
        utimensat(AT_FDCWD, root.path + path, &times, AT_SYMLINK_NOFOLLOW)
    }

    func request(_ root: String, retention: [TreeRequest.Retention] = [], kinds: Set<String> = [], maxBytes: Int = 1 << 30) -> FactRequest {
        FactRequest(trees: [
            root: TreeRequest(
                retention: Set(retention),
                content: kinds.isEmpty ? nil : .init(include: ["*"], kinds: kinds, maxFileBytes: maxBytes))
        ])
    }

    @Test("one walk answers every retention question on a folder: counts, bytes and the oldest first")
    func retention() throws {
        let root = try FixtureRoot()
        for (name, days) in [("a.wav", 400.5), ("b.wav", 800.5), ("c.csv", 100.5), ("d.csv", 10.5), ("sub/e.wav", 366.5)] {
            try root.write("/home/ann/\(name)", String(repeating: "x", count: 100))
            age(root, "/home/ann/\(name)", days: days)
        }
        let inventory = Collector.collect(
            root: root.path,
            request: request(
                "/home",
                retention: [
                    .init(include: ["*.wav"], olderThanDays: 365), .init(include: ["*.csv"], olderThanDays: 90),
                    .init(include: ["*"], olderThanDays: 700),
                ]), now: now)
        let tree = try #require(inventory.trees?.first)
        #expect(tree.files == 5 && tree.bytes == 500)
        let byQuestion = Dictionary(uniqueKeysWithValues: (tree.retention ?? []).map { ("\($0.include)\($0.olderThanDays)", $0) })
        #expect(byQuestion["[\"*.wav\"]365"]?.count == 3)
        #expect(byQuestion["[\"*.wav\"]365"]?.samples.map(\.path) == ["/home/ann/b.wav", "/home/ann/a.wav", "/home/ann/sub/e.wav"])
        #expect(byQuestion["[\"*.csv\"]90"]?.count == 1)
        #expect(byQuestion["[\"*\"]700"]?.count == 1)
        #expect(byQuestion["[\"*\"]700"]?.bytes == 100)
    }

    @Test("a missing folder is reported as absent, not as an error")
    func missing() throws {
        let root = try FixtureRoot()
        let inventory = Collector.collect(
            root: root.path, request: request("/srv/exports", retention: [.init(include: ["*"], olderThanDays: 1)]))
        #expect(inventory.trees?.first?.exists == false)
        #expect(inventory.trees?.first?.error == nil)
    }

    @Test("hostile trees: FIFO, symlink loop, sparse terabyte, odd names; nothing hangs, each is accounted for")
    func hostile() throws {
        let root = try FixtureRoot()
        try root.write("/home/ann/notes.txt", "call back, card 4111 1111 1111 1111\n")
        try root.fifo("/home/ann/pipe.txt")
        try root.symlink("/home/ann/loop", to: "/home")
        try root.symlink("/home/ann/outside.txt", to: "/etc/passwd")
        try root.write("/home/ann/new\nline.txt", "ssn 123-45-6789\n")
        root.write(rawName: [UInt8]("bad-".utf8) + [0xFF] + [UInt8](".txt".utf8), in: "/home/ann")
        let bad = root.path + "/home/ann/bad-\u{FFFD}.txt"
        _ = bad
        try root.write("/home/ann/sparse.log", "")
        let sparse = open(root.path + "/home/ann/sparse.log", O_WRONLY)
        ftruncate(sparse, 1 << 40)
        close(sparse)
        try root.write("/home/ann/photo.jpg", [0xFF, 0xD8, 0x00, 0x10] + Array("4111111111111111".utf8))
        let started = ContinuousClock.now
        let inventory = Collector.collect(root: root.path, request: request("/home", kinds: ["card", "ssn"], maxBytes: 1 << 30))
        #expect(ContinuousClock.now - started < .seconds(10))
        let tree = try #require(inventory.trees?.first)
        let content = try #require(tree.content)
        #expect(content.skippedLarge == 1, "the sparse terabyte is not read")
        #expect(content.skippedBinary == 1, "the JPEG is not read as text")
        #expect(content.skippedSamples.contains { $0.path == "/home/ann/sparse.log" && $0.reason.hasPrefix("larger than") })
        #expect(content.scannedFiles == 3, "notes, the newline name and the invalid UTF-8 name")
        let sensitive = try #require(inventory.sensitive)
        #expect(sensitive.contains { $0.kind == "card" && $0.path == "/home/ann/notes.txt" && $0.line == 1 })
        #expect(sensitive.contains { $0.kind == "ssn" && $0.path == "/home/ann/new\\x0Aline.txt" })
        #expect(!sensitive.contains { $0.path.contains("passwd") || $0.path.contains("pipe") }, "links and FIFOs are not read")
        #expect(sensitive.allSatisfy { !($0.sample ?? "").contains("1111 1111") })
    }
}
