import ArgumentParser
import Foundation
import PostureRules

struct Attestations: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check attestation files and list the controls they may sign off.",
        subcommands: [Lint.self, Controls.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check an attestation file; print one path:line:col: error: line per problem (exit 2 if any).",
            discussion: """
                Each sign-off names a control judged by a rule in force (built-in, plus --rules; see `posture \
                attestations controls`), an owner, the day it was signed (YYYY-MM-DD, a real calendar day, not \
                after today as of --now) and the evidence (a link or reference). The scan refuses the same file for \
                the same problems.
                """
        )

        @Argument(help: ArgumentHelp("The attestation file.", valueName: "file"))
        var file: String

        @OptionGroup var rules: RuleOptions

        @OptionGroup var clock: ClockOption

        func run() throws {
            let ruleSet = try rules.load()
            let (attestations, problems) = AttestationLoader.load(
                path: file, now: clock.date, controls: ruleSet.attestationControls)
            if printDiagnostics(problems) > 0 { throw ExitCode(Exit.badInput) }
            printError("\(attestations.count) sign-off\(attestations.count == 1 ? "" : "s") OK")
        }
    }

    struct Controls: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the controls the rules in force judge (Markdown), the names an attestation file may use.")

        @OptionGroup var rules: RuleOptions

        func run() throws {
            print(AttestationControlsDocs.markdown(try rules.load()), terminator: "")
        }
    }
}
