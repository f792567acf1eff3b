import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The sshd_config reader over in-memory files: the facts it reports, where each value came from,
/// the errors for files sshd refuses, and its bounds on hostile input.
@Suite("sshd_config reader")
struct SSHDReaderTests {
    static func read(_ main: String, _ others: [String: String] = [:]) -> SSHDConfig {
        SSHDConfig.read(InMemoryFiles(SSHDCase("test", main, others).files))
    }

    static func facts(_ main: String, _ others: [String: String] = [:]) throws -> JSONValue {
        let config = read(main, others)
        #expect(config.problems.isEmpty, "\(config.problems)")
        return SSHDSettings(config).facts
    }

    @Test("the issue's examples: comments, CR, Match all, a Match in a drop-in ends with it")
    func issueExamples() throws {
        #expect(try Self.facts("PermitRootLogin no # temp\r\n")["permitrootlogin"] == .string("no"))
        let matchAll = try Self.facts("PermitRootLogin yes\nMatch all\nPermitRootLogin no\n")
        #expect(matchAll["permitrootlogin"] == .string("no"))
        #expect(matchAll["locations"]?["permitrootlogin"] == .string("/etc/ssh/sshd_config:3"))
        let dropIn = try Self.facts(
            "Include sshd_config.d/*.conf\nPermitEmptyPasswords yes\n",
            ["sshd_config.d/50-site.conf": "Match User bob\nX11Forwarding yes\n"])
        #expect(dropIn["permitemptypasswords"] == .string("yes"), "the Match block ended with the drop-in")
        #expect(dropIn["locations"]?["permitemptypasswords"] == .string("/etc/ssh/sshd_config:2"))
        #expect(dropIn["x11forwarding"] == .string("no"))
    }

    @Test("defaults are filled for every key a built-in rule reads, and marked as defaults")
    func defaults() throws {
        let facts = try Self.facts("")
        for key in [
            "permitrootlogin", "passwordauthentication", "permitemptypasswords", "authenticationmethods",
            "kbdinteractiveauthentication", "usepam", "pubkeyauthentication", "x11forwarding", "maxauthtries",
        ] {
            #expect(facts[key] != nil, "\(key)")
            #expect(facts["locations"]?[key] == nil, "\(key) is a default")
        }
        #expect(facts["permitrootlogin"] == .string("without-password"))
        #expect(facts["match_blocks"] == .number(0))
    }

    @Test("Match blocks are listed with criteria, file:line and the values they set")
    func matchBlocks() throws {
        let facts = try Self.facts(
            "PasswordAuthentication no\nMatch Address 10.0.0.0/8\n  PasswordAuthentication yes\n  AllowUsers a b\n",
            ["inc.conf": "Match User x\nPermitRootLogin yes\n"])
        guard case .array(let blocks)? = facts["matches"], let block = blocks.first else {
            Issue.record("no blocks")
            return
        }
        #expect(block["criteria"] == .string("Address 10.0.0.0/8"))
        #expect(block["location"] == .string("/etc/ssh/sshd_config:2"))
        #expect(block["settings"]?["passwordauthentication"] == .string("yes"))
        #expect(block["settings"]?["allowusers"] == .string("a b"))
        #expect(block["locations"]?["passwordauthentication"] == .string("/etc/ssh/sshd_config:3"))
        #expect(facts["match_conditions"] == .array([.string("Address 10.0.0.0/8")]))
        #expect(facts["passwordauthentication"] == .string("no"))
    }

    @Test("a block opened in a file included from inside a Match says which block it is in")
    func nestedBlocks() throws {
        let facts = try Self.facts("Match User bob\nInclude inc.conf\n", ["inc.conf": "Match Group staff\nX11Forwarding yes\n"])
        guard case .array(let blocks)? = facts["matches"], blocks.count == 2 else {
            Issue.record("expected two blocks")
            return
        }
        #expect(blocks[1]["inside"] == .string("Match User bob at /etc/ssh/sshd_config:1"))
    }

    @Test(
        "refusals name file:line and the reason, every one up to a bound",
        arguments: [
            ("PermitRootLogin maybe\n", "/etc/ssh/sshd_config:1: error: unsupported option \"maybe\""),
            ("Bogus yes\n", "/etc/ssh/sshd_config:1: error: bad configuration option: Bogus"),
            ("PermitRootLogin\n", "/etc/ssh/sshd_config:1: error: no argument after keyword \"PermitRootLogin\""),
            ("\n\nMatch User x\nPort 22\n", "/etc/ssh/sshd_config:4: error: directive 'Port' is not allowed within a Match block"),
            (
                "Match all User x\n",
                "/etc/ssh/sshd_config:1: error: bad Match condition: 'all' cannot be combined with other Match attributes"
            ),
            ("MaxAuthTries 3 4\n", "/etc/ssh/sshd_config:1: error: keyword MaxAuthTries extra arguments at end of line"),
            ("PermitRootLogin \"no\n", "/etc/ssh/sshd_config:1: error: invalid quotes"),
        ])
    func refusals(_ main: String, _ expected: String) {
        #expect(Self.read(main).problems == [expected])
    }

    @Test("problems are counted past the bound but kept to the bound")
    func manyProblems() {
        let config = Self.read(String(repeating: "Bogus yes\n", count: 100))
        #expect(config.problems.count == SSHDConfig.maximumProblems)
        #expect(config.problemCount == 100)
    }

    @Test("an Include loop stops at sshd's depth limit")
    func includeLoop() {
        let config = Self.read("Include sshd_config\n")
        #expect(config.problems.first?.contains("too many recursive configuration includes") == true)
    }

    @Test("a fan-out of self-including drop-ins is bounded in files and time")
    func includeBomb() {
        var others: [String: String] = [:]
        for index in 0..<40 { others["sshd_config.d/\(index).conf"] = "Include sshd_config.d/*.conf\n" }
        let start = Date()
        let config = Self.read("Include sshd_config.d/*.conf\n", others)
        #expect(config.problems.first?.contains("too many recursive configuration includes") == true)
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("more drop-ins than the bound are an error")
    func tooManyDropIns() {
        var others: [String: String] = [:]
        for index in 0..<(SSHDConfig.maximumFileParses + 5) { others["sshd_config.d/\(index).conf"] = "MaxAuthTries 3\n" }
        let config = Self.read("Include sshd_config.d/*.conf\n", others)
        #expect(config.problems.contains { $0.contains("more than \(SSHDConfig.maximumFileParses) included files") })
    }

    @Test("a line beyond the bound is an error, not a hang")
    func longLine() {
        let config = Self.read("AllowUsers " + String(repeating: "a ", count: 40_000) + "\n")
        #expect(config.problems.first?.contains("longer than") == true)
    }

    @Test("hostile bytes: NUL, invalid UTF-8, lone quotes and backslashes never crash")
    func hostileBytes() {
        for text in [
            "\u{0}", "\"", "\\", "'", "=", "Match", "Include", "Include \"", "\u{FFFD}\u{FFFD}", "Match all \"", "Port \\",
            "AllowUsers \"\\\"", "PermitRootLogin=\"", String(repeating: "=", count: 1000),
        ] {
            _ = Self.read(text + "\n")
            _ = Self.read(text)
        }
    }

    @Test("the settings probe reports refusals as a collection error and no values")
    func probeRefusal() throws {
        let files = InMemoryFiles(["/etc/ssh/sshd_config": "PermitRootLogin no\nPasswordAuthentication perhaps\n"])
        let config = SSHDConfig.read(files)
        #expect(config.problems == ["/etc/ssh/sshd_config:2: error: unsupported option \"perhaps\""])
    }
}
