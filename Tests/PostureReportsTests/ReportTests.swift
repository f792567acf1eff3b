import Foundation
import PostureInventory
import Testing

@testable import PostureReports
@testable import PostureRules

@Suite("Reports")
struct ReportTests {
    func result(_ id: String, _ severity: Severity, _ state: ResultState, reason: String? = nil) -> RuleResult {
        RuleResult(
            rule: RuleInfo(
                id: id, title: "Title of \(id)", category: "technology",
                practice: "technology/minimize-access", severity: severity,
                weight: severity.defaultWeight, rationale: "why", remediation: "fix",
                references: [Reference(standard: "pci-dss", id: "7.2.1")], source: "x.yaml:1:1"),
            state: state, reason: reason, evidence: [], evidenceTotal: 0)
    }

    func report(_ results: [RuleResult], policy: GatePolicy = GatePolicy()) throws -> Report {
        let (ruleSet, _) = RuleLoader.load()
        let assessment = Scoring.assess(results, taxonomy: try #require(ruleSet).taxonomy)
        let date = Date(timeIntervalSince1970: 1_796_083_200)
        return Report(
            assessment: assessment, inventory: Inventory(host: HostFacts(hostname: "ws1", source: "import")),
            ruleSet: try #require(ruleSet), selection: RuleSelection(), inventoryPath: "inv.json",
            scannerVersion: "9.9.9", startedAt: date, finishedAt: date.addingTimeInterval(0.25),
            evaluatedAt: date, reproducible: false, gate: policy.judge(assessment))
    }

    @Test("the gate fails on findings at or above --fail-on, on score and on coverage")
    func gate() throws {
        let results = [result("a", .low, .fail), result("b", .high, .pass), result("c", .medium, .unknown)]
        let assessment = Scoring.assess(results, taxonomy: Taxonomy(categories: []))
        #expect(GatePolicy(failOn: .low).judge(assessment).passed == false)
        #expect(GatePolicy(failOn: .medium).judge(assessment).passed == true)
        let scored = GatePolicy(failOn: nil, minimumScore: 61).judge(assessment)
        #expect(scored.reasons == ["score 60 is below the minimum 61"])
        let covered = GatePolicy(failOn: nil, minimumCoverage: 67).judge(assessment)
        #expect(covered.reasons == ["coverage 66.7% is below the minimum 67%"])
    }

    @Test("an empty scan has no score, and a score gate fails on it")
    func emptyScan() throws {
        let verdict = GatePolicy(failOn: nil, minimumScore: 0).judge(Scoring.assess([], taxonomy: Taxonomy(categories: [])))
        #expect(!verdict.passed)
        let text = TextReporter.render(try report([]))
        #expect(text.contains("no score: no scored rule could be judged"))
    }

    @Test("JSON: stable key order, nulls written, timings and digest present")
    func json() throws {
        let data = try JSONReporter.render(try report([result("b", .high, .fail, reason: "bad"), result("a", .low, .pass)]))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "posture.report/1")
        let scan = try #require(object["scan"] as? [String: Any])
        #expect(scan["duration_ms"] as? Int == 250)
        #expect((scan["rules_digest"] as? String)?.hasPrefix("sha256:") == true)
        #expect(text.contains("\"score\" : null"), "practices without rules show a null score")
        // Sorted keys: the same report always serialises identically.
        #expect(
            try JSONReporter.render(try report([result("b", .high, .fail), result("a", .low, .pass)]))
                == (try JSONReporter.render(try report([result("b", .high, .fail), result("a", .low, .pass)]))))
    }

    @Test("the text summary lists failures by severity, then what was not judged")
    func text() throws {
        let text = TextReporter.render(
            try report([
                result("low-one", .low, .fail, reason: "r1"), result("crit-one", .critical, .fail, reason: "r2"),
                result("unk", .medium, .unknown, reason: "not collected"), result("ok", .high, .pass),
            ]))
        let lines = text.split(separator: "\n").map(String.init)
        let critical = try #require(lines.firstIndex { $0.contains("crit-one") })
        let low = try #require(lines.firstIndex { $0.contains("low-one") })
        #expect(critical < low)
        #expect(text.contains("unknown  unk: not collected"))
        #expect(text.contains("coverage 75%"))
        #expect(text.contains("INCOMPLETE"))
        #expect(text.hasSuffix("gate: FAILED: 2 failed rules of severity low or above\n"))
    }
}
