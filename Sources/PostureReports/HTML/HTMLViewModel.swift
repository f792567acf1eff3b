import Foundation
import PostureInventory
import PostureRules

/// The report as plain dictionaries and arrays for the template: every string in it is rendered
/// escaped by `{{ }}`; the only unescaped values are posture's own style, script and charts (built by
/// the chart helpers, which escape every label).
enum HTMLViewModel {
    static func make(_ report: Report, history: ReportHistory = ReportHistory()) -> [String: Any] {
        let summary = report.summary
        let coverage = summary.coverage
        let incomplete = coverage.map { $0 < 80 } ?? true
        let letter = summary.score.map { grade(for: $0) } ?? "–"
        let verdictClass = summary.score == nil || incomplete ? "incomplete" : (report.gate.passed ? "passed" : "failed")
        let severities = Severity.allCases.reversed().map { severity -> [String: Any] in
            ["name": severity.rawValue, "count": summary.failedBySeverity[severity.rawValue] ?? 0]
        }
        let counts = summary.counts
        let states: [[String: Any]] = [
            ("pass", counts.pass), ("fail", counts.fail), ("error", counts.error),
            ("unknown", counts.unknown), ("not applicable", counts.notApplicable),
            ("waived", counts.waived),
        ].map { ["name": $0.0, "count": $0.1, "css": $0.0.replacingOccurrences(of: " ", with: "-")] }
        let failed = report.results.filter { $0.state == .fail }
            .sorted { ($1.rule.severity, $0.rule.id) < ($0.rule.severity, $1.rule.id) }
        func list(_ state: ResultState...) -> [[String: Any]] {
            report.results.filter { state.contains($0.state) }.map(HTMLRuleModel.make)
        }
        let unjudged = list(.error, .unknown)
        let waived = list(.waived)
        let notApplicable = list(.notApplicable)
        let passed = list(.pass)
        let expired = report.expiredWaivers.map(HTMLRuleModel.waiver)
        let host = report.host?.hostname ?? "unknown host"
        var model: [String: Any] = [
            "title": "posture report: \(host)",
            "style": HTMLAssets.style,
            "script": HTMLAssets.script,
            "csp": HTMLAssets.contentSecurityPolicy,
            "host": host,
            "os": HTMLHostModel.osLine(report.host),
            "hostDetails": HTMLHostModel.details(report),
            "collectedAt": report.host?.collectedAt ?? "not recorded",
            "startedAt": report.scan.startedAt,
            "evaluatedAt": report.scan.evaluatedAt,
            "scanner": "\(report.scanner.name) \(report.scanner.version)",
            "ruleCount": report.results.count,
            "ruleCountText": plural(report.results.count, "rule"),
            "score": summary.score.map { format($0) } ?? "none",
            "hasScore": summary.score != nil,
            "grade": incomplete && summary.score != nil ? "\(letter) (incomplete)" : letter,
            "gradeBands": gradeBands,
            "coverage": coverage.map { format($0) + "%" } ?? "none",
            "coverageValue": coverage.map { format($0) } ?? "0",
            "incomplete": incomplete,
            "scoreWithoutWaivers": summary.scoreWithoutWaivers.map { format($0) } ?? "none",
            "waiversChangeScore": summary.scoreWithoutWaivers != summary.score,
            "verdictClass": verdictClass,
            "gatePassed": report.gate.passed,
            "gateReasons": report.gate.reasons,
            "severities": severities,
            "severityChart": BarChart.svg(
                title: "Failed rules by severity",
                bars: Severity.allCases.reversed().map {
                    BarChart.Bar(label: $0.rawValue, value: Double(summary.failedBySeverity[$0.rawValue] ?? 0), style: "sev-\($0.rawValue)")
                }, width: 420),
            "practiceChart": practiceChart(report.categories),
            "states": states,
            "categories": report.categories.map(category),
            "requirements": requirementModel(RequirementView(results: report.results)),
            // Each state has its own section, heading and count, in the order an auditor works through them.
            "sections": [
                section(
                    "failed", "Failed", failed.map(HTMLRuleModel.make),
                    intro: "Most severe first. Each says what was seen, what was expected and how to fix it.", none: "No rule failed."),
                section(
                    "not-judged", "Not judged: errors and unknowns", unjudged,
                    intro: "These rules could not be decided; each says why. They count against the score and the coverage.",
                    none: "Every scored rule could be judged."),
                section(
                    "waived", "Waived", waived,
                    intro: "Accepted exceptions: left out of the score, listed with their reason, owner and expiry.",
                    none: "No rule is waived."),
            ],
            "laterSections": [
                section(
                    "not-applicable", "Not applicable", notApplicable,
                    intro: "Rules whose conditions do not hold on this host; each says which.", none: "Every rule applies to this host."),
                section("passed", "Passed", passed, intro: "", none: "No rule passed."),
            ],
            "failed": failed.map(HTMLRuleModel.make), "failedCount": failed.count,
            "unjudged": unjudged, "waived": waived, "notApplicable": notApplicable, "passed": passed,
            "expiredWaivers": expired, "expiredCount": expired.count,
            "expiredText": expired.count == 1 ? "1 expired waiver no longer applies" : "\(expired.count) expired waivers no longer apply",
            "hasExpired": !expired.isEmpty,
        ]
        if let baseline = report.baseline { model["baseline"] = baselineModel(baseline) }
        if let trend = HTMLTrendModel.make(report, history: history) { model["trend"] = trend }
        return model
    }

    static let gradeBands =
        "Grade bands: A 90–100, B 80 to under 90, C 70 to under 80, D 60 to under 70, F under 60; marked incomplete when coverage is under 80%."

    static func grade(for score: Double) -> String {
        switch score {
        case 90...: "A"
        case 80..<90: "B"
        case 70..<80: "C"
        case 60..<70: "D"
        default: "F"
        }
    }

    static func section(_ anchor: String, _ heading: String, _ rules: [[String: Any]], intro: String, none: String) -> [String: Any] {
        [
            "anchor": anchor, "heading": heading, "count": rules.count, "rules": rules, "empty": rules.isEmpty, "none": none,
            "intro": intro, "hasIntro": !intro.isEmpty,
        ]
    }

    static func category(_ category: CategoryScore) -> [String: Any] {
        [
            "id": category.id, "title": category.title, "description": category.description,
            "score": category.result.score.map { format($0) } ?? "–", "coverage": category.result.coverage.map { format($0) + "%" } ?? "–",
            "practices": category.practices.map { practice -> [String: Any] in
                let counts = practice.result.counts
                return [
                    "id": practice.id, "title": practice.title, "description": practice.description,
                    "score": practice.result.score.map { format($0) } ?? "–",
                    "coverage": practice.result.coverage.map { format($0) + "%" } ?? "–",
                    "rules": counts.total, "pass": counts.pass, "fail": counts.fail,
                    "other": counts.error + counts.unknown, "waived": counts.waived, "notApplicable": counts.notApplicable,
                    "noRules": counts.total == 0,
                ]
            },
        ]
    }

    static func practiceChart(_ categories: [CategoryScore]) -> String {
        let bars = categories.flatMap(\.practices).compactMap { practice -> BarChart.Bar? in
            guard let score = practice.result.score else { return nil }
            return BarChart.Bar(label: practice.title, value: score, valueText: format(score))
        }
        return BarChart.svg(title: "Score by best practice (0–100)", bars: bars, maximum: 100, width: 520)
    }

    static func requirementModel(_ view: RequirementView) -> [[String: Any]] {
        view.families.map { family in
            [
                "title": family.title, "standard": family.standard, "count": family.requirements.count,
                "tally": RequirementView.Verdict.allCases.compactMap { verdict -> String? in
                    let count = family.count(verdict)
                    return count == 0 ? nil : "\(count) \(verdict.rawValue)"
                }.joined(separator: ", "),
                "requirements": family.requirements.map { requirement -> [String: Any] in
                    [
                        "id": requirement.id, "verdict": requirement.verdict.rawValue,
                        "verdictClass": requirement.verdict.rawValue.replacingOccurrences(of: " ", with: "-"),
                        "rules": requirement.rules.map {
                            ["id": $0.id, "title": $0.title, "state": $0.state.rawValue, "stateLabel": HTMLRuleModel.label($0.state)]
                        },
                    ]
                },
            ] as [String: Any]
        }
    }

    /// The baseline box counts findings, one per failed evidence item (a rule failing on three
    /// packages is three findings), and says so.
    static func baselineModel(_ baseline: BaselineDiff) -> [String: Any] {
        func group(_ label: String, _ findings: [Finding]) -> [String: Any] {
            ["label": label, "count": findings.count, "items": findings.map(finding), "empty": findings.isEmpty]
        }
        return [
            "file": baseline.file, "scannedAt": baseline.scannedAt,
            "newCount": baseline.new.count, "fixedCount": baseline.fixed.count, "stillCount": baseline.stillFailing.count,
            "groups": [
                group("New", baseline.new), group("Fixed", baseline.fixed), group("Still failing", baseline.stillFailing),
            ],
        ]
    }

    static func finding(_ finding: Finding) -> [String: Any] {
        [
            "rule": finding.rule, "severity": finding.severity.rawValue, "title": finding.title,
            "subject": finding.subject ?? "", "hasSubject": !(finding.subject ?? "").isEmpty,
        ]
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    static func format(_ value: Double, digits: Int = 1) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.\(digits)f", value)
    }
}
