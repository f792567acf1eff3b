import Foundation
import Testing

@testable import PostureInventory

@Suite("Version ordering")
struct VersionOrderingTests {
    @Test("every upstream dpkg vector")
    func dpkgVectors() throws {
        let cases = try vectors("dpkg_vectors.txt")
        #expect(cases.count >= 40)
        for (a, b, expected) in cases {
            #expect(DebianVersion.compare(a, b) == expected, "\(a) vs \(b)")
        }
    }

    @Test("every upstream rpmvercmp vector")
    func rpmVectors() throws {
        let cases = try vectors("rpm_vectors.txt")
        #expect(cases.count >= 90)
        for (a, b, expected) in cases {
            #expect(RPMVersion.rpmvercmp(a, b) == expected, "\(a) vs \(b)")
        }
    }

    @Test(
        "rpm epoch and release",
        arguments: [
            ("1:1.0-1", "2.0-1", 1), ("1.0-2", "1.0-10", -1), ("1.0", "1.0-1", -1), ("0:1.0-1", "1.0-1", 0),
            ("2.0-1.el9", "2.0-1.el9_2", -1),
        ])
    func rpmEVR(_ pair: (String, String, Int)) {
        #expect(RPMVersion.compare(pair.0, pair.1) == pair.2)
    }

    @Test("malformed Debian versions are refused", arguments: ["", "1 2", "a:1.0", "1.0-", ":1.0", "1:"])
    func malformed(_ text: String) {
        #expect(throws: DebianVersion.ParseError.self) { try DebianVersion(text) }
    }

    /// Thousands of generated pairs, each judged by the real `dpkg --compare-versions`.
    @Test(
        "agrees with dpkg --compare-versions on generated pairs",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg")))
    func agreesWithDpkg() throws {
        var generator = SplitMix(seed: 0x5EED)
        var pairs: [(String, String)] = []
        for _ in 0..<3000 {
            let a = randomVersion(&generator)
            // Half the pairs are near-misses of each other, where ordering bugs hide.
            let b = generator.next() % 2 == 0 ? randomVersion(&generator) : mutate(a, &generator)
            pairs.append((a, b))
        }
        // One dpkg run per pair is slow; a shell loop in one process keeps it to a second or two.
        let script = pairs.map {
            "dpkg --compare-versions '\($0.0)' lt '\($0.1)' && echo -1 || "
                + "{ dpkg --compare-versions '\($0.0)' eq '\($0.1)' && echo 0 || echo 1; }"
        }.joined(separator: "\n")
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let answers = String(decoding: data, as: UTF8.self).split(separator: "\n").map { Int($0)! }
        #expect(answers.count == pairs.count)
        var mismatches = 0
        for (index, (a, b)) in pairs.enumerated() where DebianVersion.compare(a, b) != answers[index] {
            mismatches += 1
            Issue.record("\(a) vs \(b): dpkg says \(answers[index]), posture says \(String(describing: DebianVersion.compare(a, b)))")
            if mismatches > 10 { break }
        }
        #expect(Set(answers) == [-1, 0, 1], "the generated pairs should exercise every outcome")
    }

    private func randomVersion(_ g: inout SplitMix) -> String {
        var text = ""
        if g.next() % 4 == 0 { text += "\(g.next() % 3):" }
        text += "\(g.next() % 12)"
        let pieces = ["0", "00", "1", "01", "10", "9", "a", "b", "rc", "~", "~~", "+", ".", "~rc1", "+dfsg", "z"]
        for _ in 0..<(g.next() % 5) { text += pieces[Int(g.next() % UInt64(pieces.count))] }
        if g.next() % 2 == 0 {
            text += "-" + ["1", "0", "1ubuntu1", "2~bpo12+1", "1+deb12u1", "10", "01", "a"][Int(g.next() % 8)]
        }
        return text
    }

    private func mutate(_ version: String, _ g: inout SplitMix) -> String {
        let edits = ["~", "0", "a", ".0", "+1", "~1", "-1"]
        let edit = edits[Int(g.next() % UInt64(edits.count))]
        if edit == "-1", version.contains("-") { return version + "1" }
        return version + edit
    }
}

/// A small deterministic generator, so a failure reproduces.
struct SplitMix {
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
