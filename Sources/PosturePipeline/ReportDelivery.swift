import Foundation
import PostureReports

/// Where the rendered reports go: one file or standard output, or, for scheduled scans, every
/// format as HOST-TIMESTAMP.EXT under `outDir` (mode 0640, old ones rotated, one log line).
struct ReportDelivery {
    let options: ScanOptions

    /// The HTML renderer (built-in or `templateDir`), when HTML is among the formats.
    func htmlReporter() throws(PipelineFailure) -> HTMLReporter? {
        guard options.formats.contains(.html) else { return nil }
        do {
            return try options.templateDir.map { try HTMLReporter(templateDirectory: $0) } ?? HTMLReporter()
        } catch {
            throw .badInput(["\(error)"])
        }
    }

    /// Writes the report; returns what belongs on standard output, if anything.
    func deliver(_ report: Report, started: Date, log: PipelineLog) throws(PipelineFailure) -> Data? {
        let html = try htmlReporter()
        // The trend reads earlier reports of this host: --history, else the --out-dir folder.
        let history =
            html == nil
            ? ReportHistory()
            : (options.history ?? options.outDir).map {
                ReportHistory.load(folder: $0, host: report.host, before: report.scan.startedAt)
            } ?? ReportHistory()
        if let folder = options.outDir {
            try writeScheduled(report, html: html, history: history, folder: folder, started: started, log: log)
            return nil
        }
        do {
            let data = try options.formats[0].render(report, html: html, history: history)
            guard let output = options.output else { return data }
            try ReportFiles.writeAtomically(data, to: output)
            return nil
        } catch {
            throw .scanFailed(["\(options.output ?? "<stdout>"): error: cannot write the report: \(error)"])
        }
    }

    private func writeScheduled(
        _ report: Report, html: HTMLReporter?, history: ReportHistory, folder: String, started: Date,
        log: PipelineLog
    ) throws(PipelineFailure) {
        let host = report.host?.hostname ?? "host"
        let base = ReportFiles.baseName(host: host, date: started)
        var written: [String] = []
        do {
            for format in options.formats {
                let path = "\(folder)/\(base).\(format.fileExtension)"
                try ReportFiles.writeAtomically(try format.render(report, html: html, history: history), to: path, mode: 0o640)
                written.append(path)
            }
        } catch {
            throw .scanFailed(["posture: error: scan of \(host) could not write its report: \(error)"])
        }
        ReportFiles.rotate(folder: folder, host: host, extensions: options.formats.map(\.fileExtension), keep: options.keep)
        log(TextReporter.logLine(report, written: written))
    }
}
