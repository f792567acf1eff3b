import Foundation
import PostureInventory

/// Earlier JSON reports of the same host (from `--history DIR` or the `--out-dir` folder), for the
/// HTML report's trend: score and coverage per scan, and the findings new since the last one.
/// Files that are not posture reports, are too large, or belong to another host are passed over:
/// a history folder is a convenience, never a reason to fail a scan.
public struct ReportHistory: Sendable {
    /// One earlier scan.
    public struct Scan: Sendable, Equatable {
        public var file: String
        public var scannedAt: String
        public var score: Double?
        public var coverage: Double?
        public var failed: Int
    }

    /// Oldest first.
    public var scans: [Scan]
    /// The newest earlier report, to list what is new since it.
    public var last: (report: Report, file: String)?

    public init(scans: [Scan] = [], last: (report: Report, file: String)? = nil) {
        self.scans = scans
        self.last = last
    }

    /// The largest report file read; larger ones are skipped.
    public static let maximumFileBytes = 32 * 1024 * 1024
    /// How many `.json` files (newest names first) are opened at most.
    public static let maximumFilesRead = 60
    /// How many earlier scans the trend shows.
    public static let maximumScans = 30

    /// Reports in `folder` of the host `host` (same hostname, and same machine id where both have one),
    /// scanned before `before` (ISO 8601; the current scan).
    public static func load(folder: String, host: HostFacts?, before: String) -> ReportHistory {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .sorted(by: >)
            .prefix(maximumFilesRead)
        // Only the summaries are kept, and the newest report whole: 60 large reports never sit in memory at once.
        var scans: [Scan] = []
        var last: (report: Report, file: String)?
        for name in names {
            let path = folder + "/" + name
            guard case .success(let text) = TextFile.read(path, maximumBytes: maximumFileBytes),
                let report = try? JSONDecoder().decode(Report.self, from: Data(text.utf8)),
                report.schema == Report.schemaIdentifier, sameHost(report.host, host),
                let scanned = ISODate.parse(report.scan.startedAt), let current = ISODate.parse(before), scanned < current
            else { continue }
            scans.append(
                Scan(
                    file: path, scannedAt: report.scan.startedAt, score: report.summary.score,
                    coverage: report.summary.coverage, failed: report.summary.counts.fail))
            if last.map({ ISODate.parse($0.report.scan.startedAt).map { $0 < scanned } ?? true }) ?? true { last = (report, path) }
        }
        scans.sort { (ISODate.parse($0.scannedAt) ?? .distantPast, $0.file) < (ISODate.parse($1.scannedAt) ?? .distantPast, $1.file) }
        return ReportHistory(scans: Array(scans.suffix(maximumScans)), last: last)
    }

    static func sameHost(_ earlier: HostFacts?, _ current: HostFacts?) -> Bool {
        guard let name = current?.hostname, earlier?.hostname == name else { return false }
        if let id = current?.machineId, let earlierID = earlier?.machineId { return id == earlierID }
        return true
    }
}
