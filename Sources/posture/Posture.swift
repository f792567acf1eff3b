import ArgumentParser
import Foundation
import PostureInventory
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
        subcommands: [Scan.self, Gate.self, Collect.self, Rules.self, Waivers.self, Attestations.self, Fleet.self]
    )

    /// Like ArgumentParser's own entry point, but usage errors exit 2 (the documented code for
    /// bad usage) instead of sysexits' 64.
    static func main() {
        // The Swift runtime reads the arguments from /proc/self/cmdline; without /proc (a bare
        // chroot) it sees none, and the command would print its help and exit 0 without scanning.
        guard CommandLine.arguments.count > 1 || CommandLine.argc > 1 || FileManager.default.fileExists(atPath: "/proc/self/cmdline")
        else {
            printError("posture: error: cannot read its own arguments (is /proc mounted?); nothing was scanned")
            Foundation.exit(Exit.scanFailed)
        }
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

/// Writes one message to standard error, the way every host string leaves posture: card numbers
/// and SSNs masked, escape sequences shown escaped (a message quoting a hostname or a file name
/// cannot drive the terminal).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((HostText.printable(text, keepingLineBreaks: true) + "\n").utf8))
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
