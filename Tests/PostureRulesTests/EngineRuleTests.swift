import Foundation
import PostureInventory
import Testing

@testable import PostureRules

/// What the engine does for every check kind, so no kind has to: required parameters, the fact
/// request, whole-day ages.
@Suite("Engine rules shared by every kind")
struct EngineRuleTests {
    struct RequiredParameter: CustomTestStringConvertible, Sendable {
        var kind: String
        var parameter: String
        var check: String
        var testDescription: String { "\(kind): \(parameter)" }
    }

    /// Each required parameter of each kind, with a passing example's check to leave it out of.
    static let requiredParameters: [RequiredParameter] = CheckKinds.all.flatMap { type in
        let description = type.description
        let check = description.examples.first { $0.expected == .pass }?.check ?? "kind: \(description.kind)"
        return description.parameters.filter(\.required).map {
            RequiredParameter(kind: description.kind, parameter: $0.name, check: check)
        }
    }

    @Test("a missing required parameter is reported once, from the description", arguments: requiredParameters)
    func requiredParameter(_ required: RequiredParameter) {
        let lines = required.check.split(separator: "\n", omittingEmptySubsequences: false)
        let without = lines.filter { !$0.hasPrefix("\(required.parameter):") }.joined(separator: "\n")
        #expect(without != required.check, "the example sets '\(required.parameter)' on a line of its own")
        let (check, diagnostics) = parseCheck(without)
        #expect(check == nil)
        let message = "check of kind '\(required.kind)' is missing required key '\(required.parameter)'"
        #expect(diagnostics.items.filter { $0.message == message }.count == 1, "\(diagnostics.items)")
    }

    @Test("the built-in rules ask for every file and folder their checks name")
    func factRequest() throws {
        let ruleSet = try #require(RuleLoader.load().0)
        let request = ruleSet.factRequest()
        for rule in ruleSet.rules {
            for family in rule.check.facts.compactMap(\.family) { #expect(request.families.contains(family), "\(rule.id)") }
            if let file = rule.check as? FileCheck {
                #expect(request.files[file.path] == file.needsContent || request.files[file.path] == true)
            }
            if let check = rule.check as? RetentionCheck {
                #expect(
                    request.trees[check.path]?.retention.contains(.init(include: check.include, olderThanDays: check.olderThanDays)) == true
                )
            }
            if let check = rule.check as? WorldWritableCheck { #expect(request.trees[check.path]?.worldWritable == true) }
            if let check = rule.check as? SensitiveDataCheck {
                #expect(request.trees[check.path]?.content?.kinds.isSuperset(of: check.kinds) == true)
            }
        }
        #expect(!request.files.isEmpty && !request.trees.isEmpty)
        #expect(request.families.contains(.antivirus) && !request.antivirus.isEmpty)
    }

    @Test("ages are whole days, rounded down, in every kind: 7 days 23 hours is 7 days")
    func wholeDays() throws {
        let now = "2026-11-30T00:00:00Z"
        let old = "2026-11-22T01:00:00Z"  // 7 days 23 hours before
        #expect(ElapsedDays.since(try #require(ISODate.parse(old)), now: try #require(ISODate.parse(now))) == 7)
        let fact = try #require(parseCheck("kind: fact\nfact: updates.lists_updated_at\nmax_age_days: 7").check)
        #expect(fact.evaluate(in: try context(#"{"updates": {"pending": [], "lists_updated_at": "\#(old)"}}"#, now: now)).state == .pass)
        let antivirus = try #require(parseCheck("kind: antivirus\nmax_signature_age_days: 7").check)
        let products = #"{"antivirus": [{"product": "ClamAV", "running": true, "signature_date": "\#(old)"}]}"#
        #expect(antivirus.evaluate(in: try context(products, now: now)).state == .pass)
        let stricter = try #require(parseCheck("kind: fact\nfact: updates.lists_updated_at\nmax_age_days: 6").check)
        #expect(
            stricter.evaluate(in: try context(#"{"updates": {"pending": [], "lists_updated_at": "\#(old)"}}"#, now: now)).state == .fail)
    }
}
