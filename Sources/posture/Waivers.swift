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
            abstract: "Check a waiver file; print one path:line:col: error: line per problem.",
            discussion: """
                Each waiver names a rule in force (built-in, plus --rules), an owner, a reason and an expiry date \
                (YYYY-MM-DD, a real calendar day); hosts are optional hostname globs. A waiver past its date is judged \
                as the gate judges it (same --now): an error that fails the lint, unless --ignore-expired-waivers, as \
                for the gate. Waivers expiring within --warn-days are warnings. Exit 0 when clean, 1 when only expired \
                waivers were found (the gate would fail), 2 when the file has errors.
                """
        )

        @Argument(help: ArgumentHelp("The waiver file.", valueName: "file"))
        var file: String

        @OptionGroup var rules: RuleOptions

        @OptionGroup var clock: ClockOption

        @Flag(
            name: [.customLong("ignore-expired-waivers"), .customLong("ignore-expired")],
            help: "Report expired waivers as warnings only, as the gate option of the same name does.")
        var ignoreExpiredWaivers = false

        @Option(help: ArgumentHelp("Warn about waivers expiring within this many days.", valueName: "days"))
        var warnDays = 30

        func validate() throws {
            if !(0...3_650).contains(warnDays) { throw ValidationError("--warn-days must be from 0 to 3650") }
        }

        func run() throws {
            let ruleSet = try rules.load()
            var (waivers, problems) = WaiverLoader.load(path: file, ruleIDs: ruleSet.rules.map(\.id))
            let now = clock.date
            var expired = 0
            for waiver in waivers {
                let info = waiver.info(now: now)
                if info.expired {
                    let message = "waiver for '\(waiver.rule)' expired on \(info.expires); it no longer applies"
                    if ignoreExpiredWaivers {
                        problems.warning(waiver.position, message)
                    } else {
                        expired += 1
                        problems.error(waiver.position, message + " and the gate fails on it (--ignore-expired-waivers to allow)")
                    }
                } else if waiver.expires.addingTimeInterval(86_400) <= now.addingTimeInterval(Double(warnDays) * 86_400) {
                    problems.warning(waiver.position, "waiver for '\(waiver.rule)' expires on \(info.expires), within \(warnDays) days")
                }
            }
            let errors = printDiagnostics(problems)
            if errors > expired { throw ExitCode(Exit.badInput) }
            if expired > 0 { throw ExitCode(Exit.gateFailed) }
            printError("\(waivers.count) waiver\(waivers.count == 1 ? "" : "s") OK")
        }
    }
}
