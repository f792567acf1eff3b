import ArgumentParser
import Foundation
import PostureFleet
import PostureInventory
import PosturePipeline
import PostureRules

/// `posture fleet …`: many hosts' reports in one store, and the views of the whole floor.
struct Fleet: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Collect many hosts' JSON reports into one store and report, gate or export the fleet.",
        subcommands: [FleetIngestCommand.self, FleetReportCommand.self, FleetGateCommand.self, FleetExportCommand.self]
    )
}

/// The store and the view options shared by `fleet report` and `fleet gate`.
struct FleetViewOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The fleet store (SQLite), as written by `posture fleet ingest`.", valueName: "file"))
    var store: String

    @Option(help: ArgumentHelp("A host with no report within this many days is stale.", valueName: "days"))
    var staleDays: Double = 2

    @Option(help: ArgumentHelp("The hosts expected in the fleet, one a line; those never seen are reported.", valueName: "file"))
    var hosts: String?

    @Option(help: ArgumentHelp("Judge staleness as of this ISO 8601 time instead of now.", valueName: "time"))
    var now: String?

    func validate() throws {
        if !(staleDays >= 0 && staleDays <= 3650) { throw ValidationError("--stale-days must be from 0 to 3650") }
        if let now, ISODate.parse(now) == nil { throw ValidationError("--now '\(now)' is not an ISO 8601 date or time") }
    }

    func view() throws -> FleetSnapshotBuilder.Options {
        let expected = try hosts.map { path in try perform { _ throws(PipelineFailure) in try FleetReportJob.loadHosts(path) } } ?? []
        return FleetSnapshotBuilder.Options(now: now.flatMap(ISODate.parse) ?? Date(), staleDays: staleDays, expectedHosts: expected)
    }
}
