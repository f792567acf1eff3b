import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// Input built to hide what a scan looks for where a reader might not look: UTF-16 exports, a
/// number across a read boundary, folders deeper than PATH_MAX, a file past the content limit.
@Suite("Nothing passed over unseen")
struct UnseenInputTests {
    func cardScan(_ root: FixtureRoot, under folder: String = "/home") -> Inventory {
        Collector.collect(
            root: root.path,
            request: FactRequest(
                families: [.trees, .sensitive],
                trees: [folder: TreeRequest(content: .init(include: ["*"], kinds: ["card", "ssn"], maxFileBytes: 1 << 30))]))
    }

    static func utf16(_ text: String, bigEndian: Bool, byteOrderMark: Bool) -> [UInt8] {
        var bytes: [UInt8] = byteOrderMark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test(
        "UTF-16 exports (LE and BE with a byte-order mark, LE without) are decoded and scanned, not passed over as binary",
        arguments: [(false, true), (true, true), (false, false)])
    func utf16Export(bigEndian: Bool, byteOrderMark: Bool) throws {
        let root = try FixtureRoot()
        let csv = "name;card;note\nAnn Dupré;4111 1111 1111 1111;refund\nBob;none;\n"
        try root.write("/home/ann/export.csv", Self.utf16(csv, bigEndian: bigEndian, byteOrderMark: byteOrderMark))
        // The same in a large file, read in chunks.
        let filler = String(repeating: "call notes, nothing to see here\n", count: 200_000)
        try root.write("/home/ann/large.csv", Self.utf16(filler + "SSN 123-45-6789\n", bigEndian: bigEndian, byteOrderMark: byteOrderMark))
        let inventory = cardScan(root)
        let found = (inventory.sensitive ?? []).map { "\($0.path) \($0.kind) line \($0.line ?? 0) \($0.sample ?? "")" }
        #expect(found.contains("/home/ann/export.csv card line 2 411111******1111"), "\(found)")
        #expect(found.contains("/home/ann/large.csv ssn line 200001 ***-**-6789"), "\(found)")
        #expect(inventory.trees?.first?.content?.skippedBinary == 0)
    }

    @Test("binary files with NUL bytes that are not UTF-16 text are still not read as text")
    func binaryStaysBinary() throws {
        let root = try FixtureRoot()
        var bytes = [UInt8](repeating: 0, count: 4096)
        for index in bytes.indices where index % 3 == 0 { bytes[index] = UInt8(truncatingIfNeeded: index * 7 + 1) }
        try root.write("/home/ann/recording.wav", bytes)
        let content = try #require(cardScan(root).trees?.first?.content)
        #expect(content.skippedBinary == 1)
    }

    @Test(
        "a card number across the 4 MiB read boundary, after a long run of letters and spaces, is found",
        arguments: [-40, -17, -9, -8, -1, 0, 3])
    func acrossTheReadBoundary(shift: Int) throws {
        let root = try FixtureRoot()
        let number = "4111 1111 1111 1111"
        let boundary = FileContentScan.chunkBytes
        let start = boundary - number.utf8.count / 2 + shift
        var bytes = [UInt8](repeating: 0x61, count: start - 1)
        for index in stride(from: 7, to: bytes.count, by: 8) { bytes[index] = 0x20 }
        bytes += Array(" \(number) and more words after it\n".utf8)
        try root.write("/home/ann/notes.txt", bytes)
        let found = cardScan(root).sensitive ?? []
        #expect(found.map(\.sample) == ["411111******1111"], "number starting at \(start), boundary at \(boundary)")
    }

    @Test("a card number in a folder deeper than PATH_MAX is found, or the folder is reported unread")
    func deeperThanPathMax() throws {
        let root = try FixtureRoot()
        try root.folder("/home/ann")
        var fd = open(root.path + "/home/ann", O_RDONLY | O_DIRECTORY)
        let name = String(repeating: "d", count: 200)
        for _ in 0..<25 {
            mkdirat(fd, name, 0o755)
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        let file = openat(fd, "cards.txt", O_CREAT | O_WRONLY, 0o644)
        let text = Array("card 4111 1111 1111 1111\n".utf8)
        _ = text.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        close(file)
        close(fd)
        let inventory = cardScan(root)
        let tree = try #require(inventory.trees?.first)
        let found = (inventory.sensitive ?? []).contains { $0.sample == "411111******1111" }
        #expect(found || (tree.unreadFolders ?? 0) > 0, "deep card neither found nor reported: \(String(describing: tree.skipped))")
        #expect(found, "the walk works by descriptors, so depth is no obstacle")
        // Clean up what FileManager cannot remove by path.
        _ = try? Process.run(URL(fileURLWithPath: "/bin/rm"), arguments: ["-rf", root.path + "/home"]).waitUntilExit()
    }

    @Test("a file longer than the content limit is marked truncated, with its size, for the judgment")
    func contentPastTheLimit() throws {
        let root = try FixtureRoot()
        let comment = "#" + String(repeating: "x", count: FileFact.contentLimitBytes) + "\n"
        try root.write("/etc/ssh/sshd_config", comment + "PermitEmptyPasswords yes\n")
        let request = FactRequest(families: [.files], files: ["/etc/ssh/sshd_config": true])
        let file = try #require(Collector.collect(root: root.path, request: request).files?.first)
        #expect(file.contentTruncated == true)
        #expect(file.size == comment.utf8.count + 25)
        #expect(file.content?.contains("PermitEmptyPasswords") == false)
    }

    @Test("a 68 MB dpkg status is read whole: a package at its end is not cut off")
    func largeDpkgStatus() throws {
        let root = try FixtureRoot()
        var status = ""
        let stanza =
            "Priority: optional\nSection: misc\nMaintainer: Someone <someone@example.org>\nArchitecture: amd64\nVersion: 1.0-1\nDescription: filler\n "
            + String(repeating: "padding ", count: 120) + "\n\n"
        var count = 0
        while status.utf8.count < 68_000_000 {
            status += "Package: filler\(count)\nStatus: install ok installed\n" + stanza
            count += 1
        }
        status += "Package: telnetd\nStatus: install ok installed\n" + stanza
        try root.write("/var/lib/dpkg/status", status)
        let packages = try #require(try PackagesProbe.dpkgPackages(HostRoot(root: root.path)).get())
        #expect(packages.contains { $0.name == "telnetd" })
        #expect(packages.count == count + 1)
    }
}
