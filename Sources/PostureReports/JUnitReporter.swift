import Foundation
import PostureRules

/// JUnit XML (the Ant task's schema): a test suite per category, a test case per rule. A failed
/// rule is a failure, error and unknown are errors, not applicable and waived are skipped.
public enum JUnitReporter {
    public static func render(_ report: Report) -> Data {
        let host = report.host?.hostname ?? "unknown-host"
        // The schema's timestamp has no zone: write UTC without it.
        let timestamp = String(report.scan.startedAt.prefix(19))
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        let categories =
            report.categories.map(\.id)
            + Set(report.results.map(\.rule.category))
            .subtracting(report.categories.map(\.id)).sorted()
        for (index, category) in categories.enumerated() {
            let results = report.results.filter { $0.rule.category == category }
            guard !results.isEmpty else { continue }
            let failures = results.filter { $0.state == .fail }.count
            let errors = results.filter { $0.state == .error || $0.state == .unknown }.count
            let skipped = results.filter { $0.state == .notApplicable || $0.state == .waived }.count
            xml +=
                "  <testsuite package=\"posture\" id=\"\(index)\" name=\"\(escape(category))\" timestamp=\"\(timestamp)\" "
                + "hostname=\"\(escape(host))\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"\(errors)\" "
                + "skipped=\"\(skipped)\" time=\"0\">\n"
            xml += "    <properties>\n"
            xml += "      <property name=\"rules_digest\" value=\"\(escape(report.scan.rulesDigest))\"/>\n"
            xml += "      <property name=\"score\" value=\"\(report.summary.score.map { String($0) } ?? "none")\"/>\n"
            xml += "    </properties>\n"
            for result in results {
                let rule = result.rule
                xml += "    <testcase classname=\"\(escape(rule.practice))\" name=\"\(escape("\(rule.id): \(rule.title)"))\" time=\"0\""
                let details = escape(detail(result))
                switch result.state {
                case .pass:
                    xml += "/>\n"
                    continue
                case .fail:
                    xml +=
                        ">\n      <failure message=\"\(escape(result.reason ?? "failed"))\" type=\"\(rule.severity.rawValue)\">\(details)</failure>\n"
                case .error, .unknown:
                    xml +=
                        ">\n      <error message=\"\(escape(result.reason ?? result.state.rawValue))\" type=\"\(result.state.rawValue)\">\(details)</error>\n"
                case .notApplicable:
                    xml += ">\n      <skipped message=\"\(escape(result.reason ?? "not applicable"))\"/>\n"
                case .waived:
                    let waiver = result.waiver.map { "waived until \($0.expires) by \($0.owner): \($0.reason)" } ?? "waived"
                    xml += ">\n      <skipped message=\"\(escape(waiver))\"/>\n"
                }
                xml += "    </testcase>\n"
            }
            xml += "    <system-out/>\n    <system-err/>\n  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return Data(xml.utf8)
    }

    static func detail(_ result: RuleResult) -> String {
        var lines = result.evidence.map { evidence in
            [evidence.subject, evidence.location, evidence.seen.map { "seen: \($0)" }, evidence.expected.map { "expected: \($0)" }]
                .compactMap { $0 }.joined(separator: "; ")
        }
        if result.evidenceTotal > result.evidence.count { lines.append("(\(result.evidenceTotal - result.evidence.count) more)") }
        lines.append("Remediation: \(result.rule.remediation)")
        return lines.joined(separator: "\n")
    }

    /// XML-escapes text for attributes and content; characters XML 1.0 cannot hold become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default:
                let value = scalar.value
                let allowed =
                    value == 0x0D || (value >= 0x20 && value <= 0xD7FF) || (value >= 0xE000 && value <= 0xFFFD) || value >= 0x10000
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
