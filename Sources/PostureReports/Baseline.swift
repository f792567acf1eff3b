import Foundation
import PostureInventory
import PostureRules

/// One failed piece of a result, identified so the same problem matches across scans
/// (`FindingIdentity`: the rule and what the evidence is about, never the wording of what was
/// seen, nor line numbers).
public struct Finding: Sendable, Codable, Equatable, Hashable {
    public var rule: String
    public var severity: Severity
    public var title: String
    /// What it is about; nil for an item past the evidence cap (only its fingerprint is kept).
    public var subject: String?
    /// sha256 of the identity; stable across scans and posture versions within posture.report/1.
    public var fingerprint: String

    /// Every failing item of every failed result: those listed as evidence, and those past the
    /// cap whose fingerprints the result carries (reports from before fingerprints were kept
    /// give only the listed ones).
    public static func findings(in results: [RuleResult]) -> [Finding] {
        results.filter { $0.state == .fail }.flatMap { result -> [Finding] in
            let items = result.evidence.isEmpty ? [Evidence()] : result.evidence
            let listed = items.map { evidence in
                Finding(
                    rule: result.rule.id, severity: result.rule.severity, title: result.rule.title,
                    subject: evidence.subject ?? evidence.fact,
                    fingerprint: FindingIdentity.fingerprint(rule: result.rule.id, evidence: evidence))
            }
            let listedPrints = Set(listed.map(\.fingerprint))
            let unlisted = (result.fingerprints ?? []).filter { !listedPrints.contains($0) }.map {
                Finding(rule: result.rule.id, severity: result.rule.severity, title: result.rule.title, subject: nil, fingerprint: $0)
            }
            return listed + unlisted
        }.uniqued()
    }
}

/// What changed since an earlier report: findings that are new, fixed, or still failing.
public struct BaselineDiff: Sendable, Codable, Equatable {
    /// The earlier report's file and when it was scanned.
    public var file: String
    public var scannedAt: String
    public var new: [Finding]
    public var fixed: [Finding]
    public var stillFailing: [Finding]

    enum CodingKeys: String, CodingKey {
        case file, new, fixed
        case scannedAt = "scanned_at"
        case stillFailing = "still_failing"
    }

    public init(current: [RuleResult], baseline: Report, file: String) {
        let now = Finding.findings(in: current)
        let before = Finding.findings(in: baseline.results)
        let beforePrints = Set(before.map(\.fingerprint))
        let nowPrints = Set(now.map(\.fingerprint))
        self.file = file
        scannedAt = baseline.scan.startedAt
        new = now.filter { !beforePrints.contains($0.fingerprint) }
        fixed = before.filter { !nowPrints.contains($0.fingerprint) }
        stillFailing = now.filter { beforePrints.contains($0.fingerprint) }
    }

    /// Reads a posture.report/1 file to compare against (`ReportFile`: bounded, positioned errors).
    public static func loadReport(_ path: String) throws(Diagnostic) -> Report {
        try ReportFile.load(path, role: .baseline)
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
