import Foundation
import PostureInventory

/// The state of one rule after evaluation.
public enum ResultState: String, Sendable, Codable, CaseIterable {
    case pass, fail, error, unknown
    case notApplicable = "not_applicable"
    case waived
}

/// One piece of evidence: what was seen, where, and what was expected.
public struct Evidence: Sendable, Codable, Equatable {
    /// What it is about, in words: `package telnet 0.17-44`, `/etc/shadow`.
    public var subject: String?
    /// The fact path it was read from: `settings.sshd.permitrootlogin`, `packages[12]`.
    public var fact: String?
    /// A file and line on the host where the fact came from, when known.
    public var location: String?
    public var seen: String?
    public var expected: String?

    public init(
        subject: String? = nil, fact: String? = nil, location: String? = nil, seen: String? = nil,
        expected: String? = nil
    ) {
        self.subject = subject
        self.fact = fact
        self.location = location
        self.seen = seen
        self.expected = expected
    }
}

/// What a check concluded.
public struct CheckOutcome: Sendable {
    public var state: ResultState
    /// Why, for error, unknown and not_applicable; a one-line summary for fail.
    public var reason: String?
    public var evidence: [Evidence]
    /// How many pieces of evidence there were before `evidence` was capped.
    public var evidenceTotal: Int

    public init(_ state: ResultState, reason: String? = nil, evidence: [Evidence] = []) {
        self.state = state
        self.reason = reason
        self.evidence = evidence
        self.evidenceTotal = evidence.count
    }

    public static func pass(_ evidence: [Evidence] = []) -> CheckOutcome { CheckOutcome(.pass, evidence: evidence) }

    public static func fail(_ reason: String, _ evidence: [Evidence]) -> CheckOutcome {
        CheckOutcome(.fail, reason: reason, evidence: evidence)
    }

    public static func unknown(_ reason: String) -> CheckOutcome { CheckOutcome(.unknown, reason: reason) }

    /// The most pieces of evidence one result keeps (`capped()`).
    public static let evidenceCap = 50

    /// Keeps at most `evidenceCap` pieces of evidence, counting them all, so a finding about
    /// 100,000 files stays a few kilobytes in every report. The evaluator applies it to every
    /// outcome; a total the check set itself (more than it listed) is kept.
    public func capped() -> CheckOutcome {
        var outcome = self
        outcome.evidenceTotal = max(evidenceTotal, evidence.count)
        if evidence.count > Self.evidenceCap { outcome.evidence = Array(evidence.prefix(Self.evidenceCap)) }
        return outcome
    }

    public static func error(_ reason: String) -> CheckOutcome { CheckOutcome(.error, reason: reason) }
}
