import Foundation
import Testing

@testable import PostureProbes

/// The glob matcher (kmod's install patterns, nft include globs) against Python's fnmatchcase,
/// and in bounded time on patterns that make a recursive matcher exponential.
@Suite("glob matching, compared with fnmatch")
struct GlobDifferentialTests {
    @Test("300 generated pattern and name pairs agree with fnmatch.fnmatchcase")
    func generated() throws {
        let python = Oracle("/usr/bin/python3")
        guard python.ready() else { return }
        let seed: UInt64 = 0x0061_0B5
        var random = SeededGenerator(seed: seed)
        let pieces = ["*", "?", "a", "b", "_", "[ab]", "[!a]", "[a-c]", "[", "]", "usb", "-"]
        var pairs: [[String]] = []
        for _ in 0..<300 {
            let pattern = (0..<Int.random(in: 1...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let name = (0..<Int.random(in: 0...8, using: &random)).map { _ in
                ["a", "b", "c", "_", "u", "s", "[", "]"].randomElement(using: &random)!
            }.joined()
            pairs.append([pattern, name])
        }
        let input = String(decoding: try JSONSerialization.data(withJSONObject: pairs), as: UTF8.self)
        let result = try python.run(
            ["-c", "import json,sys,fnmatch; print(json.dumps([fnmatch.fnmatchcase(n, p) for p, n in json.load(sys.stdin)]))"],
            input: input)
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Bool], "\(result.stderr)")
        var disagreements = 0
        for (index, pair) in pairs.enumerated() where Glob.matches(pair[0], pair[1]) != expected[index] {
            disagreements += 1
            Issue.record("pair \(index) (seed \(seed)): fnmatch('\(pair[1])', '\(pair[0])') is \(expected[index])")
        }
        #expect(disagreements == 0)
    }

    @Test("a pattern of many stars against a long name ends at once (the fuzzer's timeout)")
    func pathological() {
        let start = ContinuousClock.now
        #expect(!Glob.matches(String(repeating: "*a", count: 200) + "b", String(repeating: "a", count: 5000)))
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
