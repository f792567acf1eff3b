import PostureRules

/// The thresholds a run is held to; failing any of them makes the exit code 1.
public struct GatePolicy: Sendable {
    /// Fail when a rule of this severity or above fails; nil never fails on findings alone.
    public var failOn: Severity?
    public var minimumScore: Double?
    public var minimumCoverage: Double?
    /// Count only findings that are new since the baseline toward `failOn`.
    public var newOnly: Bool
    /// An expired waiver fails the gate (it is a finding of its own).
    public var failOnExpiredWaivers: Bool
    /// Let rules at or above `failOn` that ended in `error` pass the gate (`--allow-errors`). By
    /// default they fail it, and so does a scan that judged nothing: a check that could not run
    /// is not a check that passed.
    public var allowErrors: Bool

    public init(
        failOn: Severity? = .low, minimumScore: Double? = nil, minimumCoverage: Double? = nil, newOnly: Bool = false,
        failOnExpiredWaivers: Bool = true, allowErrors: Bool = false
    ) {
        self.failOn = failOn
        self.minimumScore = minimumScore
        self.minimumCoverage = minimumCoverage
        self.newOnly = newOnly
        self.failOnExpiredWaivers = failOnExpiredWaivers
        self.allowErrors = allowErrors
    }

    public func judge(_ assessment: Assessment, baseline: BaselineDiff? = nil) -> GateVerdict {
        var reasons: [String] = []
        if let failOn {
            if newOnly, let baseline {
                let new = baseline.new.filter { $0.severity >= failOn }
                let rules = Set(new.map(\.rule))
                if !new.isEmpty {
                    reasons.append(
                        "\(new.count) new finding\(new.count == 1 ? "" : "s") since the baseline in \(rules.count) "
                            + "rule\(rules.count == 1 ? "" : "s") of severity \(failOn.rawValue) or above")
                }
            } else {
                let failed = assessment.results.filter { $0.state == .fail && $0.rule.severity >= failOn }
                if !failed.isEmpty {
                    reasons.append("\(failed.count) failed rule\(failed.count == 1 ? "" : "s") of severity \(failOn.rawValue) or above")
                }
            }
        }
        if let failOn {
            // Waived results were judged and their risk accepted; only a scan with no verdict at
            // all (everything error, unknown or not applicable) is "nothing judged".
            let judged = assessment.results.contains { [.pass, .fail, .waived].contains($0.state) }
            let errors = assessment.results.filter { $0.state == .error && $0.rule.severity >= failOn }
            if !judged {
                reasons.append("nothing was judged (coverage \(assessment.overall.coverage.map { format($0) + "%" } ?? "none"))")
            } else if !errors.isEmpty, !allowErrors {
                reasons.append(
                    "\(errors.count) rule\(errors.count == 1 ? "" : "s") of severity \(failOn.rawValue) or above could not be "
                        + "judged (error): " + errors.prefix(5).map(\.rule.id).joined(separator: ", ")
                        + (errors.count > 5 ? ", …" : ""))
            }
        }
        if failOnExpiredWaivers, !assessment.expiredWaivers.isEmpty {
            let count = assessment.expiredWaivers.count
            reasons.append(
                "\(count) waiver\(count == 1 ? "" : "s") expired ("
                    + assessment.expiredWaivers.map { "\($0.rule) on \($0.expires)" }.joined(separator: ", ") + ")")
        }
        if let minimumScore {
            let score = assessment.overall.score
            if score.map({ $0 < minimumScore }) ?? true {
                reasons.append(
                    score.map { "score \(format($0)) is below the minimum \(format(minimumScore))" }
                        ?? "no score (no scored rule could be judged), so the minimum score \(format(minimumScore)) is not met")
            }
        }
        if let minimumCoverage {
            let coverage = assessment.overall.coverage
            if coverage.map({ $0 < minimumCoverage }) ?? true {
                reasons.append(
                    coverage.map { "coverage \(format($0))% is below the minimum \(format(minimumCoverage))%" }
                        ?? "no coverage (no scored rule could be judged), so the minimum coverage \(format(minimumCoverage))% is not met")
            }
        }
        return GateVerdict(
            passed: reasons.isEmpty, reasons: reasons, failOn: failOn?.rawValue,
            minimumScore: minimumScore, minimumCoverage: minimumCoverage, newOnly: newOnly ? true : nil)
    }

    private func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}

/// Whether a run passed its gate, and why not.
public struct GateVerdict: Sendable, Codable, Equatable {
    public var passed: Bool
    public var reasons: [String]
    public var failOn: String?
    public var minimumScore: Double?
    public var minimumCoverage: Double?
    public var newOnly: Bool?

    enum CodingKeys: String, CodingKey {
        case passed, reasons
        case failOn = "fail_on"
        case minimumScore = "min_score"
        case minimumCoverage = "min_coverage"
        case newOnly = "new_only"
    }
}
