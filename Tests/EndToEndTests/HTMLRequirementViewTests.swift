import Foundation
import Testing

/// The view by requirement, checked against the rules themselves: every reference of every rule in
/// force appears under its requirement, with the rule's state, and each verdict follows from them.
@Suite("The HTML report by requirement", .enabled(if: browserTestsEnabled))
struct HTMLRequirementViewTests {
    @Test("every reference of every rule in force is under its requirement, with a verdict from its rules' states")
    func everyReference() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inventory = repositoryRoot.appending(path: "Reports/examples/demo-workstation.inventory.json").path
        let json = folder.appending(path: "r.json")
        let page = folder.appending(path: "r.html")
        for (format, output) in [("json", json), ("html", page)] {
            let result = try posture(
                "scan", "--inventory", inventory, "--now", "2026-11-30T00:00:00Z", "--format", format, "--output", output.path)
            #expect(result.status == 1, "\(result.stderr)")
        }
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        // The rules in force are those `posture rules list` shows; each has a result.
        let listed = try posture("rules", "list").stdout.split(separator: "\n").count
        #expect(results.count == listed)
        let (dom, _) = try loadInChromium(page, javaScript: false)
        var expected: [String: [String: [(id: String, state: String)]]] = [:]
        for result in results {
            let rule = try #require(result["rule"] as? [String: Any])
            let id = try #require(rule["id"] as? String)
            let state = try #require(result["state"] as? String)
            for reference in rule["references"] as? [[String: Any]] ?? [] {
                let standard = try #require(reference["standard"] as? String)
                let requirement = try #require(reference["id"] as? String)
                guard standard != "url" else { continue }
                expected[standard, default: [:]][requirement, default: []].append((id, state))
            }
        }
        #expect(expected["pci-dss"] != nil)
        var checked = 0
        for (standard, requirements) in expected {
            let family = try #require(
                dom.firstMatch(of: try Regex("<div class=\"card requirement-family\" data-standard=\"\(standard)\">[\\s\\S]*?</table>")),
                "no family \(standard)")
            let text = String(dom[family.range])
            for (requirement, rules) in requirements {
                let escaped = NSRegularExpression.escapedPattern(for: requirement)
                let row = try #require(
                    text.firstMatch(of: try Regex("<tr data-requirement=\"\(escaped)\">[\\s\\S]*?</tr>")), "\(standard) \(requirement)")
                let rowText = String(text[row.range])
                for rule in rules {
                    #expect(
                        rowText.contains("<code>\(rule.id)</code></a> <span class=\"state-text \(rule.state)\">"),
                        "\(standard) \(requirement): \(rule.id)")
                    checked += 1
                }
                let states = Set(rules.map(\.state))
                let verdict =
                    states.contains("fail")
                    ? "not met"
                    : !states.isDisjoint(with: ["error", "unknown"])
                        ? "not judged"
                        : states.contains("waived") ? "waived" : states.contains("pass") ? "met" : "not applicable"
                #expect(rowText.contains(">\(verdict)</span>"), "\(standard) \(requirement) should be \(verdict): \(rowText)")
            }
            #expect(text.components(separatedBy: "<tr data-requirement=").count - 1 == requirements.count, "\(standard): no extra rows")
        }
        #expect(checked >= 40)
    }
}
