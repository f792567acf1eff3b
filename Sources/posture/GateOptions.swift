import ArgumentParser
import PosturePipeline
import PostureReports
import PostureRules

extension Severity: ExpressibleByArgument {}

/// Gate thresholds, shared by `scan` and `gate`.
struct GateOptions: ParsableArguments {
    @Option(help: "Fail the gate when a rule of this severity or above fails: info, low, medium, high, critical, or none.")
    var failOn: String = "low"

    @Option(help: ArgumentHelp("Fail the gate when the score is below this (0-100).", valueName: "score"))
    var minScore: Double?

    @Option(help: ArgumentHelp("Fail the gate when coverage is below this percentage.", valueName: "percent"))
    var minCoverage: Double?

    @Option(help: ArgumentHelp("Compare with an earlier JSON report: what is new, fixed, still failing.", valueName: "report"))
    var baseline: String?

    @Flag(help: "With --baseline, fail only on findings that are new since it.")
    var newOnly = false

    @Flag(help: "Do not fail the gate on expired waivers (they are still reported).")
    var ignoreExpiredWaivers = false

    @Flag(help: "Do not fail the gate on rules at or above --fail-on that ended in error (they still lower coverage).")
    var allowErrors = false

    func validate() throws {
        if failOn != "none", Severity(rawValue: failOn) == nil {
            throw ValidationError("--fail-on '\(failOn)' is not one of: none, info, low, medium, high, critical")
        }
        for (name, value) in [("--min-score", minScore), ("--min-coverage", minCoverage)] {
            if let value, !(0...100).contains(value) { throw ValidationError("\(name) must be from 0 to 100") }
        }
        if newOnly, baseline == nil { throw ValidationError("--new-only needs --baseline") }
    }

    var settings: GateSettings {
        GateSettings(
            policy: GatePolicy(
                failOn: Severity(rawValue: failOn), minimumScore: minScore, minimumCoverage: minCoverage,
                newOnly: newOnly, failOnExpiredWaivers: !ignoreExpiredWaivers, allowErrors: allowErrors),
            baseline: baseline)
    }
}
