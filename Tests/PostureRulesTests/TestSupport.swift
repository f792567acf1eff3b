import Foundation
import PostureInventory
import Testing

@testable import PostureRules

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

/// Parses one `check:` mapping written as YAML.
func parseCheck(_ yaml: String) -> (check: (any Check)?, diagnostics: Diagnostics) {
    var diagnostics = Diagnostics()
    guard let node = YAMLSource(file: "check.yaml", text: yaml).compose(into: &diagnostics) else { return (nil, diagnostics) }
    let check = RuleLoader.parseCheck(node, diagnostics: &diagnostics)
    return (check, diagnostics)
}

/// An evaluation context for inventory facts written as JSON (the schema line is added).
func context(_ json: String, now: String = "2026-11-30T00:00:00Z") throws -> EvaluationContext {
    var text = json.trimmingCharacters(in: .whitespaces)
    text.removeFirst()
    let body = text.trimmingCharacters(in: .whitespaces) == "}" ? "" : ", " + text.dropLast()
    let document = "{\"schema\": \"posture.inventory/1\"\(body)}"
    let loaded = try InventoryCodec.decode(Array(document.utf8), file: "inventory.json")
    return EvaluationContext(inventory: loaded.inventory, facts: loaded.facts, now: ISODate.parse(now)!)
}

/// Loads rule files from the fixtures together with the built-in rules.
func lint(_ names: [String]) -> Diagnostics {
    let (sources, read) = RuleLoader.sources(at: names.map { fixtures.appending(path: $0).path })
    var (_, diagnostics) = RuleLoader.load(builtin: true, extraSources: sources)
    diagnostics.append(contentsOf: read)
    return diagnostics
}

/// A rule (in the built-in taxonomy) around one check written as a YAML flow mapping.
func oneRule(check: String) throws -> Rule {
    let rules = """
        rules:
          - id: t
            title: t
            practice: technology/minimize-access
            severity: low
            rationale: r
            remediation: x
            check: \(check)
        """
    var diagnostics = Diagnostics()
    let taxonomy = try #require(RuleLoader.load().0).taxonomy
    let parsed = RuleLoader.parseRules(YAMLSource(file: "t.yaml", text: rules), taxonomy: taxonomy, diagnostics: &diagnostics)
    #expect(diagnostics.items.isEmpty, "\(diagnostics.items)")
    return try #require(parsed.first)
}
