import ArgumentParser
import Foundation
import PostureInventory
import PostureReports
import PostureRules

/// Exit codes, one meaning each (README, "Exit codes").
enum Exit {
    static let passed: Int32 = 0
    static let gateFailed: Int32 = 1
    static let badInput: Int32 = 2
    static let scanFailed: Int32 = 3
    static let locked: Int32 = 4
}

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
        subcommands: [Scan.self, Gate.self, Collect.self, Rules.self, Waivers.self]
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

    /// Loads the rules, printing every diagnostic; exits 2 on errors.
    func load() throws -> RuleSet {
        let (sources, readProblems) = RuleLoader.sources(at: extraRules)
        let (ruleSet, problems) = RuleLoader.load(builtin: !noBuiltin, extraSources: sources)
        var all = readProblems
        all.append(contentsOf: problems)
        for diagnostic in all.sorted { printError(diagnostic.description) }
        guard let ruleSet, !all.hasErrors else { throw ExitCode(Exit.badInput) }
        return ruleSet
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
