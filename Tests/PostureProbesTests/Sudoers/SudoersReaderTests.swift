import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The sudoers reader on its own, in memory: hostile input stays bounded, refusals name the
/// place, and the probe's per-account rows say what sudo decides.
@Suite("sudoers reader")
struct SudoersReaderTests {
    static let accounts = [
        "/etc/passwd":
            "root:x:0:0::/root:/bin/sh\nann:x:1001:1001::/home/ann:/bin/sh\nbob:x:1002:2002::/home/bob:/bin/sh\nerin:x:1005:1005::/home/erin:/bin/sh\n",
        "/etc/group": "root:x:0:\nann:x:1001:\nops:x:2002:\nwheel:x:2003:ann\nsudo:x:27:erin\nerin:x:1005:\n",
        "/etc/hostname": "ws1\n",
    ]

    func read(_ sudoers: String, _ extra: [String: String] = [:]) -> Result<[SudoRule], SudoersParser.Failure> {
        var files = Self.accounts.merging(extra) { _, new in new }
        files["/etc/sudoers"] = sudoers
        return SudoProbe.read(InMemoryFiles(files), now: Date(timeIntervalSince1970: 1_790_000_000))
    }

    @Test("an include loop is refused at the line that includes, with sudo's reason")
    func includeLoop() {
        guard case .failure(let failure) = read("# loop\n@include /etc/sudoers.d/a\n", ["/etc/sudoers.d/a": "@include /etc/sudoers\n"])
        else {
            Issue.record("an include loop was accepted")
            return
        }
        #expect(failure.reason.contains("too many levels of includes"))
    }

    @Test("a duplicate alias names its file and line")
    func duplicateAlias() {
        guard case .failure(let failure) = read("User_Alias A = ann\n\nUser_Alias A = bob\n") else {
            Issue.record("a duplicate alias was accepted")
            return
        }
        #expect(failure.description == "/etc/sudoers:3: Alias \"A\" already defined")
    }

    @Test("alias cycles end: inside its own expansion sudo reads the alias as a user name (no account here: kept as written)")
    func aliasCycle() throws {
        let rules = try read("User_Alias X = Y\nUser_Alias Y = X, ann\nX ALL = NOPASSWD: ALL\n").get()
        #expect(rules.map(\.principal) == ["ann", "X"])
    }

    @Test("aliases that fan out exponentially are refused, not expanded")
    func aliasBomb() {
        var text = "User_Alias A0 = ann, bob\n"
        for level in 1...40 { text += "User_Alias A\(level) = A\(level - 1), A\(level - 1), A\(level - 1)\n" }
        text += "A40 ALL = ALL\n"
        guard case .failure(let failure) = read(text) else {
            Issue.record("an alias bomb was accepted")
            return
        }
        #expect(failure.reason.contains("expands to more than"))
    }

    @Test("a long run of tokens and a deep run of continuations stay bounded")
    func bounds() {
        let many = String(repeating: "ann,", count: 2_000) + "ann ALL = ALL\n"
        let tokens = SudoersLexer.tokens(of: many, limit: 1_000)
        #expect(tokens.count == 1_001 && tokens.last?.kind == .error("more than 1000 tokens"))
        let continued = String(repeating: "\\\n", count: 20_000) + "ann ALL = ALL\n"
        #expect((try? read(continued).get())?.count == 1)
    }

    @Test("the last matching rule decides: NOPASSWD followed by a plain grant asks a password")
    func lastMatchWins() throws {
        let rules = try read("ann ALL=(ALL) NOPASSWD: ALL\nann ALL=(ALL) ALL\n").get()
        let ann = try #require(rules.first { $0.principal == "ann" })
        #expect(!ann.nopasswd && ann.authenticate == true && ann.source?.line == 2)
    }

    @Test("ALL, !erin is every account but erin; %ops reaches bob through his primary group")
    func principals() throws {
        let rules = try read("ALL, !erin ALL = NOPASSWD: /usr/bin/id\n%ops ALL = ALL\n").get()
        #expect(Set(rules.filter { $0.commands == ["/usr/bin/id"] }.map(\.principal)) == ["root", "ann", "bob"])
        #expect(rules.filter { $0.commands == ["ALL"] }.map(\.principal) == ["bob"])
        #expect(rules.first { $0.commands == ["ALL"] }?.grantedVia == "%ops")
    }

    @Test("(:grp) is a group grant, not root")
    func groupRunas() throws {
        let rules = try read("ann ALL = (:wheel) NOPASSWD: ALL\n").get()
        #expect(rules.first?.runas == [":wheel"])
    }

    @Test("Defaults scopes: a command scope beats a later user scope; other hosts do not apply")
    func defaultsScopes() throws {
        let rules = try read(
            "Defaults!/usr/bin/id authenticate\nDefaults:ann !authenticate\nDefaults@other !authenticate\n"
                + "ann, bob ALL = /usr/bin/id, /usr/bin/date\n"
        ).get()
        let byKey = Dictionary(uniqueKeysWithValues: rules.map { ("\($0.principal) \($0.commands[0])", $0.authenticate) })
        #expect(byKey["ann /usr/bin/id"] == true && byKey["ann /usr/bin/date"] == false)
        #expect(byKey["bob /usr/bin/id"] == true && byKey["bob /usr/bin/date"] == true)
    }

    @Test("rules for another host do not apply; without /etc/hostname such rules are an error")
    func hosts() throws {
        #expect(try read("ann other = NOPASSWD: ALL\n").get().isEmpty)
        var files = Self.accounts
        files["/etc/hostname"] = nil
        files["/etc/sudoers"] = "ann other = NOPASSWD: ALL\n"
        guard case .failure(let failure) = SudoProbe.read(InMemoryFiles(files), now: Date()) else {
            Issue.record("a host-specific rule was judged without a host name")
            return
        }
        #expect(failure.file == "/etc/sudoers" && failure.line == 1)
    }

    @Test("a rule for a host address or netgroup is taken to apply (the scan cannot tell), negated ones not to")
    func unresolvedHosts() throws {
        let rules = try read("ann 10.0.0.0/8 = NOPASSWD: ALL\nbob ALL, !+lab = NOPASSWD: ALL\n").get()
        #expect(rules.map(\.principal) == ["ann", "bob"])
    }

    @Test("principals no account resolves are kept as written, so a NOPASSWD grant to them still shows")
    func unresolved() throws {
        let rules = try read("%domain\\ admins ALL = NOPASSWD: ALL\n+netadmins ALL = ALL\n").get()
        #expect(rules.map(\.principal) == ["%domain admins", "+netadmins"])
        #expect(rules.first?.nopasswd == true && rules.first?.grantedVia == nil)
    }

    @Test("a comment ending in a backslash joins nothing; # followed by digits is a uid")
    func comments() throws {
        let rules = try read("# note \\\nann ALL = NOPASSWD: ALL\n#1002 ALL = ALL\n").get()
        #expect(rules.first { $0.principal == "ann" }?.nopasswd == true)
        #expect(rules.first { $0.principal == "bob" }?.grantedVia == "#1002")
    }
}
