import Foundation
import Testing

@testable import PostureProbes

/// The os-release reader against Python's `platform` reader of the same format (os-release(5)).
@Suite("os-release, compared with Python's platform reader")
struct OSReleaseDifferentialTests {
    static let pieces = [
        "ID=debian", "ID=\"debian\"", "ID='debian'", "VERSION_ID=\"12\"", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"",
        "NAME=\"a \\\"quoted\\\" \\$word\"", "X=\"unclosed", "X='", "# ID=fake", " ID=indented", "ID=", "VERSION=\"12 (bookworm)\"",
        "ID=ubuntu\r", "BAD KEY=1", "K=a\\\\b", "K=\"a\"b\"", "=novalue", "VERSION_CODENAME=bookworm", "ID=\"debian\" # c", "",
    ]

    @Test("200 generated files read the same as platform._parse_os_release")
    func generated() throws {
        let python = Oracle("/usr/bin/python3")
        guard python.ready() else { return }
        let seed: UInt64 = 0x05_2E1E_A5E
        var random = SeededGenerator(seed: seed)
        var cases: [String] = []
        for _ in 0..<200 {
            cases.append(
                (0..<Int.random(in: 1...6, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }.joined(separator: "\n")
                    + "\n")
        }
        // One Python run for every case: a JSON list in, a JSON list of dictionaries out.
        let script = """
            import json, platform, sys
            out = []
            for text in json.load(sys.stdin):
                info = platform._parse_os_release(text.splitlines(keepends=True))
                out.append(info)
            print(json.dumps(out))
            """
        let input = String(decoding: try JSONSerialization.data(withJSONObject: cases), as: UTF8.self)
        let result = try python.run(["-c", script], input: input)
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]], "\(result.stderr)")
        var disagreements = 0
        for (number, text) in cases.enumerated() {
            // Python adds defaults for NAME, ID and PRETTY_NAME; posture does not invent them.
            var ours = OSRelease.parse(text)
            let defaults: [String: String] = ["NAME": "Linux", "ID": "linux", "PRETTY_NAME": "Linux"]
            for (key, value) in defaults where ours[key] == nil { ours[key] = value }
            if ours != expected[number] {
                disagreements += 1
                Issue.record("case \(number) (seed \(seed)): python \(expected[number]), posture \(ours)\n\(text)")
            }
        }
        print("os-release differential: 200 files (seed \(seed)), disagreements \(disagreements)")
        #expect(disagreements == 0)
    }
}
