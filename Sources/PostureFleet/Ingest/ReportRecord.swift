import Foundation
import PostureInventory
import PostureReports
import PostureRules

/// A report as the store keeps it: checked (a posture.report/1 with a host, a scan time and
/// unique rule ids), every string bounded, evidence cut to a summary. Made from the file's bytes,
/// or rejected with a positioned reason.
struct ReportRecord {
    struct Result {
        var rule: RuleInfo
        var state: ResultState
        var reason: String?
        /// The first few evidence items, each string bounded, as JSON.
        var evidenceJSON: String
        var evidenceTotal: Int
        var waiver: String?
    }

    var digest: String
    var path: String
    /// The host's own HTML report beside the JSON, when there is one.
    var htmlPath: String?
    var host: String
    /// The host facts (bounded) as JSON, for exports.
    var hostJSON: String
    var os: String?
    var scannedAt: String
    var scannedEpoch: Int64
    var day: String
    var scannerVersion: String
    var rulesDigest: String
    /// Recomputed from the results with the published scoring, not taken from the file's summary.
    var summary: Score
    var gatePassed: Bool
    var practices: [(id: String, title: String)]
    var results: [Result]

    static func make(_ file: CandidateReport) -> Swift.Result<ReportRecord, Diagnostic> {
        let report: Report
        do {
            // A report written by an older posture may hold unmasked card numbers or SSNs in file
            // names and paths: the store keeps only masked text.
            report = try PostureReports.ReportFile.decode(file.bytes, file: file.path).maskingHostText()
        } catch {
            return .failure(error)
        }
        func reject(_ path: [JSONParser.PathComponent], _ message: String) -> Swift.Result<ReportRecord, Diagnostic> {
            let position = JSONParser.locate(path, in: file.bytes) ?? (1, 1)
            return .failure(Diagnostic(file: file.path, line: position.line, column: position.column, message: message))
        }
        guard report.schema == Report.schemaIdentifier else {
            return reject([.key("schema")], "schema '\(IngestLimits.bounded(report.schema, 80))' is not \(Report.schemaIdentifier)")
        }
        guard let host = report.host?.hostname, !host.isEmpty else {
            return reject([.key("host")], "the report names no host (host.hostname), so it has no place in the fleet")
        }
        guard host.count <= IngestLimits.maximumHostname else {
            return reject(
                [.key("host"), .key("hostname")], "a hostname of \(host.count) characters, expected at most \(IngestLimits.maximumHostname)"
            )
        }
        guard !host.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return reject([.key("host"), .key("hostname")], "a hostname with control characters")
        }
        guard let scanned = ISODate.parse(report.scan.finishedAt) else {
            return reject(
                [.key("scan"), .key("finished_at")],
                "scan.finished_at '\(IngestLimits.bounded(report.scan.finishedAt, 80))' is not an ISO 8601 time")
        }
        guard report.results.count <= IngestLimits.maximumResults else {
            return reject([.key("results")], "\(report.results.count) results, expected at most \(IngestLimits.maximumResults)")
        }
        var seen = Set<String>()
        var results: [Result] = []
        results.reserveCapacity(report.results.count)
        for (index, result) in report.results.enumerated() {
            let id = result.rule.id
            guard !id.isEmpty, id.count <= IngestLimits.maximumIdentifier, seen.insert(id).inserted else {
                return reject(
                    [.key("results"), .index(index), .key("rule"), .key("id")],
                    "rule id '\(IngestLimits.bounded(id, 80))' is empty, too long or repeated")
            }
            results.append(bounded(result))
        }
        let epoch = Int64(scanned.timeIntervalSince1970.rounded(.down))
        let os = report.host?.os.flatMap { $0.prettyName ?? [$0.id, $0.versionId].compactMap { $0 }.joined(separator: " ") }
        let hostJSON = (try? JSONEncoder().encode(boundedHost(report.host))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let html = String(file.path.dropLast(file.path.hasSuffix(".json") ? 5 : 0)) + ".html"
        return .success(
            ReportRecord(
                digest: file.digest, path: file.path,
                htmlPath: file.path.hasSuffix(".json") && FileManager.default.fileExists(atPath: html) ? html : nil,
                host: host, hostJSON: hostJSON, os: os.map { IngestLimits.bounded($0, IngestLimits.maximumText) },
                scannedAt: ISODate.format(scanned), scannedEpoch: epoch, day: String(ISODate.format(scanned).prefix(10)),
                scannerVersion: IngestLimits.bounded(report.scanner.version, IngestLimits.maximumIdentifier),
                rulesDigest: IngestLimits.bounded(report.scan.rulesDigest, IngestLimits.maximumIdentifier),
                summary: Scoring.score(report.results), gatePassed: report.gate.passed,
                practices: report.categories.flatMap { category in
                    category.practices.map {
                        (
                            IngestLimits.bounded($0.id, IngestLimits.maximumIdentifier),
                            IngestLimits.bounded($0.title, IngestLimits.maximumText)
                        )
                    }
                },
                results: results))
    }

    static func bounded(_ result: RuleResult) -> Result {
        var rule = result.rule
        let id = IngestLimits.maximumIdentifier
        let text = IngestLimits.maximumText
        rule.title = IngestLimits.bounded(rule.title, text)
        rule.category = IngestLimits.bounded(rule.category, id)
        rule.practice = IngestLimits.bounded(rule.practice, id)
        rule.rationale = IngestLimits.bounded(rule.rationale, text)
        rule.remediation = IngestLimits.bounded(rule.remediation, text)
        rule.source = IngestLimits.bounded(rule.source, text)
        rule.references = rule.references.prefix(IngestLimits.maximumReferences).map { reference in
            var copy = reference
            copy.standard = IngestLimits.bounded(reference.standard, id)
            copy.id = IngestLimits.bounded(reference.id, id)
            return copy
        }
        if !rule.weight.isFinite || rule.weight < 0 { rule.weight = rule.severity.defaultWeight }
        let evidence = result.evidence.prefix(IngestLimits.maximumEvidenceItems).map { item in
            func cut(_ text: String?) -> String? { text.map { IngestLimits.bounded($0, IngestLimits.maximumEvidenceText) } }
            return Evidence(
                subject: cut(item.subject), fact: cut(item.fact), location: cut(item.location), seen: cut(item.seen),
                expected: cut(item.expected))
        }
        let evidenceJSON = (try? JSONEncoder().encode(evidence)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return Result(
            rule: rule, state: result.state, reason: result.reason.map { IngestLimits.bounded($0, text) },
            evidenceJSON: evidenceJSON, evidenceTotal: max(0, min(result.evidenceTotal, 1_000_000_000)),
            waiver: result.waiver.map { IngestLimits.bounded("\($0.reason) (\($0.owner), until \($0.expires))", text) })
    }

    static func boundedHost(_ host: HostFacts?) -> HostFacts {
        guard var host else { return HostFacts() }
        func cut(_ text: String?) -> String? { text.map { IngestLimits.bounded($0, IngestLimits.maximumIdentifier) } }
        host.collector = cut(host.collector)
        host.architecture = cut(host.architecture)
        host.collectedAt = cut(host.collectedAt)
        host.source = cut(host.source)
        if var kernel = host.kernel {
            kernel.running = cut(kernel.running)
            kernel.newestInstalled = cut(kernel.newestInstalled)
            host.kernel = kernel
        }
        if var os = host.os {
            os.family = cut(os.family)
            os.id = cut(os.id)
            os.versionId = cut(os.versionId)
            os.version = cut(os.version)
            os.codename = cut(os.codename)
            os.prettyName = cut(os.prettyName)
            os.build = cut(os.build)
            host.os = os
        }
        return host
    }
}
