import ArgumentParser
import Foundation
import PostureRules

struct Waivers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check waiver files.",
        subcommands: [Lint.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a waiver file; print one path:line:col: error: line per problem (exit 2 if any).",
            discussion:
                "Each waiver names a rule in force (built-in, plus --rules), an owner, a reason and an expiry date (YYYY-MM-DD); hosts are optional hostname globs. Waivers already past their date are reported as warnings."
        )

        @Argument(help: ArgumentHelp("The waiver file.", valueName: "file"))
        var file: String

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let ruleSet = try rules.load()
            var (waivers, problems) = WaiverLoader.load(path: file, ruleIDs: ruleSet.rules.map(\.id))
            let now = Date()
            for waiver in waivers where waiver.info(now: now).expired {
                problems.warning(
                    waiver.position, "waiver for '\(waiver.rule)' expired on \(waiver.info(now: now).expires); it no longer applies")
            }
            for diagnostic in problems.sorted { FileHandle.standardOutput.write(Data((diagnostic.description + "\n").utf8)) }
            let errors = problems.items.filter { $0.severity == .error }.count
            if errors > 0 {
                printError("\(errors) error\(errors == 1 ? "" : "s")")
                throw ExitCode(Exit.badInput)
            }
            printError("\(waivers.count) waiver\(waivers.count == 1 ? "" : "s") OK")
        }
    }
}
