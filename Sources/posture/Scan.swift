import ArgumentParser
import Foundation
import PostureInventory
import PosturePipeline
import PostureReports
import PostureRules

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge this host, an offline root or an inventory against the rules, and report.",
        discussion: """
            Collects facts from this host (or from an offline root filesystem with --root, or reads \
            them from --inventory), evaluates the built-in rules (plus --rules folders), writes the \
            reports and exits 0 when the gate passes, 1 when it fails. Collection only reads, and only \
            what the rules in force need. With --out-dir (for timers and cron) the reports are written \
            as HOST-TIMESTAMP.EXT, atomically, mode 0640, under a lock, and one log line goes to stderr.
            """
    )

    @Option(help: ArgumentHelp("The inventory to judge (posture.inventory/1 JSON).", valueName: "file"))
    var inventory: String?

    @Option(help: ArgumentHelp("Scan the offline root filesystem in this folder instead of the live host.", valueName: "dir"))
    var root: String?

    @Option(
        help: ArgumentHelp(
            "Output formats, comma-separated: text, json, html, sarif, junit, ndjson (default text; json,html with --out-dir).",
            valueName: "formats"))
    var format: String?

    @Option(
        help: ArgumentHelp(
            "Render HTML with report.mustache (and partials) from this folder instead of the built-in template.",
            valueName: "dir"))
    var templateDir: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the (single) output here, atomically, instead of standard output.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Write HOST-TIMESTAMP.EXT reports into this folder (scheduled scans).", valueName: "dir"))
    var outDir: String?

    @Option(help: ArgumentHelp("With --out-dir, keep this many reports of this host per format.", valueName: "n"))
    var keep: Int = 30

    @Option(
        help: ArgumentHelp(
            "Earlier JSON reports of this host, for the HTML report's trend (default: the --out-dir folder).",
            valueName: "dir"))
    var history: String?

    @OptionGroup var rules: RuleOptions

    @OptionGroup var remote: RemoteCommandOptions

    @Option(help: ArgumentHelp("Apply the waivers in this YAML file.", valueName: "file"))
    var waivers: String?

    @Option(help: ArgumentHelp("The HR roster of active staff (CSV with a header), for leavers' accounts.", valueName: "file"))
    var roster: String?

    @Option(help: ArgumentHelp("Signed-off manual controls (YAML), for the attestation rules.", valueName: "file"))
    var attestations: String?

    @Option(help: ArgumentHelp("Run only these rules, practices or categories (repeatable).", valueName: "selector"))
    var only: [String] = []

    @Option(help: ArgumentHelp("Leave out these rules, practices or categories (repeatable).", valueName: "selector"))
    var skip: [String] = []

    @OptionGroup var gate: GateOptions

    @Option(help: ArgumentHelp("Judge ages as of this ISO 8601 time instead of now (reproducible reports).", valueName: "time"))
    var now: String?

    func validate() throws {
        if inventory != nil, root != nil { throw ValidationError("--inventory and --root cannot be combined") }
        if let root { try validateRoot(root) }
        try remote.validate(root: root, inventory: inventory)
        if let now, ISODate.parse(now) == nil { throw ValidationError("--now '\(now)' is not an ISO 8601 date or time") }
        let formats = try formatList(format ?? "text")
        if output != nil, outDir != nil { throw ValidationError("--output and --out-dir cannot be combined") }
        if formats.count > 1, outDir == nil { throw ValidationError("several formats need --out-dir") }
        if keep < 1 { throw ValidationError("--keep must be at least 1") }
        if let history {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: history, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--history '\(history)' is not a folder")
            }
        }
    }

    func run() throws {
        let options = ScanOptions(
            inventory: inventory, root: root, formats: try formatList(format ?? (outDir == nil ? "text" : "json,html")),
            templateDir: templateDir, output: output, outDir: outDir, keep: keep, rules: rules.sources,
            selection: RuleSelection(only: only, skip: skip), waivers: waivers, roster: roster, attestations: attestations,
            gate: gate.settings, now: now.flatMap(ISODate.parse),
            reproducibleEpoch: try sourceDateEpoch(),
            scannerVersion: Posture.version, remote: remote.settings, history: history)
        let outcome = try perform { log throws(PipelineFailure) in try ScanJob.run(options, log: log) }
        if let data = outcome.standardOutput { FileHandle.standardOutput.write(data) }
        if !outcome.verdict.passed { throw ExitCode(Exit.gateFailed) }
    }

    /// SOURCE_DATE_EPOCH as the reproducible-builds specification defines it: decimal digits,
    /// seconds since 1970 UTC. Anything else ("1e3", "inf", "-5") is a usage error, not a clock.
    private func sourceDateEpoch() throws -> Double? {
        guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] else { return nil }
        guard !text.isEmpty, text.count <= 12, text.utf8.allSatisfy({ $0 &- 0x30 < 10 }), let seconds = Int(text) else {
            throw ValidationError("SOURCE_DATE_EPOCH '\(text.prefix(40))' is not a whole number of seconds since 1970")
        }
        return Double(seconds)
    }

    /// The formats named, or a usage error naming the bad one.
    private func formatList(_ text: String) throws -> [OutputFormat] {
        do {
            return try OutputFormat.list(text)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
