import Foundation
import PostureReports
import PostureRules

/// `posture scan` as a library call: lock, rules, the organisation's inputs, facts (collected or
/// read), evaluation, the gate, the report and its delivery. Testable without the binary; every
/// way it can stop is a `PipelineFailure` carrying its exit code.
public enum ScanJob {
    public struct Outcome: Sendable {
        public var report: Report
        public var verdict: GateVerdict
        /// The rendered report when it goes to standard output (no --output, no --out-dir).
        public var standardOutput: Data?
    }

    public static func run(_ options: ScanOptions, log: PipelineLog) throws(PipelineFailure) -> Outcome {
        let started = Date()
        // A scheduled run takes the folder's lock first: an overlapping run leaves at once.
        var lock: ReportFiles.Lock?
        if let folder = options.outDir { lock = try takeLock(folder) }
        defer { withExtendedLifetime(lock) {} }

        let ruleSet = try options.rules.load(log: log)
        let unknown = options.selection.unknownSelectors(in: ruleSet)
        if !unknown.isEmpty {
            throw .badInput(["error: --only/--skip name no rule, practice or category: \(unknown.joined(separator: ", "))"])
        }
        // SOURCE_DATE_EPOCH stands for every clock reading a report shows, so two runs over the
        // same input are byte-identical; --now still sets the clock ages are judged against.
        let fixed = options.reproducibleEpoch.map { Date(timeIntervalSince1970: $0) }
        let evaluatedAt = options.now ?? fixed ?? started
        let inputs = try ScanInputs.load(options, ruleSet: ruleSet, now: evaluatedAt, log: log)
        let loaded = try options.facts(for: ruleSet, started: fixed ?? started, log: log)

        let context = EvaluationContext(
            inventory: loaded.inventory, facts: loaded.facts, now: evaluatedAt,
            catalogs: ruleSet.catalogs, roster: inputs.roster, attestations: inputs.attestations)
        let assessment = Evaluator.evaluate(ruleSet, selection: options.selection, waivers: inputs.waivers, context: context)
        let diff = inputs.baseline.map { BaselineDiff(current: assessment.results, baseline: $0.report, file: $0.file) }
        let verdict = options.gate.policy.judge(assessment, baseline: diff)
        let report = Report(
            assessment: assessment, inventory: loaded.inventory, ruleSet: ruleSet, selection: options.selection,
            inventoryPath: options.inventory, scannerVersion: options.scannerVersion,
            startedAt: fixed ?? started, finishedAt: fixed ?? Date(),
            evaluatedAt: evaluatedAt, reproducible: fixed != nil, gate: verdict, baseline: diff)
        let standardOutput = try ReportDelivery(options: options).deliver(report, started: started, log: log)
        return Outcome(report: report, verdict: verdict, standardOutput: standardOutput)
    }

    /// The --out-dir lock, or `locked` when another scan holds it.
    private static func takeLock(_ folder: String) throws(PipelineFailure) -> ReportFiles.Lock {
        let lock: ReportFiles.Lock
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            guard let held = try ReportFiles.Lock(folder: folder) else {
                throw PipelineFailure.locked([
                    "posture: another scan is writing to \(folder) (lock \(folder)/.posture.lock is held); not starting a second one"
                ])
            }
            lock = held
        } catch let failure as PipelineFailure {
            throw failure
        } catch let failure as ReportFiles.Failure {
            throw .scanFailed(["posture: error: \(failure.description)"])
        } catch {
            throw .scanFailed(["posture: error: \(error)"])
        }
        ReportFiles.removeStaleTemporaries(in: folder)
        return lock
    }
}
