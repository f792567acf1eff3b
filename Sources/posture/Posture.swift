import ArgumentParser
import Foundation
import PosturePipeline
import PostureRules

/// Exit codes, one meaning each (README, "Exit codes"); defined beside the jobs that stop with them.
typealias Exit = ExitStatus

@main
struct Posture: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        abstract: "Security-posture compliance scanner for call-center agent workstations.",
        discussion: """
            Exit codes: 0 ran and passed the gate; 1 ran and failed the gate; 2 bad usage, rule, \
            waiver, inventory or report file (nothing judged); 3 the scan itself could not complete; \
            4 another scan holds the --out-dir lock.
            """,
        version: version,
        subcommands: [Scan.self, Gate.self, Collect.self, Rules.self, Waivers.self, Attestations.self]
    )

    /// Like ArgumentParser's own entry point, but usage errors exit 2 (the documented code for
    /// bad usage) instead of sysexits' 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(Exit.badInput)
            }
            exit(withError: error)
        }
    }
}

/// Options that choose the rules in force.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("Add the rule files in this folder or file (repeatable).", valueName: "path"))
    var extraRules: [String] = []

    @Flag(help: "Leave out the built-in rules.")
    var noBuiltin = false

    var sources: RuleSources { RuleSources(extraRules: extraRules, builtin: !noBuiltin) }

    /// Loads the rules, printing every diagnostic; exits 2 on errors.
    func load() throws -> RuleSet {
        try perform { log throws(PipelineFailure) in try sources.load(log: log) }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a job with its log on standard error; a failure prints its messages and exits with its code
/// (thrown as `ExitCode`, so the argument parser adds no second message).
func perform<Result>(_ job: (PipelineLog) throws(PipelineFailure) -> Result) throws -> Result {
    do {
        return try job(printError)
    } catch {
        for message in error.messages { printError(message) }
        throw ExitCode(error.exitCode)
    }
}
