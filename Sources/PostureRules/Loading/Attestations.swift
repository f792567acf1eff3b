import Foundation
import PostureInventory

/// A manual control signed off by a person: what no probe can see (customer notices, training,
/// access reviews).
public struct Attestation: Sendable {
    public var control: String
    public var owner: String
    public var date: Date
    /// Where the proof is (a link, a ticket, a document reference): a sign-off without it is refused.
    public var evidence: String
    public var position: SourcePosition
}

public enum AttestationLoader {
    static let keys = ["control", "owner", "date", "evidence"]
    /// The most a day can start ahead of UTC (UTC+14): a sign-off may carry a date that has
    /// begun somewhere on Earth, never one that has begun nowhere yet.
    public static let earliestTimeZone: TimeInterval = 14 * 3_600

    /// Reads an attestation file. `controls` are the controls the rules in force judge (see
    /// `RuleSet.attestationControls`): a sign-off for any other name is a misspelling, and an error.
    public static func load(path: String, now: Date, controls: [String]) -> ([Attestation], Diagnostics) {
        var diagnostics = Diagnostics()
        let items = YAMLListFile.items(path: path, key: "attestations", what: "an attestation file", diagnostics: &diagnostics)
        return (parse(items, now: now, controls: controls, diagnostics: &diagnostics), diagnostics)
    }

    /// The same for a document already read.
    public static func load(source: YAMLSource, now: Date, controls: [String]) -> ([Attestation], Diagnostics) {
        var diagnostics = Diagnostics()
        let items = YAMLListFile.items(source: source, key: "attestations", what: "an attestation file", diagnostics: &diagnostics)
        return (parse(items, now: now, controls: controls, diagnostics: &diagnostics), diagnostics)
    }

    static func parse(_ items: [YAMLNode], now: Date, controls: [String], diagnostics: inout Diagnostics) -> [Attestation] {
        var attestations: [Attestation] = []
        for node in items {
            guard let reader = MappingReader(node, what: "attestation", diagnostics: &diagnostics) else { continue }
            let before = diagnostics.items.count
            reader.rejectUnknownKeys(allowed: keys, diagnostics: &diagnostics)
            let control = reader.text("control", required: true, diagnostics: &diagnostics)
            if let control, !controls.contains(control), let position = reader.value("control")?.position {
                let known =
                    controls.isEmpty ? "no rule in force judges an attestation" : "known controls: \(controls.joined(separator: ", "))"
                diagnostics.error(position, "no rule judges the control '\(control)'\(didYouMean(control, controls)); \(known)")
            }
            let owner = reader.text("owner", required: true, diagnostics: &diagnostics)
            let evidence = reader.text("evidence", required: true, diagnostics: &diagnostics)
            if let evidence, evidence.trimmingCharacters(in: .whitespaces).isEmpty, let position = reader.value("evidence")?.position {
                diagnostics.error(position, "'evidence' is empty; expected a link or reference to the proof of the sign-off")
            }
            let date = reader.text("date", required: true, diagnostics: &diagnostics).flatMap { text in
                signOffDate(text, at: reader.value("date")?.position ?? node.position, now: now, diagnostics: &diagnostics)
            }
            guard diagnostics.items.count == before, let control, let owner, let evidence, let date else { continue }
            attestations.append(Attestation(control: control, owner: owner, date: date, evidence: evidence, position: node.position))
        }
        return attestations
    }

    /// A real calendar day that has begun somewhere on Earth by `now`.
    static func signOffDate(_ text: String, at position: SourcePosition, now: Date, diagnostics: inout Diagnostics) -> Date? {
        guard let date = CalendarDate.parse(text) else {
            diagnostics.error(position, CalendarDate.problem(text))
            return nil
        }
        guard date <= now.addingTimeInterval(earliestTimeZone) else {
            let today = String(ISODate.format(now).prefix(10))
            diagnostics.error(position, "the sign-off date \(text) is in the future (today is \(today)); expected the day it was signed")
            return nil
        }
        return date
    }
}

extension RuleSet {
    /// The controls the attestation rules in force judge, sorted: the names an attestation file may use.
    public var attestationControls: [String] {
        Array(Set(rules.compactMap { ($0.check as? AttestationCheck)?.control })).sorted()
    }
}

/// The control names an attestation file may use, as Markdown (docs/attestations.md holds the
/// built-in rules' list, and a test keeps it equal to this).
public enum AttestationControlsDocs {
    public static func markdown(_ ruleSet: RuleSet) -> String {
        var text = "| Control | Judged by rule | Newest sign-off at most |\n|---|---|---|\n"
        let judged = ruleSet.rules.compactMap { rule in (rule.check as? AttestationCheck).map { (rule, $0) } }
        for (rule, check) in judged.sorted(by: { ($0.1.control, $0.0.id) < ($1.1.control, $1.0.id) }) {
            text += "| `\(check.control)` | `\(rule.id)`: \(rule.title) | \(check.maxAgeDays) days old |\n"
        }
        return text
    }
}
