import Foundation
import PostureInventory
import PostureRules

/// One failed piece of a result, identified so the same problem matches across scans: the rule,
/// and what the evidence is about (its subject, fact path without list positions, and location),
/// never the values seen, which change from scan to scan (ages, counts).
public struct Finding: Sendable, Codable, Equatable, Hashable {
    public var rule: String
    public var severity: Severity
    public var title: String
    public var subject: String?
    /// sha256 of the identity; stable across scans and posture versions within posture.report/1.
    public var fingerprint: String

    public static func findings(in results: [RuleResult]) -> [Finding] {
        results.filter { $0.state == .fail }.flatMap { result -> [Finding] in
            let items = result.evidence.isEmpty ? [Evidence()] : result.evidence
            return items.map { evidence in
                let fact = evidence.fact?.replacingOccurrences(of: #"\[\d+\]"#, with: "", options: .regularExpression) ?? ""
                let identity = [result.rule.id, evidence.subject ?? "", fact, evidence.location ?? ""].joined(separator: "\u{1F}")
                return Finding(
                    rule: result.rule.id, severity: result.rule.severity, title: result.rule.title,
                    subject: evidence.subject ?? evidence.fact, fingerprint: SHA256.hex(identity))
            }
        }.uniqued()
    }
}

/// What changed since an earlier report: findings that are new, fixed, or still failing.
public struct BaselineDiff: Sendable, Codable, Equatable {
    /// The earlier report's file and when it was scanned.
    public var file: String
    public var scannedAt: String
    public var new: [Finding]
    public var fixed: [Finding]
    public var stillFailing: [Finding]

    enum CodingKeys: String, CodingKey {
        case file, new, fixed
        case scannedAt = "scanned_at"
        case stillFailing = "still_failing"
    }

    public init(current: [RuleResult], baseline: Report, file: String) {
        let now = Finding.findings(in: current)
        let before = Finding.findings(in: baseline.results)
        let beforePrints = Set(before.map(\.fingerprint))
        let nowPrints = Set(now.map(\.fingerprint))
        self.file = file
        scannedAt = baseline.scan.startedAt
        new = now.filter { !beforePrints.contains($0.fingerprint) }
        fixed = before.filter { !nowPrints.contains($0.fingerprint) }
        stillFailing = now.filter { beforePrints.contains($0.fingerprint) }
    }

    /// Reads a posture.report/1 file to compare against.
    public static func loadReport(_ path: String) throws(Diagnostic) -> Report {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Diagnostic(file: path, line: 1, column: 1, message: "cannot read: \(error.localizedDescription)")
        }
        return try decodeReport(bytes, file: path)
    }

    /// A posture.report/1 document from its bytes; `file` names it in diagnostics.
    public static func decodeReport(_ bytes: [UInt8], file path: String) throws(Diagnostic) -> Report {
        do {
            _ = try JSONParser.parse(bytes)
        } catch {
            throw error.diagnostic(file: path)
        }
        do {
            let report = try JSONDecoder().decode(Report.self, from: Data(bytes))
            guard report.schema == Report.schemaIdentifier else {
                throw Diagnostic(
                    file: path, line: 1, column: 1,
                    message: "schema '\(report.schema)' is not \(Report.schemaIdentifier)")
            }
            return report
        } catch let error as Diagnostic {
            throw error
        } catch let error as DecodingError {
            var located = InventoryCodec.locate(error, in: bytes, file: path)
            located.message = "not a posture report: " + located.message
            throw located
        } catch {
            throw Diagnostic(file: path, line: 1, column: 1, message: "not a posture report: \(error)")
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
