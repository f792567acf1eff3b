import PostureInventory
import PostureRules

/// The terminal summary: the verdict first, then what failed by severity, then what could not be
/// judged. Plain text, one finding per line, fit for a log or a CI console.
public enum TextReporter {
    public static func render(_ report: Report) -> String {
        // Host text is shown, never obeyed: escape sequences and line breaks come out escaped.
        let report = report.printable()
        var lines: [String] = []
        let host = report.host?.hostname ?? "unknown host"
        let os = report.host?.os?.prettyName.map { " (\($0))" } ?? ""
        lines.append("posture \(report.scanner.version): \(host)\(os)")
        var headline =
            report.summary.score.map { "score \(format($0))/100, coverage \(format(report.summary.coverage ?? 0))%" }
            ?? "no score: no scored rule could be judged"
        if report.summary.scoreWithoutWaivers != report.summary.score {
            headline += report.summary.scoreWithoutWaivers.map { ", without waivers \(format($0))" } ?? ", without waivers no score"
        }
        if let coverageValue = report.summary.coverage, coverageValue < 80 { headline += " — INCOMPLETE: many rules could not be judged" }
        lines.append(headline)
        let counts = report.summary.counts
        lines.append(
            "\(counts.total) rule\(counts.total == 1 ? "" : "s"): \(counts.pass) pass, \(counts.fail) fail, \(counts.error) error, "
                + "\(counts.unknown) unknown, \(counts.notApplicable) not applicable, \(counts.waived) waived")
        let failed = report.results.filter { $0.state == .fail }
            .sorted { ($1.rule.severity, $0.rule.id) < ($0.rule.severity, $1.rule.id) }
        if !failed.isEmpty {
            lines.append("")
            lines.append("Failed:")
            let width = failed.map(\.rule.id.count).max() ?? 0
            for result in failed {
                let severity = result.rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                let id = result.rule.id.padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append("  \(severity) \(id)  \(result.rule.title)")
                if let reason = result.reason { lines.append("  \(String(repeating: " ", count: 9 + width))  \(reason)") }
            }
        }
        let waived = report.results.filter { $0.state == .waived }
        if !waived.isEmpty {
            lines.append("")
            lines.append("Waived (not scored):")
            for result in waived {
                let waiver = result.waiver.map { " until \($0.expires), \($0.owner): \($0.reason)" } ?? ""
                lines.append("  \(result.rule.id) (\(result.waivedState?.rawValue ?? "fail"))\(waiver)")
            }
        }
        if !report.expiredWaivers.isEmpty {
            lines.append("")
            lines.append("Expired waivers (no longer applied):")
            for waiver in report.expiredWaivers {
                lines.append("  \(waiver.rule): expired \(waiver.expires), owner \(waiver.owner) (\(waiver.source))")
            }
        }
        if let baseline = report.baseline {
            lines.append("")
            lines += baselineLines(baseline)
        }
        let unjudged = report.results.filter { $0.state == .error || $0.state == .unknown }
        if !unjudged.isEmpty {
            lines.append("")
            lines.append("Not judged:")
            for result in unjudged {
                lines.append(
                    "  \(result.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(result.rule.id): "
                        + (result.reason ?? ""))
            }
        }
        lines.append("")
        if report.gate.passed {
            lines.append("gate: passed")
        } else {
            lines.append("gate: FAILED: " + report.gate.reasons.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}

extension TextReporter {
    /// One syslog-friendly line per scheduled run: what was scanned, the verdict, where it went.
    public static func logLine(_ report: Report, written: [String]) -> String {
        // One run, one line: nothing from the host may break it or start another.
        let report = report.printable()
        let written = written.map { HostText.printable($0) }
        let host = report.host?.hostname ?? "host"
        let score = report.summary.score.map { "score \(format($0))" } ?? "no score"
        let coverage = report.summary.coverage.map { "coverage \(format($0))%" } ?? "no coverage"
        let failed = report.summary.counts.fail
        let critical = report.summary.failedBySeverity["critical"] ?? 0
        let gate = report.gate.passed ? "gate passed" : "gate failed: " + report.gate.reasons.joined(separator: "; ")
        return "posture: scan of \(host): \(score), \(coverage), \(failed) failed (\(critical) critical), "
            + "\(gate); wrote \(written.joined(separator: ", "))"
    }

    /// What `posture gate` prints.
    public static func gateSummary(_ report: Report, verdict: GateVerdict, baseline: BaselineDiff?) -> String {
        // Only the hostname and the baseline's findings come from the host: escaped here, without
        // copying a report that may be large.
        let baseline = baseline.flatMap { try? EveryString.map($0) { HostText.printable($0) } }
        var lines = [
            "\(HostText.printable(report.host?.hostname ?? "host")) scanned \(report.scan.startedAt): "
                + (report.summary.score.map { "score \(format($0))" } ?? "no score") + ", "
                + (report.summary.coverage.map { "coverage \(format($0))%" } ?? "no coverage")
        ]
        if let baseline { lines += baselineLines(baseline) }
        lines.append(verdict.passed ? "gate: passed" : "gate: FAILED: " + verdict.reasons.joined(separator: "; "))
        return lines.joined(separator: "\n") + "\n"
    }

    static func baselineLines(_ diff: BaselineDiff) -> [String] {
        // Items (pieces of evidence), with the rules they fall in: "110 items" beside "13 failed"
        // rules must not read as 110 rules.
        func count(_ findings: [Finding]) -> String {
            let rules = Set(findings.map(\.rule)).count
            return "\(findings.count) item\(findings.count == 1 ? "" : "s") in \(rules) rule\(rules == 1 ? "" : "s")"
        }
        var lines = [
            "since \(diff.file) (\(diff.scannedAt)): new \(count(diff.new)), fixed \(count(diff.fixed)), "
                + "still failing \(count(diff.stillFailing))"
        ]
        for (label, findings) in [("new", diff.new), ("fixed", diff.fixed)] {
            for finding in findings.prefix(20) {
                lines.append(
                    "  \(label.padding(toLength: 5, withPad: " ", startingAt: 0)) \(finding.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                        + "\(finding.rule)" + (finding.subject.map { ": \($0)" } ?? ""))
            }
            if findings.count > 20 { lines.append("  (\(findings.count - 20) more \(label))") }
        }
        return lines
    }
}
