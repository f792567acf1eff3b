import PostureRules

/// The trend box: score and coverage of this host over its earlier reports and this one, drawn as
/// inline SVG, and the findings new since the last scan. Absent when there is no earlier report.
enum HTMLTrendModel {
    static func make(_ report: Report, history: ReportHistory) -> [String: Any]? {
        guard let last = history.last, !history.scans.isEmpty else { return nil }
        var points = history.scans.map { TrendChart.Point(label: day($0.scannedAt), score: $0.score, coverage: $0.coverage) }
        points.append(TrendChart.Point(label: day(report.scan.startedAt), score: report.summary.score, coverage: report.summary.coverage))
        let diff = BaselineDiff(current: report.results, baseline: last.report, file: last.file)
        let rows = history.scans.map { scan -> [String: Any] in
            [
                "scannedAt": scan.scannedAt, "score": scan.score.map { HTMLViewModel.format($0) } ?? "none",
                "coverage": scan.coverage.map { HTMLViewModel.format($0) + "%" } ?? "none", "failed": scan.failed,
            ]
        }
        return [
            "chart": TrendChart.svg(title: "Score and coverage of this host over \(points.count) scans", points: points),
            "scanCount": points.count, "since": history.scans.first?.scannedAt ?? "",
            "lastFile": last.file, "lastScannedAt": last.report.scan.startedAt,
            "rows": rows,
            "newSinceLast": diff.new.map(HTMLViewModel.finding), "newCount": diff.new.count, "hasNew": !diff.new.isEmpty,
            "fixedSinceLastText": HTMLViewModel.plural(diff.fixed.count, "finding"),
        ]
    }

    /// The date part of an ISO 8601 time, for the axis.
    static func day(_ time: String) -> String { String(time.prefix(10)) }
}
