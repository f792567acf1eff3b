import Foundation
import Testing
import PostureInventory
@testable import PostureRules

/// Every built-in rule is shown passing on at least one inventory and failing on another, so no
/// rule can silently invert or never fire.
@Suite("Built-in rule cases")
struct RuleCaseTests {
    static let ruleSet = RuleLoader.load().0!

    static func cases() throws -> [String: [String: [JSONValue]]] {
        let bytes = try Array(Data(contentsOf: fixtures.appending(path: "rule-cases.json")))
        guard case .object(let rules) = try JSONParser.parse(bytes) else { return [:] }
        var result: [String: [String: [JSONValue]]] = [:]
        for (rule, value) in rules where !rule.hasPrefix("_") {
            guard case .object(let kinds) = value else { continue }
            for (kind, list) in kinds { if case .array(let items) = list { result[rule, default: [:]][kind] = items } }
        }
        return result
    }

    @Test("every built-in rule has a passing and a failing case")
    func coverage() throws {
        let cases = try Self.cases()
        for rule in Self.ruleSet.rules {
            #expect((cases[rule.id]?["pass"]?.count ?? 0) > 0, "\(rule.id) has no passing case")
            #expect((cases[rule.id]?["fail"]?.count ?? 0) > 0, "\(rule.id) has no failing case")
        }
        let unknown = Set(cases.keys).subtracting(Self.ruleSet.rules.map(\.id))
        #expect(unknown.isEmpty, "cases for rules that do not exist: \(unknown)")
    }

    @Test("each case reaches its stated result", arguments: Self.ruleSet.rules.map(\.id))
    func ruleCases(_ id: String) throws {
        let rule = try #require(Self.ruleSet.rules.first { $0.id == id })
        for (kind, inventories) in try Self.cases()[id] ?? [:] {
            for (index, fragment) in inventories.enumerated() {
                guard case .object(var members) = fragment else { continue }
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
                    attestations = AttestationLoader.load(path: folder.appending(path: "attestations.yaml").path).0
                }
                members["schema"] = .string(Inventory.schemaIdentifier)
                let data = try StableJSON.encode(JSONValue.object(members))
                let loaded = try InventoryCodec.decode(Array(data), file: "\(id).\(kind)[\(index)]")
                let context = EvaluationContext(inventory: loaded.inventory, facts: loaded.facts,
                                                now: ISODate.parse("2026-11-30T00:00:00Z")!, catalogs: Self.ruleSet.catalogs,
                                                roster: roster, attestations: attestations)
                let result = Evaluator.evaluate(rule, context: context)
                #expect(result.state.rawValue == kind, "\(id) \(kind)[\(index)]: \(result.state.rawValue): \(result.reason ?? "")")
                if result.state == .fail { #expect(!result.evidence.isEmpty, "\(id): a fail without evidence") }
            }
        }
    }
}
