import Foundation
import Mustache
import PostureInventory
import PostureRules

/// The auditor's report: one self-contained HTML file, rendered from an auto-escaping Mustache
/// template (built in, or `--template-dir`). Its only script and style are inline and allowed by
/// hash in a Content-Security-Policy that forbids every network request; with JavaScript off the
/// whole report is still there (the script only adds filtering and search).
public struct HTMLReporter: Sendable {
    public static let builtinTemplates = ["report": "Reports/templates/report.mustache", "rule": "Reports/templates/rule.mustache"]

    public struct TemplateError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The largest template file read from --template-dir.
    public static let maximumTemplateBytes = 4 * 1024 * 1024

    let library: MustacheLibrary

    /// The built-in template.
    public init() throws(TemplateError) {
        var texts: [String: String] = [:]
        for (name, path) in Self.builtinTemplates {
            guard let text = BuiltinReportContent.file(path) else {
                throw TemplateError(description: "the built-in HTML template \(path) is missing from this build")
            }
            texts[name] = text
        }
        library = try Self.library(texts, origin: "Reports/templates")
    }

    /// Templates from a folder: `report.mustache` and any partials beside it (a missing `rule`
    /// partial is taken from the built-in templates).
    public init(templateDirectory: String) throws(TemplateError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: templateDirectory)) ?? []
        var texts: [String: String] = [:]
        if let rule = BuiltinReportContent.file(Self.builtinTemplates["rule"]!) { texts["rule"] = rule }
        for name in names where name.hasSuffix(".mustache") {
            let path = templateDirectory + "/" + name
            guard case .success(let text) = TextFile.read(path, maximumBytes: Self.maximumTemplateBytes) else {
                throw TemplateError(description: "\(path):1:1: error: cannot read the template")
            }
            texts[String(name.dropLast(".mustache".count))] = text
        }
        guard texts["report"] != nil else {
            throw TemplateError(description: "\(templateDirectory): error: no report.mustache in the template folder")
        }
        library = try Self.library(texts, origin: templateDirectory)
    }

    private static func library(_ texts: [String: String], origin: String) throws(TemplateError) -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(text, named: name)
            } catch {
                throw TemplateError(description: "\(origin)/\(name).mustache: error: the template does not parse: \(error)")
            }
        }
        return library
    }

    public func render(_ report: Report) -> Data {
        let html = library.render(HTMLViewModel.make(report), withTemplate: "report") ?? ""
        return Data(html.utf8)
    }
}

/// The report as plain dictionaries and arrays for the template: every string in it is rendered
/// escaped by `{{ }}`; the only unescaped values are posture's own style and script.
enum HTMLViewModel {
    static func make(_ report: Report) -> [String: Any] {
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
            report.results.filter { state.contains($0.state) }.map(result)
        }
        var model: [String: Any] = [
            "title": "posture report: \(report.host?.hostname ?? "unknown host")",
            "style": HTMLAssets.style,
            "script": HTMLAssets.script,
            "csp": HTMLAssets.contentSecurityPolicy,
            "host": report.host?.hostname ?? "unknown host",
            "os": report.host?.os?.prettyName
                ?? [report.host?.os?.id, report.host?.os?.versionId].compactMap { $0 }.joined(separator: " "),
            "source": report.scan.source,
            "inventory": report.scan.inventory ?? "",
            "collectedAt": report.host?.collectedAt ?? "",
            "startedAt": report.scan.startedAt,
            "evaluatedAt": report.scan.evaluatedAt,
            "duration": format(Double(report.scan.durationMs) / 1000, digits: 2) + " s",
            "scanner": "\(report.scanner.name) \(report.scanner.version)",
            "digest": report.scan.rulesDigest,
            "ruleCount": report.results.count,
            "score": summary.score.map { format($0) } ?? "none",
            "hasScore": summary.score != nil,
            "scoreValue": summary.score.map { format($0) } ?? "0",
            "grade": incomplete && summary.score != nil ? "\(letter) (incomplete)" : letter,
            "coverage": coverage.map { format($0) + "%" } ?? "none",
            "coverageValue": coverage.map { format($0) } ?? "0",
            "incomplete": incomplete,
            "scoreWithoutWaivers": summary.scoreWithoutWaivers.map { format($0) } ?? "none",
            "waiversChangeScore": summary.scoreWithoutWaivers != summary.score,
            "verdictClass": verdictClass,
            "gatePassed": report.gate.passed,
            "gateReasons": report.gate.reasons,
            "severities": severities,
            "states": states,
            "categories": report.categories.map(category),
            "failed": failed.map(result),
            "failedCount": failed.count,
            "unjudged": list(.error, .unknown),
            "waived": list(.waived),
            "notApplicable": list(.notApplicable),
            "passed": list(.pass),
            "expiredWaivers": report.expiredWaivers.map(waiver),
        ]
        if let baseline = report.baseline {
            model["baseline"] =
                [
                    "file": baseline.file, "scannedAt": baseline.scannedAt,
                    "newCount": baseline.new.count, "fixedCount": baseline.fixed.count, "stillCount": baseline.stillFailing.count,
                    "new": baseline.new.map(finding), "fixed": baseline.fixed.map(finding), "still": baseline.stillFailing.map(finding),
                ] as [String: Any]
        }
        return model
    }

    static func grade(for score: Double) -> String {
        switch score {
        case 90...: "A"
        case 80..<90: "B"
        case 70..<80: "C"
        case 60..<70: "D"
        default: "F"
        }
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
                    "scoreValue": practice.result.score.map { format($0) } ?? "0",
                    "hasScore": practice.result.score != nil,
                    "coverage": practice.result.coverage.map { format($0) + "%" } ?? "–",
                    "rules": counts.total, "pass": counts.pass, "fail": counts.fail,
                    "other": counts.error + counts.unknown, "noRules": counts.total == 0,
                ]
            },
        ]
    }

    static func result(_ result: RuleResult) -> [String: Any] {
        let rule = result.rule
        var model: [String: Any] = [
            "id": rule.id, "title": rule.title, "severity": rule.severity.rawValue, "state": result.state.rawValue,
            "stateLabel": result.state == .notApplicable ? "not applicable" : result.state.rawValue,
            "practice": rule.practice, "rationale": rule.rationale, "remediation": rule.remediation,
            "reason": result.reason ?? "", "hasReason": result.reason != nil,
            "references": rule.references.map { ["standard": $0.standardTitle, "id": $0.id] },
            "hasReferences": !rule.references.isEmpty,
            "source": rule.source,
            "evidence": result.evidence.map { evidence -> [String: Any] in
                [
                    "subject": evidence.subject ?? evidence.fact ?? "", "location": evidence.location ?? "",
                    "seen": evidence.seen ?? "", "expected": evidence.expected ?? "",
                ]
            },
            "hasEvidence": !result.evidence.isEmpty,
            "hiddenEvidence": result.evidenceTotal - result.evidence.count,
            "evidenceTotal": result.evidenceTotal,
            "capped": result.evidenceTotal > result.evidence.count,
            "searchText": ([rule.id, rule.title, rule.practice, result.reason ?? ""] + result.evidence.compactMap { $0.subject }).joined(
                separator: " "
            ).lowercased(),
        ]
        if let applied = result.waiver {
            model["waiver"] = waiver(applied)
            model["waivedState"] = result.waivedState?.rawValue ?? ""
        }
        return model
    }

    static func waiver(_ waiver: WaiverInfo) -> [String: Any] {
        [
            "rule": waiver.rule, "reason": waiver.reason, "owner": waiver.owner, "expires": waiver.expires,
            "expired": waiver.expired, "source": waiver.source,
            "hosts": waiver.hosts.isEmpty ? "all hosts" : waiver.hosts.joined(separator: ", "),
        ]
    }

    static func finding(_ finding: Finding) -> [String: Any] {
        ["rule": finding.rule, "severity": finding.severity.rawValue, "title": finding.title, "subject": finding.subject ?? ""]
    }

    static func format(_ value: Double, digits: Int = 1) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.\(digits)f", value)
    }
}
