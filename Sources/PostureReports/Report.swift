import Foundation
import PostureInventory
import PostureRules

/// The JSON report (`posture.report/1`): the contract CI pipelines read. Field order in the output
/// is alphabetical (sorted keys) and results are in rule-id order, so diffs are meaningful.
public struct Report: Sendable, Codable, Equatable {
    public static let schemaIdentifier = "posture.report/1"

    public struct Scanner: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
    }

    public struct Scan: Sendable, Codable, Equatable {
        /// When evaluation started and finished (ISO 8601, UTC).
        public var startedAt: String
        public var finishedAt: String
        public var durationMs: Int
        /// The clock rules judged ages against.
        public var evaluatedAt: String
        /// `live`, `root` or `import`, from the inventory.
        public var source: String
        /// The inventory file, for imports.
        public var inventory: String?
        public var rulesDigest: String
        public var ruleSources: [String]
        /// `--only` and `--skip` selectors in force.
        public var only: [String]
        public var skip: [String]

        enum CodingKeys: String, CodingKey {
            case source, inventory, only, skip
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case durationMs = "duration_ms"
            case evaluatedAt = "evaluated_at"
            case rulesDigest = "rules_digest"
            case ruleSources = "rule_sources"
        }
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var score: Double?
        public var coverage: Double?
        public var scoreWithoutWaivers: Double?
        public var counts: StateCounts
        /// Failed rules by severity: `{"critical": 1, "high": 3, …}`, every severity present.
        public var failedBySeverity: [String: Int]
        public var earned: Double
        public var possible: Double

        enum CodingKeys: String, CodingKey {
            case score, coverage, counts, earned, possible
            case scoreWithoutWaivers = "score_without_waivers"
            case failedBySeverity = "failed_by_severity"
        }

        // Scores that could not be computed are written as null, never left out.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(score, forKey: .score)
            try container.encode(coverage, forKey: .coverage)
            try container.encode(scoreWithoutWaivers, forKey: .scoreWithoutWaivers)
            try container.encode(counts, forKey: .counts)
            try container.encode(failedBySeverity, forKey: .failedBySeverity)
            try container.encode(earned, forKey: .earned)
            try container.encode(possible, forKey: .possible)
        }
    }

    public var schema: String
    public var scanner: Scanner
    public var host: HostFacts?
    public var scan: Scan
    public var summary: Summary
    public var gate: GateVerdict
    public var categories: [CategoryScore]
    public var results: [RuleResult]
    /// Waivers past their date: no longer applied, reported as findings of their own.
    public var expiredWaivers: [WaiverInfo]
    /// What changed since `--baseline`, when given.
    public var baseline: BaselineDiff?

    enum CodingKeys: String, CodingKey {
        case schema, scanner, host, scan, summary, gate, categories, results, baseline
        case expiredWaivers = "expired_waivers"
    }

    public init(
        assessment: Assessment, inventory: Inventory, ruleSet: RuleSet, selection: RuleSelection,
        inventoryPath: String?, scannerVersion: String, startedAt: Date, finishedAt: Date, evaluatedAt: Date,
        reproducible: Bool, gate: GateVerdict, baseline: BaselineDiff? = nil
    ) {
        schema = Self.schemaIdentifier
        scanner = Scanner(name: "posture", version: scannerVersion)
        host = inventory.host
        scan = Scan(
            startedAt: ISODate.format(startedAt), finishedAt: ISODate.format(finishedAt),
            durationMs: reproducible ? 0 : Int((finishedAt.timeIntervalSince(startedAt) * 1000).rounded()),
            evaluatedAt: ISODate.format(evaluatedAt), source: inventory.host?.source ?? "import",
            inventory: inventoryPath, rulesDigest: ruleSet.digest, ruleSources: ruleSet.sources,
            only: selection.only, skip: selection.skip)
        var failed: [String: Int] = [:]
        for severity in Severity.allCases { failed[severity.rawValue] = 0 }
        for result in assessment.results where result.state == .fail { failed[result.rule.severity.rawValue, default: 0] += 1 }
        summary = Summary(
            score: assessment.overall.score, coverage: assessment.overall.coverage,
            scoreWithoutWaivers: assessment.overallWithoutWaivers.score, counts: assessment.overall.counts,
            failedBySeverity: failed, earned: assessment.overall.earned, possible: assessment.overall.possible)
        self.gate = gate
        categories = assessment.categories
        results = assessment.results
        expiredWaivers = assessment.expiredWaivers
        self.baseline = baseline
        // The one place host text enters the report model: masked here, for every writer.
        self = maskingHostText()
    }

    /// Reads reports of any posture.report/1 version: fields added later in the version default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decode(String.self, forKey: .schema)
        scanner = try container.decode(Scanner.self, forKey: .scanner)
        host = try container.decodeIfPresent(HostFacts.self, forKey: .host)
        scan = try container.decode(Scan.self, forKey: .scan)
        summary = try container.decode(Summary.self, forKey: .summary)
        gate = try container.decode(GateVerdict.self, forKey: .gate)
        categories = try container.decode([CategoryScore].self, forKey: .categories)
        results = try container.decode([RuleResult].self, forKey: .results)
        expiredWaivers = try container.decodeIfPresent([WaiverInfo].self, forKey: .expiredWaivers) ?? []
        baseline = try container.decodeIfPresent(BaselineDiff.self, forKey: .baseline)
    }

    /// The assessment this report was made from, to judge a saved report again (`posture gate`).
    public var assessment: Assessment {
        Assessment(
            results: results, overall: Scoring.score(results), overallWithoutWaivers: Scoring.score(Scoring.unwaived(results)),
            categories: categories, expiredWaivers: expiredWaivers)
    }
}

/// The JSON reporter.
public enum JSONReporter {
    public static func render(_ report: Report) throws -> Data {
        try StableJSON.encode(report)
    }
}
