import ArgumentParser
import Foundation
import PostureFleet
import PosturePipeline

struct FleetExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the stored results as NDJSON events (ECS field names) for Filebeat, Fluent Bit or Splunk.",
        discussion: "One event per result of each host's newest report (every report with --all); docs/ndjson.md is the mapping."
    )

    @Option(help: ArgumentHelp("The fleet store (SQLite).", valueName: "file"))
    var store: String

    @Option(help: "The format: ndjson.")
    var format: String = "ndjson"

    @Flag(help: "Every stored report, not only each host's newest.")
    var all = false

    func validate() throws {
        if format != "ndjson" { throw ValidationError("--format '\(format)' is not one of: ndjson") }
    }

    func run() throws {
        let output = FileHandle.standardOutput
        try perform { _ throws(PipelineFailure) in try FleetExport.run(store: store, all: all, write: { output.write($0) }) }
    }
}
