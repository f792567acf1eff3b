import PostureReports
import PostureRules

/// The thresholds a run is held to, and the earlier report to compare with.
public struct GateSettings: Sendable {
    public var policy: GatePolicy
    /// An earlier JSON report (`--baseline`).
    public var baseline: String?

    public init(policy: GatePolicy = GatePolicy(), baseline: String? = nil) {
        self.policy = policy
        self.baseline = baseline
    }

    /// The baseline report, or bad input with its positioned error.
    func loadBaseline() throws(PipelineFailure) -> (report: Report, file: String)? {
        guard let baseline else { return nil }
        do {
            return (try BaselineDiff.loadReport(baseline), baseline)
        } catch {
            throw .badInput([error.description])
        }
    }

    /// The verdict on an assessment, with the baseline comparison when one was given.
    func judge(_ assessment: Assessment) throws(PipelineFailure) -> (GateVerdict, BaselineDiff?) {
        let diff = try loadBaseline().map { BaselineDiff(current: assessment.results, baseline: $0.report, file: $0.file) }
        return (policy.judge(assessment, baseline: diff), diff)
    }
}

/// `posture gate`: a saved JSON report judged against thresholds, without scanning again.
public enum GateJob {
    public struct Outcome: Sendable {
        /// The verdict in words, for standard output.
        public var summary: String
        public var verdict: GateVerdict
    }

    public static func run(report path: String, gate: GateSettings) throws(PipelineFailure) -> Outcome {
        let saved: Report
        do {
            saved = try ReportFile.load(path)
        } catch {
            throw .badInput([error.description])
        }
        let (verdict, diff) = try gate.judge(saved.assessment)
        return Outcome(summary: TextReporter.gateSummary(saved, verdict: verdict, baseline: diff), verdict: verdict)
    }
}
