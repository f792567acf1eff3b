import Foundation
import PostureInventory
import Testing

@testable import PostureRules

/// sshd's Match blocks are judged on the worst case: a block that weakens a setting a rule reads
/// fails the rule, and the evidence names the block and the file:line of the deciding directive.
@Suite("Weak sshd Match blocks")
struct WeakMatchTests {
    static let rootLogin = "kind: fact\nfact: settings.sshd.permitrootlogin\nequals: \"no\""

    static func sshd(global: String, blocks: String) -> String {
        #"{"settings": {"sshd": {"permitrootlogin": "\#(global)", "locations": {"permitrootlogin": "/etc/ssh/sshd_config:3"}, "#
            + #""matches": [\#(blocks)]}}}"#
    }

    static func block(_ criteria: String, _ value: String, _ location: String) -> String {
        #"{"criteria": "\#(criteria)", "location": "\#(location)", "settings": {"permitrootlogin": "\#(value)"}, "#
            + #""locations": {"permitrootlogin": "\#(location)"}}"#
    }

    func judge(_ check: String, _ inventory: String) throws -> CheckOutcome {
        try #require(parseCheck(check).check).evaluate(in: try context(inventory))
    }

    @Test("a weaker Match block fails the rule, naming the block and its file:line")
    func weakBlockFails() throws {
        let outcome = try judge(
            Self.rootLogin, Self.sshd(global: "no", blocks: Self.block("User temp", "yes", "/etc/ssh/sshd_config.d/50-site.conf:4")))
        #expect(outcome.state == .fail)
        #expect(
            outcome.reason
                == "settings.sshd.permitrootlogin is yes in Match User temp at /etc/ssh/sshd_config.d/50-site.conf:4, expected equals 'no'")
        let weak = try #require(outcome.evidence.first { $0.subject == "Match User temp" })
        #expect(weak.location == "/etc/ssh/sshd_config.d/50-site.conf:4")
        #expect(weak.seen == "yes")
        #expect(outcome.evidence.first?.location == "/etc/ssh/sshd_config:3", "the global value's directive is named too")
    }

    @Test("Match all is a block like any other: its weaker value fails")
    func matchAllFails() throws {
        let outcome = try judge(
            Self.rootLogin, Self.sshd(global: "no", blocks: Self.block("all", "without-password", "/etc/ssh/sshd_config:12")))
        #expect(outcome.state == .fail)
        #expect(outcome.reason?.contains("Match all at /etc/ssh/sshd_config:12") == true)
    }

    @Test("blocks that keep or strengthen the value pass, with their evidence")
    func strongBlocksPass() throws {
        let blocks = Self.block("User backup", "no", "/etc/ssh/sshd_config:20")
        let outcome = try judge(Self.rootLogin, Self.sshd(global: "no", blocks: blocks))
        #expect(outcome.state == .pass)
        #expect(outcome.evidence.map(\.location) == ["/etc/ssh/sshd_config:3", "/etc/ssh/sshd_config:20"])
    }

    @Test("a failing global value also lists the failing blocks; several weak blocks are counted")
    func globalAndBlocksFail() throws {
        let blocks = Self.block("User a", "yes", "/etc/ssh/sshd_config:20") + ", " + Self.block("User b", "yes", "/etc/ssh/sshd_config:30")
        let weakGlobal = try judge(Self.rootLogin, Self.sshd(global: "yes", blocks: blocks))
        #expect(weakGlobal.state == .fail)
        #expect(weakGlobal.reason == "settings.sshd.permitrootlogin is yes at /etc/ssh/sshd_config:3, expected equals 'no'")
        #expect(weakGlobal.evidence.count == 3)
        let strongGlobal = try judge(Self.rootLogin, Self.sshd(global: "no", blocks: blocks))
        #expect(strongGlobal.reason?.hasSuffix("(and 1 more Match blocks), expected equals 'no'") == true)
    }

    @Test("a value sshd did not set is reported as its default")
    func defaultNamed() throws {
        let inventory = #"{"settings": {"sshd": {"permitemptypasswords": "no", "locations": {}, "matches": []}}}"#
        let outcome = try judge("kind: fact\nfact: settings.sshd.permitemptypasswords\nequals: \"no\"", inventory)
        #expect(outcome.state == .pass)
        #expect(outcome.evidence.first?.seen == "no (not set; the default)")
    }

    @Test("mfa: a Match block that asks for one method is a way around the second factor")
    func mfaWeakBlock() throws {
        let weak =
            #"{"settings": {"pam": {"sshd": ["auth required pam_unix.so"]}, "sshd": {"authenticationmethods": "publickey,password", "#
            + #""locations": {"authenticationmethods": "/etc/ssh/sshd_config:5"}, "matches": [{"criteria": "Address 10.0.0.0/8", "#
            + #""location": "/etc/ssh/sshd_config:9", "settings": {"authenticationmethods": "publickey"}, "#
            + #""locations": {"authenticationmethods": "/etc/ssh/sshd_config:10"}}]}}}"#
        let outcome = try judge("kind: mfa\nservices: [sshd]", weak)
        #expect(outcome.state == .fail)
        #expect(outcome.reason == "no second factor for sshd in Match Address 10.0.0.0/8 at /etc/ssh/sshd_config:10")
        let strong = weak.replacingOccurrences(
            of: #""authenticationmethods": "publickey"}"#, with: #""authenticationmethods": "publickey,keyboard-interactive"}"#)
        let passed = try judge("kind: mfa\nservices: [sshd]", strong)
        #expect(passed.state == .pass)
        #expect(passed.evidence.first?.location == "/etc/ssh/sshd_config:5")
    }
}
