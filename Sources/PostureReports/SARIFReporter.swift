import Foundation
import PostureInventory
import PostureRules

/// SARIF 2.1.0 for code-scanning dashboards: one rule descriptor per rule run, one result per
/// failed finding (errors and unknowns as notes), each with a stable fingerprint.
public enum SARIFReporter {
    public static func render(_ report: Report) throws -> Data {
        let host = report.host?.hostname ?? "host"
        let rules: [JSONValue] = report.results.map { result in
            let rule = result.rule
            return .object([
                "id": .string(rule.id),
                "name": .string(rule.id.split(separator: "-").map { $0.capitalized }.joined()),
                "shortDescription": .object(["text": .string(rule.title)]),
                "fullDescription": .object(["text": .string(rule.rationale)]),
                "help": .object(["text": .string("Remediation: " + rule.remediation)]),
                "defaultConfiguration": .object(["level": .string(level(rule.severity))]),
                "properties": .object([
                    "tags": .array(
                        ([rule.practice, "severity:\(rule.severity.rawValue)"] + rule.references.map { "\($0.standard):\($0.id)" }).map {
                            .string($0)
                        }),
                    "security-severity": .string(securitySeverity(rule.severity)),
                    "precision": .string("high"),
                ]),
            ])
        }
        let ruleIndex = Dictionary(uniqueKeysWithValues: report.results.enumerated().map { ($0.element.rule.id, $0.offset) })
        var results: [JSONValue] = []
        for finding in Finding.findings(in: report.results) {
            guard let result = report.results.first(where: { $0.rule.id == finding.rule }) else { continue }
            let evidence = result.evidence.first { ($0.subject ?? $0.fact) == finding.subject }
            var message = result.rule.title + ": " + (result.reason ?? "failed")
            if let evidence, let seen = evidence.seen {
                message =
                    "\(result.rule.title): \(finding.subject.map { "\($0): " } ?? "")\(seen)"
                    + (evidence.expected.map { " (expected \($0))" } ?? "")
            }
            results.append(
                .object([
                    "ruleId": .string(finding.rule),
                    "ruleIndex": .number(Double(ruleIndex[finding.rule] ?? 0)),
                    "level": .string(level(result.rule.severity)),
                    "message": .object(["text": .string(message)]),
                    "locations": .array([location(host: host, evidence: evidence)]),
                    "partialFingerprints": .object(["postureFinding/v1": .string(finding.fingerprint)]),
                ]))
        }
        for result in report.results where result.state == .error || result.state == .unknown {
            results.append(
                .object([
                    "ruleId": .string(result.rule.id),
                    "ruleIndex": .number(Double(ruleIndex[result.rule.id] ?? 0)),
                    "level": .string("note"),
                    "kind": .string("review"),
                    "message": .object([
                        "text": .string("\(result.rule.title): not judged (\(result.state.rawValue)): \(result.reason ?? "")")
                    ]),
                    "locations": .array([location(host: host, evidence: nil)]),
                    "partialFingerprints": .object([
                        "postureFinding/v1": .string(SHA256.hex("\(result.rule.id)\u{1F}\(result.state.rawValue)"))
                    ]),
                ]))
        }
        let document: JSONValue = .object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([
                .object([
                    "tool": .object([
                        "driver": .object([
                            "name": .string("posture"),
                            "version": .string(report.scanner.version),
                            "semanticVersion": .string(report.scanner.version),
                            "informationUri": .string("https://posture.invalid/docs"),
                            "rules": .array(rules),
                        ])
                    ]),
                    "automationDetails": .object(["id": .string("posture/\(host)/")]),
                    "invocations": .array([
                        .object([
                            "executionSuccessful": .bool(true),
                            "startTimeUtc": .string(report.scan.startedAt),
                            "endTimeUtc": .string(report.scan.finishedAt),
                        ])
                    ]),
                    "properties": .object([
                        "score": report.summary.score.map { .number($0) } ?? .null,
                        "coverage": report.summary.coverage.map { .number($0) } ?? .null,
                        "rulesDigest": .string(report.scan.rulesDigest),
                    ]),
                    "results": .array(results),
                ])
            ]),
        ])
        return try StableJSON.encode(document)
    }

    /// A finding about a file points at it; anything else is a logical location on the host.
    static func location(host: String, evidence: Evidence?) -> JSONValue {
        if let location = evidence?.location ?? evidence?.subject, location.hasPrefix("/") {
            // `PATH:LINE` ends in a line number; a colon elsewhere is part of the name (`notes:2024.txt`).
            var path = Substring(location)
            var line: Int?
            if let colon = location.lastIndex(of: ":"), let number = Int(location[location.index(after: colon)...]), number > 0,
                location[location.index(after: colon)...].allSatisfy(\.isASCII)
            {
                path = location[..<colon]
                line = number
            }
            var physical: [String: JSONValue] = ["artifactLocation": .object(["uri": .string(fileURI(String(path)))])]
            if let line { physical["region"] = .object(["startLine": .number(Double(line))]) }
            return .object([
                "physicalLocation": .object(physical),
                "logicalLocations": .array([.object(["name": .string(host), "kind": .string("host")])]),
            ])
        }
        return .object(["logicalLocations": .array([.object(["name": .string(host), "kind": .string("host")])])])
    }

    /// `file:///home/a/Q3%20%231%2050%25.txt`: an RFC 3986 URI for an absolute path, every byte
    /// but the unreserved ones and `/` percent-encoded (so `#`, `%`, `?`, `:`, spaces and non-ASCII
    /// names cannot end the path or read as a fragment).
    static func fileURI(_ path: String) -> String {
        var uri = "file://"
        for byte in path.utf8 {
            let unreserved = (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || "-._~/".utf8.contains(byte)
            uri += unreserved ? String(UnicodeScalar(byte)) : "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
        return uri
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// GitHub's 0.0–10.0 scale.
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "7.5"
        case .medium: "5.0"
        case .low: "2.0"
        case .info: "0.0"
        }
    }
}
