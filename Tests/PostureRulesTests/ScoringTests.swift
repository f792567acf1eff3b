import Testing

@testable import PostureRules

@Suite("Scoring")
struct ScoringTests {
    func result(_ id: String, _ severity: Severity, _ state: ResultState, practice: String = "technology/minimize-access") -> RuleResult {
        RuleResult(
            rule: RuleInfo(
                id: id, title: id, category: String(practice.split(separator: "/")[0]), practice: practice,
                severity: severity, weight: severity.defaultWeight, rationale: "", remediation: "",
                references: [], source: ""),
            state: state, reason: nil, evidence: [], evidenceTotal: 0)
    }

    @Test("score and coverage follow the published formula")
    func formula() {
        let results = [
            result("a", .critical, .pass), result("b", .high, .fail), result("c", .medium, .unknown),
            result("d", .low, .error), result("e", .high, .notApplicable), result("f", .critical, .waived),
            result("g", .info, .fail),
        ]
        let score = Scoring.score(results)
        // 10 / (10 + 6 + 3 + 1) = 50%; coverage 2 judged of 4 scorable.
        #expect(score.score == 50)
        #expect(score.coverage == 50)
        #expect(score.earned == 10 && score.possible == 20)
        #expect(score.counts.total == 7)
    }

    @Test("nothing judged is no score, never 100")
    func empty() {
        let score = Scoring.score([result("a", .high, .notApplicable), result("b", .info, .pass)])
        #expect(score.score == nil)
        #expect(score.coverage == nil)
    }

    @Test("the score without waivers judges waived rules by their own state")
    func withoutWaivers() {
        var waived = result("b", .high, .waived)
        waived.waivedState = .fail
        let assessment = Scoring.assess([result("a", .high, .pass), waived], taxonomy: Taxonomy(categories: []))
        #expect(assessment.overall.score == 100)
        #expect(assessment.overallWithoutWaivers.score == 50)
    }
}
