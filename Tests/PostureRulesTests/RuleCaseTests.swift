import Foundation
import PostureInventory
import Testing

@testable import PostureRules

/// One rule case: an inventory fragment (the schema line is added) on which a built-in rule must
/// reach a state, with the organisation inputs it needs. An entry that cannot be read is a case
/// too, carrying its problem, so it fails its test instead of being skipped or crashing the run.
struct RuleCase: CustomTestStringConvertible, Sendable {
    var file: String
    var rule: String
    var expected: String
    var index: Int
    var fragment: [String: JSONValue] = [:]
    var problem: String?

    var testDescription: String { "\(rule) \(expected)[\(index)]" }
}

/// Every built-in rule is shown passing on at least one inventory and failing on another, so no
/// rule can silently invert or never fire.
@Suite("Built-in rule cases")
struct RuleCaseTests {
    static let ruleSet = RuleLoader.load().0

    /// The files holding the cases, beside the packs they test (`Rules/packs/NAME.cases.json`):
    /// `{rule id: {pass: [fragment…], fail: [fragment…]}}`; keys starting with `_` are comments.
    static var caseFiles: [URL] {
        let packs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "Rules/packs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: packs.path)) ?? []
        let files = names.filter { $0.hasSuffix(".cases.json") }.sorted().map { packs.appending(path: $0) }
        return files.isEmpty ? [packs.appending(path: "(no *.cases.json)")] : files
    }

    static let cases: [RuleCase] = caseFiles.flatMap(load)

    static func load(_ url: URL) -> [RuleCase] {
        let file = url.lastPathComponent
        func problem(_ rule: String, _ text: String) -> RuleCase {
            RuleCase(file: file, rule: rule, expected: "?", index: 0, problem: "\(file): \(rule): \(text)")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { return [problem("-", "cannot be read")] }
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(data))
        } catch {
            return [problem("-", error.diagnostic(file: file).description)]
        }
        guard case .object(let rules) = document else { return [problem("-", "expected an object of rule ids")] }
        var cases: [RuleCase] = []
        for (rule, value) in rules.sorted(by: { $0.key < $1.key }) where !rule.hasPrefix("_") {
            guard case .object(let states) = value else {
                cases.append(problem(rule, "expected {pass: [...], fail: [...]}"))
                continue
            }
            for (state, list) in states.sorted(by: { $0.key < $1.key }) {
                guard ResultState(rawValue: state) != nil else {
                    cases.append(problem(rule, "'\(state)' is not a result state"))
                    continue
                }
                guard case .array(let fragments) = list else {
                    cases.append(problem(rule, "\(state): expected a list"))
                    continue
                }
                for (index, fragment) in fragments.enumerated() {
                    var entry = RuleCase(file: file, rule: rule, expected: state, index: index)
                    if case .object(let members) = fragment {
                        entry.fragment = members
                    } else {
                        entry.problem = "\(file): \(rule) \(state)[\(index)]: expected an inventory fragment (an object)"
                    }
                    cases.append(entry)
                }
            }
        }
        return cases
    }

    @Test("every built-in rule has a passing and a failing case")
    func coverage() throws {
        let ruleSet = try #require(Self.ruleSet)
        for rule in ruleSet.rules {
            #expect(Self.cases.contains { $0.rule == rule.id && $0.expected == "pass" }, "\(rule.id) has no passing case")
            #expect(Self.cases.contains { $0.rule == rule.id && $0.expected == "fail" }, "\(rule.id) has no failing case")
        }
        let unknown = Set(Self.cases.map(\.rule)).subtracting(ruleSet.rules.map(\.id)).subtracting(["-"])
        #expect(unknown.isEmpty, "cases for rules that do not exist: \(unknown)")
    }

    @Test("each case reaches its stated result", arguments: Self.cases)
    func ruleCase(_ entry: RuleCase) throws {
        if let problem = entry.problem {
            Issue.record(Comment(rawValue: problem))
            return
        }
        let rule = try #require(Self.ruleSet?.rules.first { $0.id == entry.rule }, "no built-in rule '\(entry.rule)'")
        var members = entry.fragment
        // Organisation inputs travel with the case: an HR roster (CSV) and attestations (YAML).
        let folder = FileManager.default.temporaryDirectory.appending(path: "posture-case-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var roster: Roster?
        if case .string(let csv)? = members.removeValue(forKey: "_roster") {
            try csv.write(to: folder.appending(path: "roster.csv"), atomically: true, encoding: .utf8)
            roster = try Roster.load(path: folder.appending(path: "roster.csv").path).get()
        }
        var attestations: [Attestation]?
        if case .string(let yaml)? = members.removeValue(forKey: "_attestations") {
            try yaml.write(to: folder.appending(path: "attestations.yaml"), atomically: true, encoding: .utf8)
            let (loaded, problems) = AttestationLoader.load(
                path: folder.appending(path: "attestations.yaml").path, now: try #require(ISODate.parse("2026-11-30T00:00:00Z")),
                controls: ["access-review", "privacy-notice-review", "security-training"])
            #expect(!problems.hasErrors, "\(problems.items)")
            attestations = loaded
        }
        members["schema"] = .string(Inventory.schemaIdentifier)
        let data = try StableJSON.encode(JSONValue.object(members))
        let loaded = try InventoryCodec.decode(Array(data), file: "\(entry.file): \(entry.testDescription)")
        let context = EvaluationContext(
            inventory: loaded.inventory, facts: loaded.facts,
            now: try #require(ISODate.parse("2026-11-30T00:00:00Z")),
            catalogs: try #require(Self.ruleSet).catalogs, roster: roster, attestations: attestations)
        let result = Evaluator.evaluate(rule, context: context)
        #expect(result.state.rawValue == entry.expected, "\(entry.testDescription): \(result.state.rawValue): \(result.reason ?? "")")
        if result.state == .fail { #expect(!result.evidence.isEmpty, "\(entry.rule): a fail without evidence") }
    }
}
