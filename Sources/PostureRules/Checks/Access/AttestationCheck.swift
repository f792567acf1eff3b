import Foundation
import PostureInventory

/// A manual control signed off recently enough.
public struct AttestationCheck: Check {
    public static let description = CheckKindDescription(
        kind: "attestation",
        summary: "Passes when the attestation file given to `posture scan --attestations FILE` has a sign-off for "
            + "`control` no older than `max_age_days`; evidence names who signed, when, and the evidence link. Without an "
            + "attestation file the result is unknown; a file with a future date, a missing evidence link or an unknown "
            + "control is refused (`posture attestations lint`).",
        parameters: [
            .init("control", "identifier", required: true, "the control that must be signed off, as named in the file"),
            .init("max_age_days", "whole number", required: true, "how old the newest sign-off may be"),
        ],
        examples: [
            .init(
                "training signed off this spring", expected: .pass,
                check: "kind: attestation\ncontrol: security-training\nmax_age_days: 365",
                inventory: "{}",
                attestations:
                    "attestations:\n  - {control: security-training, owner: hr@example.com, date: 2026-04-01, evidence: https://tickets.example.com/security-training}\n"
            ),
            .init(
                "the last access review was over a quarter ago", expected: .fail,
                check: "kind: attestation\ncontrol: access-review\nmax_age_days: 90",
                inventory: "{}",
                attestations:
                    "attestations:\n  - {control: access-review, owner: it-lead@example.com, date: 2026-05-15, evidence: https://tickets.example.com/access-review}\n",
                subjects: ["access-review"]),
        ]
    )

    public let control: String
    public let maxAgeDays: Int

    public var facts: [FactPath] { [] }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        let control = reader.text("control", diagnostics: &diagnostics)
        let days = reader.integer("max_age_days", in: 1...36_500, diagnostics: &diagnostics)
        guard let control, let days else { return nil }
        self.control = control
        maxAgeDays = days
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let attestations = context.attestations else {
            return .unknown("no attestation file was given (posture scan --attestations FILE)")
        }
        guard let latest = attestations.filter({ $0.control == control }).max(by: { $0.date < $1.date }) else {
            return .fail(
                "no sign-off recorded for '\(control)'",
                [
                    Evidence(
                        subject: control, seen: "no sign-off",
                        expected: "signed off within \(maxAgeDays) days")
                ])
        }
        let age = ElapsedDays.since(latest.date, now: context.now)
        let day = String(ISODate.format(latest.date).prefix(10))
        let evidence = Evidence(
            subject: control, location: latest.evidence,
            seen: "signed off by \(latest.owner) on \(day) (\(age) days ago)",
            expected: "signed off within \(maxAgeDays) days")
        if age > maxAgeDays { return .fail("'\(control)' was last signed off \(age) days ago, by \(latest.owner)", [evidence]) }
        return .pass([evidence])
    }
}
