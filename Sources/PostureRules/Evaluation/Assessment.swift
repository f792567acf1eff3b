/// A rule's identity and metadata as reports show it.
public struct RuleInfo: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var category: String
    public var practice: String
    public var severity: Severity
    public var weight: Double
    public var rationale: String
    public var remediation: String
    public var references: [Reference]
    /// Where the rule is defined: `Rules/packs/authentication.yaml:14:5`.
    public var source: String
}

/// The verdict on one rule.
public struct RuleResult: Sendable, Codable, Equatable {
    public var rule: RuleInfo
    public var state: ResultState
    public var reason: String?
    public var evidence: [Evidence]
    /// Evidence items found; more than `evidence.count` when the list was capped.
    public var evidenceTotal: Int
    /// The waiver in force, when the state is `waived`; or the expired one that no longer applies.
    public var waiver: WaiverInfo?
    /// The state the rule reached before a waiver applied.
    public var waivedState: ResultState?
    /// For a failed rule: the fingerprint (`FindingIdentity`) of every failing item, the ones past
    /// the evidence cap included, so `--baseline` sees a new item wherever it falls in the list.
    public var fingerprints: [String]?

    public init(
        rule: RuleInfo, state: ResultState, reason: String?, evidence: [Evidence], evidenceTotal: Int,
        waiver: WaiverInfo? = nil, waivedState: ResultState? = nil
    ) {
        self.rule = rule
        self.state = state
        self.reason = reason
        self.evidence = evidence
        self.evidenceTotal = evidenceTotal
        self.waiver = waiver
        self.waivedState = waivedState
    }

    enum CodingKeys: String, CodingKey {
        case rule, state, reason, evidence, waiver
        case evidenceTotal = "evidence_total"
        case waivedState = "waived_state"
        case fingerprints
    }
}

/// A waiver as reports show it.
public struct WaiverInfo: Sendable, Codable, Equatable {
    public var rule: String
    public var hosts: [String]
    public var reason: String
    public var owner: String
    /// ISO date (YYYY-MM-DD) of the last day it applies.
    public var expires: String
    public var expired: Bool
    /// `waivers.yaml:12:5`.
    public var source: String
}

/// Counts of results by state.
public struct StateCounts: Sendable, Codable, Equatable {
    public var pass = 0, fail = 0, error = 0, unknown = 0, notApplicable = 0, waived = 0

    public init() {}

    public subscript(state: ResultState) -> Int {
        get {
            switch state {
            case .pass: pass
            case .fail: fail
            case .error: error
            case .unknown: unknown
            case .notApplicable: notApplicable
            case .waived: waived
            }
        }
        set {
            switch state {
            case .pass: pass = newValue
            case .fail: fail = newValue
            case .error: error = newValue
            case .unknown: unknown = newValue
            case .notApplicable: notApplicable = newValue
            case .waived: waived = newValue
            }
        }
    }

    public var total: Int { pass + fail + error + unknown + notApplicable + waived }

    enum CodingKeys: String, CodingKey {
        case pass, fail, error, unknown, waived
        case notApplicable = "not_applicable"
    }
}

/// A score with its coverage, for the whole scan, a category or a practice.
public struct Score: Sendable, Codable, Equatable {
    /// 0–100, or nil when nothing scorable was judged (never shown as 100).
    public var score: Double?
    /// 0–100: the share of scorable rules that reached pass or fail; nil when there were none.
    public var coverage: Double?
    /// Weight of passed rules, and of all scored rules (pass, fail, error, unknown).
    public var earned: Double
    public var possible: Double
    public var counts: StateCounts

    enum CodingKeys: String, CodingKey {
        case score, coverage, earned, possible, counts
    }

    // A score that could not be computed is written as null, never left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(score, forKey: .score)
        try container.encode(coverage, forKey: .coverage)
        try container.encode(earned, forKey: .earned)
        try container.encode(possible, forKey: .possible)
        try container.encode(counts, forKey: .counts)
    }
}

public struct PracticeScore: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var description: String
    public var result: Score
}

public struct CategoryScore: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var description: String
    public var result: Score
    public var practices: [PracticeScore]
}

/// Everything evaluation concluded: results in rule-id order, and scores.
public struct Assessment: Sendable, Codable, Equatable {
    public var results: [RuleResult]
    public var overall: Score
    /// The score as if no waiver applied (waived results judged by their own state).
    public var overallWithoutWaivers: Score
    public var categories: [CategoryScore]
    /// Waivers past their date: they no longer apply and are findings themselves.
    public var expiredWaivers: [WaiverInfo]

    public init(
        results: [RuleResult], overall: Score, overallWithoutWaivers: Score, categories: [CategoryScore],
        expiredWaivers: [WaiverInfo]
    ) {
        self.results = results
        self.overall = overall
        self.overallWithoutWaivers = overallWithoutWaivers
        self.categories = categories
        self.expiredWaivers = expiredWaivers
    }

    enum CodingKeys: String, CodingKey {
        case results, overall, categories
        case overallWithoutWaivers = "overall_without_waivers"
        case expiredWaivers = "expired_waivers"
    }
}
