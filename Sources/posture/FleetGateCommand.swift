import ArgumentParser
import Foundation
import PostureFleet
import PosturePipeline
import PostureRules

struct FleetGateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Judge the fleet against thresholds: share of hosts passing, hosts not reporting.",
        discussion: """
            A judged host passes when its newest report fails no rule of --fail-on severity or above; stale and \
            never-scanned hosts count as not passing. Exits 0 when the gate passes, 1 when it fails, 2 when the store \
            or the host list cannot be read (as `posture gate`).
            """
    )

    @OptionGroup var view: FleetViewOptions

    @Option(help: ArgumentHelp("Least percentage of hosts that must pass (0-100).", valueName: "percent"))
    var minPassRate: Double?

    @Option(help: ArgumentHelp("Most hosts allowed without a recent report (stale plus never scanned).", valueName: "n"))
    var maxStale: Int?

    @Option(help: "A host fails when a rule of this severity or above fails: info, low, medium, high, critical, or none (its own gate).")
    var failOn: String = "low"

    func validate() throws {
        if failOn != "none", Severity(rawValue: failOn) == nil {
            throw ValidationError("--fail-on '\(failOn)' is not one of: none, info, low, medium, high, critical")
        }
        if let minPassRate, !(0...100).contains(minPassRate) { throw ValidationError("--min-pass-rate must be from 0 to 100") }
        if let maxStale, maxStale < 0 { throw ValidationError("--max-stale must be 0 or more") }
    }

    func run() throws {
        let options = try view.view()
        let store = view.store
        let snapshot = try perform { _ throws(PipelineFailure) in
            try FleetSnapshotBuilder.build(store: try FleetStore(path: store, create: false), options: options)
        }
        let verdict = FleetGatePolicy(failOn: Severity(rawValue: failOn), minimumPassRate: minPassRate, maximumStale: maxStale)
            .judge(snapshot)
        let rate = verdict.passRate.map { String(format: "%.1f%%", $0) } ?? "none"
        print(
            "fleet gate \(verdict.passed ? "passed" : "FAILED"): \(verdict.passing) of \(verdict.hosts) hosts pass (\(rate)), "
                + "\(verdict.notReporting) not reporting")
        for reason in verdict.reasons { print("  - \(reason)") }
        if !verdict.passed { throw ExitCode(Exit.gateFailed) }
    }
}
