import ArgumentParser
import Foundation
import PostureInventory
import PostureRules

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check, list and document rules.",
        subcommands: [Lint.self, List.self, Docs.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check rule files; print one path:line:col: error: line per problem.",
            discussion:
                "With no paths, checks the built-in rules. Given paths are checked together with the built-in rules, so an id that collides with a built-in one is reported. Exit 0 when clean, 2 when any error was found."
        )

        @Argument(help: ArgumentHelp("Rule files or folders.", valueName: "path"))
        var paths: [String] = []

        func run() throws {
            let (sources, readProblems) = RuleLoader.sources(at: paths)
            let (ruleSet, problems) = RuleLoader.load(builtin: true, extraSources: sources)
            var all = readProblems
            all.append(contentsOf: problems)
            // Shown, never obeyed: a message quoting a file cannot drive the terminal.
            for diagnostic in all.sorted { FileHandle.standardOutput.write(Data((HostText.printable(diagnostic.description) + "\n").utf8)) }
            let errors = all.items.filter { $0.severity == .error }.count
            if errors > 0 || ruleSet == nil {
                printError("\(errors) error\(errors == 1 ? "" : "s")")
                throw ExitCode(Exit.badInput)
            }
            let checked = sources.isEmpty ? ruleSet!.sources.count : sources.count
            printError("\(ruleSet!.rules.count) rules OK (\(checked) file\(checked == 1 ? "" : "s") checked)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules in force: id, severity, practice, title.")

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let ruleSet = try rules.load()
            let idWidth = ruleSet.rules.map(\.id.count).max() ?? 0
            let practiceWidth = ruleSet.rules.map(\.practice.count).max() ?? 0
            for rule in ruleSet.rules {
                print(
                    rule.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  "
                        + rule.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + "  "
                        + rule.practice.padding(toLength: practiceWidth, withPad: " ", startingAt: 0) + "  " + rule.title)
            }
        }
    }

    struct Docs: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the check-kind reference (Markdown), generated from the code.")

        func run() throws {
            print(CheckKindDocs.markdown(), terminator: "")
        }
    }
}
