import ArgumentParser
import Foundation
import PostureFleet
import PosturePipeline

struct FleetReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render the fleet: verdict, stale hosts, practices, PCI DSS requirements, failing rules, changes, trend.",
        discussion: "Writes fleet.html, fleet.json (posture.fleet/1) and fleet.csv into --out-dir, or one format to standard output."
    )

    @OptionGroup var view: FleetViewOptions

    @Option(
        help: ArgumentHelp(
            "Formats, comma-separated: html, json, csv (default html,json,csv with --out-dir, else json).", valueName: "formats"))
    var format: String?

    @Option(help: ArgumentHelp("Write fleet.EXT files into this folder.", valueName: "dir"))
    var outDir: String?

    func validate() throws {
        let formats = try formatList()
        if formats.count > 1, outDir == nil { throw ValidationError("several formats need --out-dir") }
    }

    func run() throws {
        let options = FleetReportJob.Options(store: view.store, formats: try formatList(), outDir: outDir, view: try view.view())
        let outcome = try perform { log throws(PipelineFailure) in try FleetReportJob.run(options, log: log) }
        if let data = outcome.output { FileHandle.standardOutput.write(data) }
    }

    private func formatList() throws -> [FleetReportJob.Format] {
        let text = format ?? (outDir == nil ? "json" : "html,json,csv")
        return try text.split(separator: ",").map { name in
            guard let format = FleetReportJob.Format(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--format '\(name)' is not one of: html, json, csv")
            }
            return format
        }
    }
}
