import ArgumentParser
import Foundation
import PosturePipeline

struct Gate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge a saved JSON report against thresholds, without scanning again.",
        discussion: "Prints the verdict and exits 0 when the gate passes, 1 when it fails, 2 when the report cannot be read."
    )

    @Argument(help: ArgumentHelp("A posture.report/1 JSON report.", valueName: "report"))
    var report: String

    @OptionGroup var gate: GateOptions

    func run() throws {
        let outcome = try perform { _ throws(PipelineFailure) in try GateJob.run(report: report, gate: gate.settings) }
        print(outcome.summary, terminator: "")
        if !outcome.verdict.passed { throw ExitCode(Exit.gateFailed) }
    }
}
