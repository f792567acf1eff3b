import Foundation
import PostureInventory
import Testing

@testable import PostureRules

/// Every example in every check kind's description runs here: the documentation cannot lie.
struct KindExample: CustomTestStringConvertible, Sendable {
    let kind: String
    let example: CheckKindDescription.Example
    var testDescription: String { "\(kind): \(example.title)" }
}

@Suite("Check kinds")
struct CheckKindTests {
    static let examples = CheckKinds.all.flatMap { kind in
        kind.description.examples.map { KindExample(kind: kind.description.kind, example: $0) }
    }

    @Test("each kind documents a passing and a failing example")
    func everyKindHasBothOutcomes() {
        for kind in CheckKinds.all {
            let states = Set(kind.description.examples.map(\.expected))
            #expect(states.contains(.pass) && states.contains(.fail), "\(kind.description.kind)")
        }
    }

    @Test("documented examples reach their stated result", arguments: examples)
    func example(_ case: KindExample) throws {
        let (check, diagnostics) = parseCheck(`case`.example.check)
        #expect(diagnostics.items.isEmpty, "\(diagnostics.items)")
        var evaluation = try context(`case`.example.inventory)
        let folder = FileManager.default.temporaryDirectory.appending(path: "posture-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        if let roster = `case`.example.roster {
            try roster.write(to: folder.appending(path: "roster.csv"), atomically: true, encoding: .utf8)
            evaluation.roster = try Roster.load(path: folder.appending(path: "roster.csv").path).get()
        }
        if let attestations = `case`.example.attestations {
            try attestations.write(to: folder.appending(path: "attestations.yaml"), atomically: true, encoding: .utf8)
            let (loaded, problems) = AttestationLoader.load(
                path: folder.appending(path: "attestations.yaml").path, now: evaluation.now,
                controls: ["access-review", "privacy-notice-review", "security-training"])
            #expect(problems.items.isEmpty, "\(problems.items)")
            evaluation.attestations = loaded
        }
        let outcome = try #require(check).evaluate(in: evaluation)
        #expect(outcome.state == `case`.example.expected, "\(outcome.reason ?? "")")
        if outcome.state == .fail { #expect(!outcome.evidence.isEmpty, "every fail carries evidence") }
        // A failing example names what must be found: the subjects in its evidence (or the fact
        // path, for evidence about a single value).
        let seen = outcome.evidence.compactMap { $0.subject ?? $0.fact }
        if `case`.example.expected == .fail {
            #expect(!`case`.example.subjects.isEmpty, "a failing example names the subjects it must find; evidence has \(seen)")
        }
        for subject in `case`.example.subjects {
            #expect(seen.contains(subject), "'\(subject)' is not among the evidence subjects \(seen)")
        }
    }

    @Test("plain yes/no/on/off stay text; booleans take only true/false")
    func yaml11Surprises() throws {
        let (check, _) = parseCheck("kind: fact\nfact: settings.sshd.passwordauthentication\nequals: no")
        let outcome = try #require(check).evaluate(in: try context(#"{"settings": {"sshd": {"passwordauthentication": "no"}}}"#))
        #expect(outcome.state == .pass)
        let (_, diagnostics) = parseCheck("kind: file\npath: /etc/shadow\nexists: yes")
        #expect(diagnostics.items.map(\.message) == ["expected true or false for 'exists', found 'yes'"])
        let (onCheck, _) = parseCheck("kind: fact\nfact: settings.x.mode\nin: [on, off]")
        #expect(try #require(onCheck).evaluate(in: try context(#"{"settings": {"x": {"mode": "on"}}}"#)).state == .pass)
    }

    @Test("a boolean fact is not equal to quoted text")
    func quotedTrueIsText() throws {
        let (check, _) = parseCheck("kind: fact\nfact: host.reboot_required\nequals: \"true\"")
        #expect(try #require(check).evaluate(in: try context(#"{"host": {"reboot_required": true}}"#)).state == .fail)
    }

    @Test(
        "missing evidence is never a pass",
        arguments: [
            "kind: fact\nfact: host.os.id\nequals: debian",
            "kind: collection\nfact: packages\nwhere: {name: telnet}\nexpect: none",
            "kind: file\npath: /etc/shadow\nmode_at_most: \"0640\"",
        ])
    func notCollected(_ yaml: String) throws {
        let (check, _) = parseCheck(yaml)
        #expect(try #require(check).evaluate(in: try context("{}")).state == .unknown)
    }

    @Test("a collection error on the fact gives error, with the reason")
    func collectionError() throws {
        let rules = """
            rules:
              - id: t
                title: t
                practice: technology/minimize-access
                severity: low
                rationale: r
                remediation: x
                check: {kind: collection, fact: accounts, where: {uid: 0}, expect: count, at_most: 1}
            """
        var diagnostics = Diagnostics()
        let (taxonomy, _) = (RuleLoader.load().0!.taxonomy, 0)
        let rule = try #require(
            RuleLoader.parseRules(
                YAMLSource(file: "t.yaml", text: rules), taxonomy: taxonomy,
                diagnostics: &diagnostics
            ).first)
        let result = Evaluator.evaluate(
            rule,
            context: try context(
                #"{"accounts": [], "collection_errors": [{"fact": "accounts", "reason": "/etc/shadow: permission denied"}]}"#))
        #expect(result.state == .error)
        #expect(result.reason?.contains("permission denied") == true)
    }

    @Test("version bounds follow the item's package manager")
    func versionScheme() throws {
        let (check, _) = parseCheck(
            "kind: collection\nfact: packages\nwhere: {name: openssl, version: {version_below: \"3.0.13\"}}\nexpect: none")
        let dpkg = try context(#"{"packages": [{"name": "openssl", "version": "3.0.13~rc1", "manager": "dpkg"}]}"#)
        #expect(try #require(check).evaluate(in: dpkg).state == .fail, "~ sorts before the release in dpkg")
        let rpm = try context(#"{"packages": [{"name": "openssl", "version": "3.0.13^1", "manager": "rpm"}]}"#)
        #expect(try #require(check).evaluate(in: rpm).state == .pass, "^ sorts after the release in rpm")
    }

    @Test("ages are judged against the evaluation clock")
    func ages() throws {
        let (check, _) = parseCheck("kind: fact\nfact: updates.lists_updated_at\nmax_age_days: 7")
        let facts = #"{"updates": {"pending": [], "lists_updated_at": "2026-11-25T00:00:00Z"}}"#
        #expect(try #require(check).evaluate(in: try context(facts, now: "2026-11-30T00:00:00Z")).state == .pass)
        #expect(try #require(check).evaluate(in: try context(facts, now: "2026-12-03T00:00:01Z")).state == .fail)
    }

    @Test("collection evidence is capped but counted (by the engine, for every kind)")
    func evidenceCap() throws {
        let items = (0..<120).map { #"{"name": "pkg\#($0)", "version": "1"}"# }.joined(separator: ",")
        let rule = try oneRule(check: "{kind: collection, fact: packages, expect: none}")
        let outcome = Evaluator.evaluate(rule, context: try context("{\"packages\": [\(items)]}"))
        #expect(outcome.evidence.count == CheckOutcome.evidenceCap)
        #expect(outcome.evidenceTotal == 120)
    }
}
