import Foundation
import PostureInventory
import PostureRules

/// One rule result as a log event for SIEM shippers (Filebeat, Fluent Bit, Splunk forwarders):
/// fields named after the Elastic Common Schema where one fits (`host.*`, `rule.*`, `event.*`,
/// `observer.*`, `@timestamp`) and posture's own under `posture.*`. docs/ndjson.md is the mapping.
public struct ResultEvent: Sendable, Encodable, Equatable {
    /// The ECS version the field names follow.
    public static let ecsVersion = "8.11.0"
    /// Evidence items carried in an event; the report has the rest.
    public static let maximumEvidenceItems = 3
    /// The longest evidence string carried in an event, in characters.
    public static let maximumEvidenceCharacters = 300

    struct ECS: Sendable, Encodable, Equatable { var version = ResultEvent.ecsVersion }

    struct Event: Sendable, Encodable, Equatable {
        var kind = "state"
        var category = ["configuration"]
        var type = ["info"]
        var module = "posture"
        var dataset = "posture.result"
        /// `success` for pass, `failure` for fail, `unknown` for every other state.
        var outcome: String
        /// ECS's numeric severity: critical 99, high 73, medium 47, low 21, info 0.
        var severity: Int
    }

    struct OS: Sendable, Encodable, Equatable {
        var family: String?
        var name: String?
        var version: String?
        var full: String?
        var platform: String?
        var kernel: String?
    }

    struct Host: Sendable, Encodable, Equatable {
        var name: String
        var hostname: String
        var architecture: String?
        var os: OS?
    }

    struct RuleFields: Sendable, Encodable, Equatable {
        var id: String
        var name: String
        var category: String
        var ruleset: String
        var description: String
        /// The references joined: `PCI DSS v4.0.1 8.4.2; CIS Benchmark 5.2.7`.
        var reference: String?
    }

    struct Observer: Sendable, Encodable, Equatable {
        var product = "posture"
        var type = "compliance-scanner"
        var version: String
    }

    struct EvidenceSummary: Sendable, Encodable, Equatable {
        var total: Int
        var items: [String]
    }

    struct Posture: Sendable, Encodable, Equatable {
        var state: String
        var severity: String
        var weight: Double
        var practice: String
        var reason: String?
        var references: [Reference]
        var evidence: EvidenceSummary
        var waiver: String?
        var rulesDigest: String?

        enum CodingKeys: String, CodingKey {
            case state, severity, weight, practice, reason, references, evidence, waiver
            case rulesDigest = "rules_digest"
        }
    }

    var timestamp: String
    var ecs = ECS()
    var event: Event
    var host: Host
    var rule: RuleFields
    var observer: Observer
    var message: String
    var posture: Posture

    enum CodingKeys: String, CodingKey {
        case timestamp = "@timestamp"
        case ecs, event, host, rule, observer, message, posture
    }

    /// The event for one result of a scan of `host` finished at `timestamp`. `waiverNote` stands in
    /// for the waiver when only its summary was kept (the fleet store).
    public init(
        result: RuleResult, host facts: HostFacts?, timestamp: String, scannerVersion: String, rulesDigest: String?,
        waiverNote: String? = nil
    ) {
        let rule = result.rule
        let name = facts?.hostname ?? "unknown host"
        self.timestamp = timestamp
        event = Event(outcome: Self.outcome(result.state), severity: Self.numericSeverity(rule.severity))
        let os = facts?.os
        host = Host(
            name: name, hostname: name, architecture: facts?.architecture,
            os: os.map {
                OS(
                    family: $0.family, name: $0.id, version: $0.versionId ?? $0.version, full: $0.prettyName,
                    platform: $0.id, kernel: facts?.kernel?.running)
            })
        let references = rule.references.map { "\($0.standardTitle) \($0.id)" }
        self.rule = RuleFields(
            id: rule.id, name: rule.title, category: rule.category, ruleset: rule.practice, description: rule.rationale,
            reference: references.isEmpty ? nil : references.joined(separator: "; "))
        observer = Observer(version: scannerVersion)
        message = "\(rule.id) \(result.state.rawValue): \(result.reason ?? rule.title)"
        let items = result.evidence.prefix(Self.maximumEvidenceItems).map(Self.summary)
        posture = Posture(
            state: result.state.rawValue, severity: rule.severity.rawValue, weight: rule.weight, practice: rule.practice,
            reason: result.reason, references: rule.references,
            evidence: EvidenceSummary(total: max(result.evidenceTotal, result.evidence.count), items: items),
            waiver: result.waiver.map { "\($0.reason) (\($0.owner), until \($0.expires))" } ?? waiverNote, rulesDigest: rulesDigest)
    }

    static func outcome(_ state: ResultState) -> String {
        switch state {
        case .pass: "success"
        case .fail: "failure"
        case .error, .unknown, .notApplicable, .waived: "unknown"
        }
    }

    static func numericSeverity(_ severity: Severity) -> Int {
        switch severity {
        case .critical: 99
        case .high: 73
        case .medium: 47
        case .low: 21
        case .info: 0
        }
    }

    /// `subject at location: seen (expected …)`, cut to a bounded length.
    static func summary(_ evidence: Evidence) -> String {
        var text = evidence.subject ?? evidence.fact ?? ""
        if let location = evidence.location { text += " at \(location)" }
        if let seen = evidence.seen { text += ": \(seen)" }
        if let expected = evidence.expected { text += " (expected \(expected))" }
        return text.count > maximumEvidenceCharacters ? String(text.prefix(maximumEvidenceCharacters)) + "…" : text
    }
}

/// Newline-delimited JSON: one `ResultEvent` per result, one line each, in rule-id order.
public enum NDJSONReporter {
    public static func render(_ report: Report) throws -> Data {
        try render(
            report.results, host: report.host, timestamp: report.scan.finishedAt, scannerVersion: report.scanner.version,
            rulesDigest: report.scan.rulesDigest)
    }

    public static func render(
        _ results: [RuleResult], host: HostFacts?, timestamp: String, scannerVersion: String, rulesDigest: String?
    ) throws -> Data {
        var data = Data()
        for result in results {
            data.append(
                try line(
                    ResultEvent(result: result, host: host, timestamp: timestamp, scannerVersion: scannerVersion, rulesDigest: rulesDigest))
            )
        }
        return data
    }

    /// One event as one line: sorted keys, no pretty-printing, a newline at the end.
    public static func line(_ event: ResultEvent) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(event)
        data.append(0x0A)
        return data
    }
}
