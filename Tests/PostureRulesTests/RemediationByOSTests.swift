import Foundation
import PostureInventory
import Testing

@testable import PostureRules

@Suite("Remediation by OS")
struct RemediationByOSTests {
    func parse(_ remediation: String) throws -> (rules: [Rule], messages: [String]) {
        let text = """
            rules:
              - id: t
                title: t
                practice: technology/minimize-access
                severity: low
                rationale: r
                remediation: \(remediation)
                check: {kind: fact, fact: host.hostname, exists: true}
            """
        var diagnostics = Diagnostics()
        let taxonomy = try #require(RuleLoader.load().0).taxonomy
        let rules = RuleLoader.parseRules(YAMLSource(file: "t.yaml", text: text), taxonomy: taxonomy, diagnostics: &diagnostics)
        return (rules, diagnostics.items.map { "\($0.position.line):\($0.position.column): \($0.message)" })
    }

    @Test("a mapping gives each OS its fix: id first, then family, else default")
    func picksTheHostsFix() throws {
        let (rules, messages) = try parse("{default: any, linux: apt, debian: deb, macos: xprotect, windows: defender}")
        #expect(messages.isEmpty, "\(messages)")
        let rule = try #require(rules.first)
        #expect(rule.remediation(for: OperatingSystem(family: "linux", id: "debian")) == "deb")
        #expect(rule.remediation(for: OperatingSystem(family: "linux", id: "rhel")) == "apt")
        #expect(rule.remediation(for: OperatingSystem(family: "macos", id: "macos")) == "xprotect")
        #expect(rule.remediation(for: OperatingSystem(family: "windows")) == "defender")
        #expect(rule.remediation(for: nil) == "any")
        #expect(rule.remediation(for: OperatingSystem(family: "freebsd")) == "any")
    }

    @Test("plain text is the fix for every OS")
    func plainText() throws {
        let rule = try #require(try parse("just this").rules.first)
        #expect(rule.remediation(for: OperatingSystem(family: "macos")) == "just this")
    }

    @Test("lint refuses an unknown OS key and a mapping without default, with positions")
    func refusesBadMappings() throws {
        let unknown = try parse("{default: a, macOS: b}").messages
        #expect(unknown.contains { $0.hasPrefix("7:31: unknown key 'macOS' in 'remediation' (did you mean 'macos'?)") }, "\(unknown)")
        let noDefault = try parse("{linux: a}").messages
        #expect(noDefault.contains { $0.contains("'remediation' is missing required key 'default'") }, "\(noDefault)")
        let list = try parse("[a, b]").messages
        #expect(list.contains { $0.contains("expected text for 'remediation', found a list") }, "\(list)")
    }

    @Test("the antivirus rule does not tell a Mac to apt-get ClamAV")
    func builtinAntivirus() throws {
        let rules = try #require(RuleLoader.load().0)
        let antivirus = try #require(rules.rules.first { $0.id == "antivirus-active" })
        let macOS = antivirus.remediation(for: OperatingSystem(family: "macos", id: "macos"))
        #expect(macOS.contains("XProtect") && !macOS.contains("apt-get"))
        #expect(antivirus.remediation(for: OperatingSystem(family: "linux", id: "debian")).contains("apt-get install clamav"))
        #expect(!antivirus.remediation(for: OperatingSystem(family: "windows")).contains("apt-get"))
    }
}
