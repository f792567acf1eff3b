import ArgumentParser
import Foundation
import PostureInventory
import PostureProbes
import PostureReports
import PostureRules

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension Severity: ExpressibleByArgument {}

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge an inventory against the rules and report.",
        discussion: """
        Collects facts from this host (or from an offline root filesystem with --root, or reads \
        them from --inventory), evaluates the built-in rules (plus --rules folders), prints the \
        terminal summary or writes the JSON report, and exits 0 when the gate passes, 1 when it \
        fails. Collection only reads, and only what the rules in force need.
        """
    )

    @Option(help: ArgumentHelp("The inventory to judge (posture.inventory/1 JSON).", valueName: "file"))
    var inventory: String?

    @Option(help: ArgumentHelp("Scan the offline root filesystem in this folder instead of the live host.", valueName: "dir"))
    var root: String?

    @Option(help: "Output format: text (the summary) or json (the report).")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the output here (atomically) instead of standard output.", valueName: "path"))
    var output: String?

    @OptionGroup var rules: RuleOptions

    @Option(help: ArgumentHelp("Apply the waivers in this YAML file.", valueName: "file"))
    var waivers: String?

    @Option(help: ArgumentHelp("Run only these rules, practices or categories (repeatable).", valueName: "selector"))
    var only: [String] = []

    @Option(help: ArgumentHelp("Leave out these rules, practices or categories (repeatable).", valueName: "selector"))
    var skip: [String] = []

    @Option(help: "Fail the gate when a rule of this severity or above fails: info, low, medium, high, critical, or none.")
    var failOn: String = "low"

    @Option(help: ArgumentHelp("Fail the gate when the score is below this (0-100).", valueName: "score"))
    var minScore: Double?

    @Option(help: ArgumentHelp("Fail the gate when coverage is below this percentage.", valueName: "percent"))
    var minCoverage: Double?

    @Option(help: ArgumentHelp("Judge ages as of this ISO 8601 time instead of now (reproducible reports).", valueName: "time"))
    var now: String?

    func validate() throws {
        if inventory != nil, root != nil { throw ValidationError("--inventory and --root cannot be combined") }
        if let root { try validateRoot(root) }
        if failOn != "none", Severity(rawValue: failOn) == nil {
            throw ValidationError("--fail-on '\(failOn)' is not one of: none, info, low, medium, high, critical")
        }
        if let now, ISODate.parse(now) == nil { throw ValidationError("--now '\(now)' is not an ISO 8601 date or time") }
        for (name, value) in [("--min-score", minScore), ("--min-coverage", minCoverage)] {
            if let value, !(0...100).contains(value) { throw ValidationError("\(name) must be from 0 to 100") }
        }
    }

    func run() throws {
        let started = Date()
        let ruleSet = try rules.load()
        let selection = RuleSelection(only: only, skip: skip)
        let unknown = selection.unknownSelectors(in: ruleSet)
        if !unknown.isEmpty {
            printError("error: --only/--skip name no rule, practice or category: \(unknown.joined(separator: ", "))")
            throw ExitCode(Exit.badInput)
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
                                        catalogs: ruleSet.catalogs)
        var waiverList: [Waiver] = []
        if let waivers {
            let (loadedWaivers, problems) = WaiverLoader.load(path: waivers, ruleIDs: ruleSet.rules.map(\.id))
            for diagnostic in problems.sorted { printError(diagnostic.description) }
            if problems.hasErrors { throw ExitCode(Exit.badInput) }
            waiverList = loadedWaivers
        }
        let assessment = Evaluator.evaluate(ruleSet, selection: selection, waivers: waiverList, context: context)
        let policy = GatePolicy(failOn: Severity(rawValue: failOn), minimumScore: minScore, minimumCoverage: minCoverage)
        let verdict = policy.judge(assessment)
        let finished = Date()
        let report = Report(
            assessment: assessment, inventory: loaded.inventory, ruleSet: ruleSet, selection: selection,
            inventoryPath: inventory, scannerVersion: Posture.version,
            startedAt: fixedEpoch.map { Date(timeIntervalSince1970: $0) } ?? started,
            finishedAt: fixedEpoch.map { Date(timeIntervalSince1970: $0) } ?? finished,
            evaluatedAt: evaluatedAt, reproducible: fixedEpoch != nil, gate: verdict)
        let data: Data
        do {
            switch format {
            case .json: data = try JSONReporter.render(report)
            case .text: data = Data(TextReporter.render(report).utf8)
            }
            if let output {
                try writeAtomically(data, to: output)
            } else {
                FileHandle.standardOutput.write(data)
            }
        } catch {
            printError("\(output ?? "<stdout>"): error: cannot write the report: \(error.localizedDescription)")
            throw ExitCode(Exit.scanFailed)
        }
        if !verdict.passed { throw ExitCode(Exit.gateFailed) }
    }
}
