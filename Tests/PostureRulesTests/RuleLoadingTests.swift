import Foundation
import PostureInventory
import Testing

@testable import PostureRules

@Suite("Rule loading")
struct RuleLoadingTests {
    @Test("the built-in rules load cleanly and cover every technology and customer practice but transparency")
    func builtin() throws {
        let (ruleSet, diagnostics) = RuleLoader.load()
        #expect(diagnostics.items.isEmpty, "\(diagnostics.items)")
        let rules = try #require(ruleSet)
        #expect(rules.rules.count >= 20)
        #expect(rules.digest.hasPrefix("sha256:") && rules.digest.count == 71)
        let practices = Set(rules.rules.map(\.practice))
        for practice in [
            "technology/encrypt-data", "technology/update-technology", "technology/minimize-access",
            "customer/authentication", "business/workplace-controls",
        ] {
            #expect(practices.contains(practice), "\(practice)")
        }
        for rule in rules.rules {
            #expect(!rule.references.isEmpty, "\(rule.id) cites no requirement")
        }
    }

    @Test("every problem in a broken file is reported with its position")
    func brokenFiles() {
        let found = lint(["broken"]).sorted.map { d in
            "\(URL(fileURLWithPath: d.position.file).lastPathComponent):\(d.position.line):\(d.position.column): \(d.message)"
        }
        let expected = [
            "collection.yaml:9:7: expect: all needs 'require', the conditions every selected item must meet",
            "collection.yaml:12:21: unknown key 'at_lest' in the condition on 'uid' (did you mean 'at_least'?)",
            "duplicate.yaml:2:5: duplicate rule id 'screen-lock-enabled'; first defined at Rules/packs/workplace-controls.yaml",
            "duplicate.yaml:9:5: rule 'missing-bits' is missing required key 'remediation'",
            "duplicate.yaml:9:5: rule 'missing-bits' is missing required key 'check'",
            "duplicate.yaml:14:18: unknown fact family 'hots'; expected one of:",
            "syntax.yaml:",
            "typos.yaml:2:5: rule 'ssh-root' is missing required key 'severity'",
            "typos.yaml:5:5: unknown key 'severty' in rule (did you mean 'severity'?)",
            "typos.yaml:12:9: rule id 'Bad_ID' must be lowercase letters",
            "typos.yaml:14:15: unknown practice 'customer/authentcation' (did you mean 'customer/authentication'?)",
            "typos.yaml:15:15: 'severe' is not a valid severity; expected one of: info, low, medium, high, critical",
            "typos.yaml:19:13: unknown check kind 'facts' (did you mean 'fact'?)",
            "typos.yaml:22:12: expected text for 'title', found a list",
            "typos.yaml:27:13: expected a number for 'weight', found 'heavy'",
            "typos.yaml:30:13: path 'relative/path' must be absolute",
            "typos.yaml:31:15: expected true or false for 'exists', found 'yes'",
            "typos.yaml:32:25: invalid regular expression '(unclosed'",
        ]
        #expect(found.count == expected.count, "\(found.joined(separator: "\n"))")
        for (line, prefix) in zip(found, expected) {
            #expect(line.hasPrefix(prefix), "\(line)\n  expected to start with: \(prefix)")
        }
    }

    @Test("a billion-laughs document is refused fast")
    func billionLaughs() throws {
        let clock = ContinuousClock()
        var diagnostics = Diagnostics()
        let elapsed = clock.measure { diagnostics = lint(["billion-laughs.yaml"]) }
        #expect(
            diagnostics.items.map(\.message) == [
                "document expands to more than 200000 nodes (aliases counted each time they are used); refusing it"
            ])
        #expect(elapsed < .seconds(1))
    }

    @Test("hostile files: not UTF-8, not a regular file, missing")
    func hostileFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "posture-hostile-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0x72, 0x75, 0x6C, 0xFF, 0xFE]).write(to: folder.appending(path: "binary.yaml"))
        mkfifo(folder.appending(path: "fifo.yaml").path, 0o600)
        let (_, diagnostics) = RuleLoader.sources(at: [folder.path, folder.appending(path: "missing").path])
        let messages = diagnostics.items.map(\.message).sorted()
        #expect(messages == ["file is not valid UTF-8", "no such file or folder", "not a regular file"])
    }

    @Test("SHA-256 matches the FIPS test vectors")
    func sha256() {
        var empty = SHA256()
        #expect(empty.finalize().hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256()
        abc.update(Array("abc".utf8))
        #expect(abc.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var long = SHA256()
        for _ in 0..<1000 { long.update(Array(repeating: UInt8(ascii: "a"), count: 1000)) }
        #expect(long.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
