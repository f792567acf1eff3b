import Foundation
import PostureInventory

/// Antivirus protection: a product present, running, scanning in real time where required, with
/// signatures no older than a bound.
public struct AntivirusCheck: Check {
    public static let description = CheckKindDescription(
        kind: "antivirus",
        summary: "Passes when at least one antivirus product meets every requirement: running (`require_running`), "
            + "real-time scanning (`require_real_time`) and signatures no older than `max_signature_age_days`. "
            + "Evidence lists each product found and what it lacks.",
        parameters: [
            .init("require_running", "true | false", "the product must be running now (default true)"),
            .init("require_real_time", "true | false", "on-access (real-time) scanning must be on (default false)"),
            .init("max_signature_age_days", "whole number", "the oldest its signatures may be (default 7; 0 does not check)"),
        ],
        examples: [
            .init(
                "ClamAV running with yesterday's signatures", expected: .pass,
                check: "kind: antivirus\nmax_signature_age_days: 7",
                inventory:
                    #"{"antivirus": [{"product": "ClamAV", "running": true, "real_time": false, "signature_date": "2026-11-29T08:00:00Z"}]}"#
            ),
            .init(
                "ClamAV installed but stopped, signatures two months old", expected: .fail,
                check: "kind: antivirus",
                inventory: #"{"antivirus": [{"product": "ClamAV", "running": false, "signature_date": "2026-09-14"}]}"#,
                subjects: ["ClamAV"]),
            .init(
                "no antivirus product at all", expected: .fail, check: "kind: antivirus", inventory: #"{"antivirus": []}"#,
                subjects: ["antivirus"]),
        ]
    )

    public let requireRunning: Bool
    public let requireRealTime: Bool
    public let maxSignatureAgeDays: Int

    public var facts: [FactPath] { [FactPath(.antivirus)] }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        requireRunning = reader.bool("require_running", diagnostics: &diagnostics) ?? true
        requireRealTime = reader.bool("require_real_time", diagnostics: &diagnostics) ?? false
        maxSignatureAgeDays = reader.integer("max_signature_age_days", in: 0...3650, diagnostics: &diagnostics) ?? 7
    }

    var expectation: String {
        [
            "installed", requireRunning ? "running" : nil, requireRealTime ? "scanning in real time" : nil,
            maxSignatureAgeDays > 0 ? "signatures at most \(maxSignatureAgeDays) days old" : nil,
        ]
        .compactMap { $0 }.joined(separator: ", ")
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let products = context.inventory.antivirus else { return .unknown("the 'antivirus' facts were not collected") }
        if products.isEmpty {
            return .fail("no antivirus product found", [Evidence(fact: "antivirus", seen: "none", expected: expectation)])
        }
        var evidence: [Evidence] = []
        var undetermined: [String] = []
        for (index, product) in products.enumerated() {
            var lacks: [String] = []
            var unknown: [String] = []
            if requireRunning {
                switch product.running {
                case true?: break
                case false?: lacks.append("not running")
                case nil: unknown.append("whether it runs")
                }
            }
            if requireRealTime {
                switch product.realTime {
                case true?: break
                case false?: lacks.append("no real-time scanning")
                case nil: unknown.append("whether it scans in real time")
                }
            }
            var signatures = "signatures: unknown"
            if let text = product.signatureDate, let date = ISODate.parse(text) {
                let age = ElapsedDays.since(date, now: context.now)
                signatures = "signatures from \(text.prefix(10)) (\(age) days old)"
                if maxSignatureAgeDays > 0, age > maxSignatureAgeDays { lacks.append("signatures \(age) days old") }
            } else if maxSignatureAgeDays > 0 {
                lacks.append("no signature database found")
                signatures = "no signatures"
            }
            let state = [
                product.running.map { $0 ? "running" : "stopped" }, product.realTime.map { $0 ? "real-time on" : "real-time off" },
                signatures,
            ].compactMap { $0 }.joined(separator: ", ")
            if lacks.isEmpty, unknown.isEmpty {
                return .pass([Evidence(subject: product.product, fact: "antivirus[\(index)]", seen: state, expected: expectation)])
            }
            if lacks.isEmpty { undetermined.append("\(product.product): cannot tell \(unknown.joined(separator: " or "))") }
            evidence.append(
                Evidence(
                    subject: product.product, fact: "antivirus[\(index)]",
                    seen: state + (lacks.isEmpty ? "" : "; " + lacks.joined(separator: ", ")), expected: expectation))
        }
        if !undetermined.isEmpty { return .unknown(undetermined.joined(separator: "; ")) }
        return .fail(evidence.map { "\($0.subject ?? ""): \($0.seen ?? "")" }.joined(separator: "; "), evidence)
    }
}
