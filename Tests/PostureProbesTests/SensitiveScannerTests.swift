import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

func findings(_ text: String, kinds: Set<SensitiveScanner.Kind> = [.card, .ssn]) -> SensitiveScanner.Findings {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { SensitiveScanner(kinds: kinds).scan($0, firstLine: 1, before: nil) }
}

@Suite("Card and SSN scanner")
struct SensitiveScannerTests {
    /// Published test numbers of every brand (Stripe, Braintree); all pass Luhn.
    static let testCards = [
        "4242424242424242", "4000056655665556", "4012888888881881", "4111111111111111", "5555555555554444",
        "2223003122003222", "5200828282828210", "5105105105105100", "378282246310005", "371449635398431",
        "6011111111111117", "6011000990139424", "6011981111111113", "3056930009020004", "36227206271667",
        "30569309025904", "38520000023237", "3566002020360505", "3530111333300000", "6200000000000005",
        "6200000000000047", "6205500000000000004", "6555900000604105", "6304000000000000",
    ]

    @Test("every brand's test numbers are found", arguments: testCards)
    func brandTestNumbers(_ number: String) {
        let found = findings("card: \(number),")
        #expect(found.cards == 1, "\(number)")
        let masked = found.firstCard?.masked ?? ""
        #expect(masked.hasPrefix(String(number.prefix(6))) && masked.hasSuffix(String(number.suffix(4))))
        #expect(masked.dropFirst(6).dropLast(4).allSatisfy { $0 == "*" } && masked.count == number.count, "the middle digits never appear")
    }

    @Test(
        "as people write them: grouped by spaces or dashes",
        arguments: [
            "4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005", "3056 930009 0204", "  4111111111111111\n",
        ])
    func grouped(_ text: String) {
        #expect(findings(text).cards == 1, "\(text)")
    }

    @Test(
        "what is not a card",
        arguments: [
            "4242424242424241",  // fails Luhn
            "4111 1111-1111 1111",  // mixed separators
            "12345678901234567890123",  // a longer reference
            "ref4111111111111111",  // part of an identifier
            "4111111111111111x",
            "9111111111111111",  // no such brand
            "5555 5555 5555 4444 99",  // a longer grouped number
            "41111 11111 11111 1",  // not grouped like a card
            "1234567890",  // a phone number
        ])
    func notCards(_ text: String) {
        #expect(findings(text).cards == 0, "\(text)")
    }

    @Test("SSNs: issued ranges only, dashed only, last four shown")
    func ssns() {
        let valid = findings("a 123-45-6789 b\n078-05-1120\n")
        #expect(valid.ssns == 2)
        #expect(valid.firstSSN?.masked == "***-**-6789")
        for never in [
            "000-12-3456", "666-12-3456", "900-12-3456", "999-99-9999", "123-00-4567", "123-45-0000",
            "123456789", "123 45 6789", "x123-45-6789", "123-45-67890",
        ] {
            #expect(findings(never).ssns == 0, "\(never)")
        }
    }

    @Test(
        "numbers written next to each other are told apart",
        arguments: [
            ("4111111111111111 123-45-6789", 1, 1), ("4111 1111 1111 1111 123-45-6789", 1, 1),
            ("123-45-6789 4111111111111111", 1, 1), ("4111-1111-1111-1111 4012888888881881", 2, 0),
        ])
    func adjacent(_ example: (String, Int, Int)) {
        let found = findings(example.0)
        #expect(found.cards == example.1, "\(example.0)")
        #expect(found.ssns == example.2, "\(example.0)")
    }

    @Test("kinds can be asked for separately")
    func kinds() {
        let text = "4111111111111111 123-45-6789"
        #expect(findings(text, kinds: [.card]).ssns == 0)
        #expect(findings(text, kinds: [.ssn]).cards == 0)
        #expect(findings(text, kinds: [.ssn]).ssns == 1)
    }

    @Test("line numbers of the first match of each kind")
    func lines() {
        let found = findings("header\nnothing 12\n\nx 123-45-6789\ncard 4111111111111111\n4111111111111111\n")
        #expect(found.firstSSN?.line == 4)
        #expect(found.firstCard?.line == 5)
        #expect(found.cards == 2)
        #expect(found.lines == 6)
    }

    @Test("numbers split across read chunks and across the two halves of a large file are found once, on the right line")
    func chunkBoundaries() throws {
        let root = try FixtureRoot()
        // Put a card exactly across the 4 MiB chunk boundary.
        var text = String(repeating: "filler line with no numbers\n", count: FileContentScan.chunkBytes / 28)
        text = String(text.prefix(FileContentScan.chunkBytes - 8)) + "\n"
        let lineOfCard = text.filter { $0 == "\n" }.count + 1
        text += "4111111111111111 and 123-45-6789\n"
        try root.write("/data/chunk.txt", text)
        let fd = open(root.path + "/data/chunk.txt", O_RDONLY)
        defer { close(fd) }
        let result = try FileContentScan.scan(fd: fd, size: text.utf8.count, scanner: SensitiveScanner())
        #expect(result.found[.card]?.count == 1)
        #expect(result.found[.card]?.line == lineOfCard)
        #expect(result.found[.ssn]?.count == 1)

        // Over 64 MiB: read by two threads; the second half's line numbers continue the first's.
        let line = "id,name,note,no number here at all\n"
        let lines = FileContentScan.splitBytes / line.utf8.count + 1000
        var big = String(repeating: line, count: lines)
        big += "last,4000056655665556\n"
        try root.write("/data/big.csv", big)
        let bigFD = open(root.path + "/data/big.csv", O_RDONLY)
        defer { close(bigFD) }
        let bigResult = try FileContentScan.scan(fd: bigFD, size: big.utf8.count, scanner: SensitiveScanner())
        #expect(bigResult.found[.card]?.count == 1)
        #expect(bigResult.found[.card]?.line == lines + 1)
    }

    @Test("line breaks counted sixteen bytes at a time agree with a byte-by-byte count (seeded)")
    func lineBreakCount() {
        var generator = SplitMix64(seed: 18)
        for round in 0..<200 {
            let count = Int.random(in: 0..<9000, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) < 40 ? 0x0A : UInt8(0x61) }
            let expected = bytes.filter { $0 == 0x0A }.count
            let counted = bytes.withUnsafeBufferPointer {
                SensitiveScanner.lineBreaks($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: count)
            }
            #expect(counted == expected, "seed 18, round \(round), \(count) bytes")
        }
    }

    @Test("small files: read whole in one or two calls, binary only by the first 8 KiB, lines right at the end")
    func smallFiles() throws {
        let root = try FixtureRoot()
        // Larger than the first read: the match after it is found on its line.
        let filler = String(repeating: "no numbers on this line\n", count: FileContentScan.firstReadBytes / 24 + 10)
        try root.write("/data/long.txt", filler + "card 4111111111111111\n")
        // A NUL past the first 8 KiB: still text.
        try root.write("/data/late-nul.txt", Array(String(repeating: "x", count: 9000).utf8) + [0] + Array(" 123-45-6789\n".utf8))
        try root.write("/data/binary.bin", [0] + Array(String(repeating: "4111111111111111\n", count: 20_000).utf8))
        func scan(_ name: String) throws(FileContentScan.Skip) -> FileContentScan.Result {
            let fd = open(root.path + "/data/" + name, O_RDONLY)
            defer { close(fd) }
            var info = stat()
            fstat(fd, &info)
            return try FileContentScan.scan(fd: fd, size: Int(info.st_size), scanner: SensitiveScanner(), buffer: FileContentScan.Buffer())
        }
        let long = try scan("long.txt")
        #expect(long.found[.card]?.line == filler.filter { $0 == "\n" }.count + 1)
        #expect(try scan("late-nul.txt").found[.ssn]?.count == 1)
        #expect(throws: FileContentScan.Skip.self) { try scan("binary.bin") }
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be replayed from its seed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
