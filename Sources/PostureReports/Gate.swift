import PostureRules

/// The thresholds a run is held to; failing any of them makes the exit code 1.
public struct GatePolicy: Sendable {
    /// Fail when a rule of this severity or above fails; nil never fails on findings alone.
    public var failOn: Severity?
    public var minimumScore: Double?
    public var minimumCoverage: Double?

    public init(failOn: Severity? = .low, minimumScore: Double? = nil, minimumCoverage: Double? = nil) {
        self.failOn = failOn
        self.minimumScore = minimumScore
        self.minimumCoverage = minimumCoverage
    }

    public func judge(_ assessment: Assessment) -> GateVerdict {
        var reasons: [String] = []
        if let failOn {
            let failed = assessment.results.filter { $0.state == .fail && $0.rule.severity >= failOn }
            if !failed.isEmpty {
                reasons.append("\(failed.count) failed rule\(failed.count == 1 ? "" : "s") of severity \(failOn.rawValue) or above")
            }
        }
        if let minimumScore {
            let score = assessment.overall.score
            if score.map({ $0 < minimumScore }) ?? true {
                reasons.append("score \(score.map { format($0) } ?? "none") is below the minimum \(format(minimumScore))")
            }
        }
        if let minimumCoverage {
            let coverage = assessment.overall.coverage
            if coverage.map({ $0 < minimumCoverage }) ?? true {
                reasons.append("coverage \(coverage.map { format($0) + "%" } ?? "none") is below the minimum \(format(minimumCoverage))%")
            }
        }
        return GateVerdict(passed: reasons.isEmpty, reasons: reasons, failOn: failOn?.rawValue,
                           minimumScore: minimumScore, minimumCoverage: minimumCoverage)
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

    enum CodingKeys: String, CodingKey {
        case passed, reasons
        case failOn = "fail_on"
        case minimumScore = "min_score"
        case minimumCoverage = "min_coverage"
    }
}
