import ArgumentParser
import Foundation
import PostureReports
import PostureRules

struct Gate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge a saved JSON report against thresholds, without scanning again.",
        discussion: "Prints the verdict and exits 0 when the gate passes, 1 when it fails, 2 when the report cannot be read."
    )

    @Argument(help: ArgumentHelp("A posture.report/1 JSON report.", valueName: "report"))
    var report: String

    @OptionGroup var gate: GateOptions

    func run() throws {
        let saved: Report
        do {
            saved = try BaselineDiff.loadReport(report)
        } catch {
            printError(error.description)
            throw ExitCode(Exit.badInput)
        }
        let assessment = saved.assessment
        let diff = try gate.loadBaseline().map { BaselineDiff(current: assessment.results, baseline: $0.0, file: $0.1) }
        let verdict = gate.policy.judge(assessment, baseline: diff)
        print(TextReporter.gateSummary(saved, verdict: verdict, baseline: diff), terminator: "")
        if !verdict.passed { throw ExitCode(Exit.gateFailed) }
    }
}
