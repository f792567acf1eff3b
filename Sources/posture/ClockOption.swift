import ArgumentParser
import Foundation
import PostureInventory

/// `--now`: the time a command judges dates at, shared by the linters so they judge expiry and
/// future dates exactly as a scan run with the same option does.
struct ClockOption: ParsableArguments {
    @Option(help: ArgumentHelp("Judge dates as of this ISO 8601 time instead of now (as scan --now).", valueName: "time"))
    var now: String?

    func validate() throws {
        if let now, ISODate.parse(now) == nil { throw ValidationError("--now '\(now)' is not an ISO 8601 date or time") }
    }

    var date: Date { now.flatMap(ISODate.parse) ?? Date() }
}

/// Prints diagnostics as a compiler does, one per line on standard output, errors counted on
/// standard error.
func printDiagnostics(_ problems: Diagnostics) -> Int {
    for diagnostic in problems.sorted { FileHandle.standardOutput.write(Data((diagnostic.description + "\n").utf8)) }
    let errors = problems.items.filter { $0.severity == .error }.count
    if errors > 0 { printError("\(errors) error\(errors == 1 ? "" : "s")") }
    return errors
}
