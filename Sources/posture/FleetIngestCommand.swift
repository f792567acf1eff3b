import ArgumentParser
import Foundation
import PostureFleet
import PosturePipeline

struct FleetIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store the posture.report/1 JSON reports found in these folders (incremental, by content digest).",
        discussion: """
            Walks each folder (sub-folders too) for *.json reports and adds the new ones to the store, each in a \
            transaction: a killed ingest leaves every report fully stored or absent. A file that is not a report \
            is named with file:line:col and the reason, and the walk goes on. Exits 0 when every file was stored \
            or already there, 2 when some were rejected (the rest is stored), 3 when the store cannot be written.
            """
    )

    @Argument(help: ArgumentHelp("Folders (or files) holding JSON reports.", valueName: "dir"))
    var folders: [String]

    @Option(help: ArgumentHelp("The fleet store (SQLite); created when missing.", valueName: "file"))
    var store: String

    func run() throws {
        let outcome = try perform { log throws(PipelineFailure) in try FleetIngest.run(folders: folders, store: store, log: log) }
        printError(
            "posture fleet: \(outcome.files) file\(outcome.files == 1 ? "" : "s"), \(outcome.stored) "
                + "report\(outcome.stored == 1 ? "" : "s") stored, \(outcome.skipped) already stored, \(outcome.rejected) rejected")
        if outcome.rejected > 0 { throw ExitCode(Exit.badInput) }
    }
}
