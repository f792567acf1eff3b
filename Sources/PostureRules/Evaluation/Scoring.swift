/// The published scoring:
///
/// - weights by severity: critical 10, high 6, medium 3, low 1, info 0 (a rule may set its own);
/// - score = 100 × Σ w(pass) / Σ w(pass, fail, error, unknown); not_applicable, waived and
///   zero-weight rules are left out;
/// - coverage = (pass + fail) / (pass + fail + error + unknown), over the same rules.
public enum Scoring {
    public static func score(_ results: some Sequence<RuleResult>) -> Score {
        var counts = StateCounts()
        var earned = 0.0
        var possible = 0.0
        var judged = 0
        var scorable = 0
        for result in results {
            counts[result.state] += 1
            let weight = result.rule.weight
            guard weight > 0 else { continue }
            switch result.state {
            case .pass:
                earned += weight
                possible += weight
                judged += 1
                scorable += 1
            case .fail:
                possible += weight
                judged += 1
                scorable += 1
            case .error, .unknown:
                possible += weight
                scorable += 1
            case .notApplicable, .waived:
                continue
            }
        }
        return Score(
            score: possible > 0 ? rounded(100 * earned / possible) : nil,
            coverage: scorable > 0 ? rounded(100 * Double(judged) / Double(scorable)) : nil,
            earned: earned, possible: possible, counts: counts)
    }

    /// The results as if no waiver applied: each waived one back in the state it reached.
    public static func unwaived(_ results: [RuleResult]) -> [RuleResult] {
        results.map { result in
            var copy = result
            if result.state == .waived, let state = result.waivedState { copy.state = state }
            return copy
        }
    }

    /// One decimal place, so every output shows the same number.
    static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    public static func assess(_ results: [RuleResult], taxonomy: Taxonomy, expiredWaivers: [WaiverInfo] = []) -> Assessment {
        let withoutWaivers = unwaived(results)
        let categories = taxonomy.categories.map { category in
            CategoryScore(
                id: category.id, title: category.title, description: category.description,
                result: score(results.lazy.filter { $0.rule.category == category.id }),
                practices: category.practices.map { practice in
                    PracticeScore(
                        id: practice.id, title: practice.title, description: practice.description,
                        result: score(results.lazy.filter { $0.rule.practice == practice.id }))
                })
        }
        return Assessment(
            results: results, overall: score(results), overallWithoutWaivers: score(withoutWaivers),
            categories: categories, expiredWaivers: expiredWaivers)
    }
}
