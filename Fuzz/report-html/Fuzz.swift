import Foundation
import FuzzSupport

@testable import PostureReports

/// An earlier report read from a --history folder, rendered as the HTML report (with itself as its
/// own history, so the trend and the requirement view run too): any bytes, never a crash or a hang.
/// The built-in template, parsed once.
let reporter = try? HTMLReporter()

@_cdecl("fuzz_report_html_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let bytes = fuzzBytes(data, size)
        guard let report = try? JSONDecoder().decode(Report.self, from: Data(bytes)), let reporter else { return 0 }
        let history = ReportHistory(
            scans: [
                ReportHistory.Scan(
                    file: "earlier.json", scannedAt: report.scan.startedAt, score: report.summary.score, coverage: report.summary.coverage,
                    failed: report.summary.counts.fail)
            ],
            last: (report, "earlier.json"))
        _ = reporter.render(report, history: history)
        _ = TextReporter.render(report)
        return 0
    }
}
