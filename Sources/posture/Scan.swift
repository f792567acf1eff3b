import ArgumentParser
import Foundation
import PostureInventory
import PostureProbes
import PostureReports
import PostureRules

enum OutputFormat: String, CaseIterable {
    case text, json, html, sarif, junit

    var fileExtension: String {
        switch self {
        case .text: "txt"
        case .json: "json"
        case .html: "html"
        case .sarif: "sarif"
        case .junit: "junit.xml"
        }
    }

    func render(_ report: Report, html: HTMLReporter?) throws -> Data {
        switch self {
        case .text: Data(TextReporter.render(report).utf8)
        case .json: try JSONReporter.render(report)
        case .html: (try html ?? HTMLReporter()).render(report)
        case .sarif: try SARIFReporter.render(report)
        case .junit: JUnitReporter.render(report)
        }
    }

    /// `json,sarif` → [.json, .sarif], or a usage error naming the bad one.
    static func list(_ text: String) throws -> [OutputFormat] {
        try text.split(separator: ",").map { name in
            guard let format = OutputFormat(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--format '\(name)' is not one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return format
        }
    }
}

extension Severity: ExpressibleByArgument {}

/// Gate thresholds, shared by `scan` and `gate`.
struct GateOptions: ParsableArguments {
    @Option(help: "Fail the gate when a rule of this severity or above fails: info, low, medium, high, critical, or none.")
    var failOn: String = "low"

    @Option(help: ArgumentHelp("Fail the gate when the score is below this (0-100).", valueName: "score"))
    var minScore: Double?

    @Option(help: ArgumentHelp("Fail the gate when coverage is below this percentage.", valueName: "percent"))
    var minCoverage: Double?

    @Option(help: ArgumentHelp("Compare with an earlier JSON report: what is new, fixed, still failing.", valueName: "report"))
    var baseline: String?

    @Flag(help: "With --baseline, fail only on findings that are new since it.")
    var newOnly = false

    @Flag(help: "Do not fail the gate on expired waivers (they are still reported).")
    var ignoreExpiredWaivers = false

    func validate() throws {
        if failOn != "none", Severity(rawValue: failOn) == nil {
            throw ValidationError("--fail-on '\(failOn)' is not one of: none, info, low, medium, high, critical")
        }
        for (name, value) in [("--min-score", minScore), ("--min-coverage", minCoverage)] {
            if let value, !(0...100).contains(value) { throw ValidationError("\(name) must be from 0 to 100") }
        }
        if newOnly, baseline == nil { throw ValidationError("--new-only needs --baseline") }
    }

    var policy: GatePolicy {
        GatePolicy(failOn: Severity(rawValue: failOn), minimumScore: minScore, minimumCoverage: minCoverage,
                   newOnly: newOnly, failOnExpiredWaivers: !ignoreExpiredWaivers)
    }

    /// The baseline report, or exit 2 with a positioned error.
    func loadBaseline() throws -> (Report, String)? {
        guard let baseline else { return nil }
        do {
            return (try BaselineDiff.loadReport(baseline), baseline)
        } catch {
            printError(error.description)
            throw ExitCode(Exit.badInput)
        }
    }
}

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge this host, an offline root or an inventory against the rules, and report.",
        discussion: """
        Collects facts from this host (or from an offline root filesystem with --root, or reads \\
        them from --inventory), evaluates the built-in rules (plus --rules folders), writes the \\
        reports and exits 0 when the gate passes, 1 when it fails. Collection only reads, and only \\
        what the rules in force need. With --out-dir (for timers and cron) the reports are written \\
        as HOST-TIMESTAMP.EXT, atomically, mode 0640, under a lock, and one log line goes to stderr.
        """
    )

    @Option(help: ArgumentHelp("The inventory to judge (posture.inventory/1 JSON).", valueName: "file"))
    var inventory: String?

    @Option(help: ArgumentHelp("Scan the offline root filesystem in this folder instead of the live host.", valueName: "dir"))
    var root: String?

    @Option(help: ArgumentHelp("Output formats, comma-separated: text, json, html, sarif, junit (default text; json,html with --out-dir).",
                               valueName: "formats"))
    var format: String?

    @Option(help: ArgumentHelp("Render HTML with report.mustache (and partials) from this folder instead of the built-in template.",
                               valueName: "dir"))
    var templateDir: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the (single) output here, atomically, instead of standard output.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Write HOST-TIMESTAMP.EXT reports into this folder (scheduled scans).", valueName: "dir"))
    var outDir: String?

    @Option(help: ArgumentHelp("With --out-dir, keep this many reports of this host per format.", valueName: "n"))
    var keep: Int = 30

    @OptionGroup var rules: RuleOptions

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
        if let now, ISODate.parse(now) == nil { throw ValidationError("--now '\(now)' is not an ISO 8601 date or time") }
        let formats = try OutputFormat.list(format ?? "text")
        if output != nil, outDir != nil { throw ValidationError("--output and --out-dir cannot be combined") }
        if formats.count > 1, outDir == nil { throw ValidationError("several formats need --out-dir") }
        if keep < 1 { throw ValidationError("--keep must be at least 1") }
    }

    func run() throws {
        let started = Date()
        // A scheduled run takes the folder's lock first: an overlapping run leaves at once.
        var lock: ReportFiles.Lock?
        if let outDir {
            do {
                try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
                guard let held = try ReportFiles.Lock(folder: outDir) else {
                    printError("posture: another scan is writing to \(outDir) (lock \(outDir)/.posture.lock is held); not starting a second one")
                    throw ExitCode(Exit.locked)
                }
                lock = held
            } catch let failure as ReportFiles.Failure {
                printError("posture: error: \(failure.description)")
                throw ExitCode(Exit.scanFailed)
            }
            ReportFiles.removeStaleTemporaries(in: outDir)
        }
        defer { withExtendedLifetime(lock) {} }

        let ruleSet = try rules.load()
        let selection = RuleSelection(only: only, skip: skip)
        let unknown = selection.unknownSelectors(in: ruleSet)
        if !unknown.isEmpty {
            printError("error: --only/--skip name no rule, practice or category: \(unknown.joined(separator: ", "))")
            throw ExitCode(Exit.badInput)
        }
        var waiverList: [Waiver] = []
        if let waivers {
            let (loadedWaivers, problems) = WaiverLoader.load(path: waivers, ruleIDs: ruleSet.rules.map(\.id))
            for diagnostic in problems.sorted { printError(diagnostic.description) }
            if problems.hasErrors { throw ExitCode(Exit.badInput) }
            waiverList = loadedWaivers
        }
        let baseline = try gate.loadBaseline()
        var rosterFile: Roster?
        if let roster {
            switch Roster.load(path: roster) {
            case .success(let loaded): rosterFile = loaded
            case .failure(let problem):
                printError(problem.description)
                throw ExitCode(Exit.badInput)
            }
        }
        var attestationList: [Attestation]?
        if let attestations {
            let (loaded, problems) = AttestationLoader.load(path: attestations)
            for diagnostic in problems.sorted { printError(diagnostic.description) }
            if problems.hasErrors { throw ExitCode(Exit.badInput) }
            attestationList = loaded
        }
        let loaded: InventoryCodec.Loaded
        if let inventoryPath = inventory {
            do {
                loaded = try InventoryCodec.load(path: inventoryPath)
            } catch {
                printError(error.description)
                throw ExitCode(Exit.badInput)
            }
        } else {
            let collected = Collector.collect(root: root, request: ruleSet.factRequest(selection: selection), now: started)
            do {
                loaded = InventoryCodec.Loaded(inventory: collected, facts: try InventoryCodec.facts(of: collected))
            } catch {
                printError("error: the collected facts could not be encoded: \(error)")
                throw ExitCode(Exit.scanFailed)
            }
        }
        // SOURCE_DATE_EPOCH (reproducible-builds convention) fixes timestamps and zeroes durations.
        let fixedEpoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init)
        let evaluatedAt = now.flatMap(ISODate.parse) ?? started
        let context = EvaluationContext(inventory: loaded.inventory, facts: loaded.facts, now: evaluatedAt,
                                        catalogs: ruleSet.catalogs, roster: rosterFile, attestations: attestationList)
        let assessment = Evaluator.evaluate(ruleSet, selection: selection, waivers: waiverList, context: context)
        let diff = baseline.map { BaselineDiff(current: assessment.results, baseline: $0.0, file: $0.1) }
        let verdict = gate.policy.judge(assessment, baseline: diff)
        let report = Report(
            assessment: assessment, inventory: loaded.inventory, ruleSet: ruleSet, selection: selection,
            inventoryPath: inventory, scannerVersion: Posture.version,
            startedAt: fixedEpoch.map { Date(timeIntervalSince1970: $0) } ?? started,
            finishedAt: fixedEpoch.map { Date(timeIntervalSince1970: $0) } ?? Date(),
            evaluatedAt: evaluatedAt, reproducible: fixedEpoch != nil, gate: verdict, baseline: diff)
        let formats = try OutputFormat.list(format ?? (outDir == nil ? "text" : "json,html"))
        var html: HTMLReporter?
        if formats.contains(.html) {
            do {
                html = try templateDir.map { try HTMLReporter(templateDirectory: $0) } ?? HTMLReporter()
            } catch {
                printError("\(error)")
                throw ExitCode(Exit.badInput)
            }
        }
        if let outDir {
            try writeScheduled(report, formats: formats, html: html, folder: outDir, started: started)
        } else {
            do {
                let data = try formats[0].render(report, html: html)
                if let output {
                    try ReportFiles.writeAtomically(data, to: output)
                } else {
                    FileHandle.standardOutput.write(data)
                }
            } catch {
                printError("\(output ?? "<stdout>"): error: cannot write the report: \(error)")
                throw ExitCode(Exit.scanFailed)
            }
        }
        if !verdict.passed { throw ExitCode(Exit.gateFailed) }
    }

    /// The scheduled form: every format as HOST-TIMESTAMP.EXT, mode 0640, old ones rotated, one log line.
    private func writeScheduled(_ report: Report, formats: [OutputFormat], html: HTMLReporter?, folder: String,
                                started: Date) throws {
        let host = report.host?.hostname ?? "host"
        let base = ReportFiles.baseName(host: host, date: started)
        var written: [String] = []
        do {
            for format in formats {
                let path = "\(folder)/\(base).\(format.fileExtension)"
                try ReportFiles.writeAtomically(try format.render(report, html: html), to: path, mode: 0o640)
                written.append(path)
            }
        } catch {
            printError("posture: error: scan of \(host) could not write its report: \(error)")
            throw ExitCode(Exit.scanFailed)
        }
        ReportFiles.rotate(folder: folder, host: host, extensions: formats.map(\.fileExtension), keep: keep)
        printError(TextReporter.logLine(report, written: written))
    }
}
