import Foundation
import PostureInventory
import PostureProbes
import PostureReports
import PostureRules

/// The organisation's files a scan reads beside the rules: waivers, the HR roster, attestations
/// and the baseline report. Each one, when given, must load cleanly or the scan is bad input.
struct ScanInputs {
    var waivers: [Waiver] = []
    var roster: Roster?
    var attestations: [Attestation]?
    var baseline: (report: Report, file: String)?

    /// Loaded in the order the command has always reported their problems in.
    /// `now` is the time the scan judges at: an attestation dated after it is refused.
    static func load(_ options: ScanOptions, ruleSet: RuleSet, now: Date, log: PipelineLog) throws(PipelineFailure) -> ScanInputs {
        var inputs = ScanInputs()
        if let path = options.waivers {
            let (loaded, problems) = WaiverLoader.load(path: path, ruleIDs: ruleSet.rules.map(\.id))
            for diagnostic in problems.sorted { log(diagnostic.description) }
            if problems.hasErrors { throw .badInput([]) }
            inputs.waivers = loaded
        }
        inputs.baseline = try options.gate.loadBaseline()
        if let path = options.roster {
            switch Roster.load(path: path) {
            case .success(let loaded): inputs.roster = loaded
            case .failure(let problem): throw .badInput([problem.description])
            }
        }
        if let path = options.attestations {
            let (loaded, problems) = AttestationLoader.load(path: path, now: now, controls: ruleSet.attestationControls)
            for diagnostic in problems.sorted { log(diagnostic.description) }
            if problems.hasErrors { throw .badInput([]) }
            inputs.attestations = loaded
        }
        return inputs
    }
}

extension ScanOptions {
    /// The facts to judge: the given inventory file, or a collection of what the selected rules need.
    func facts(for ruleSet: RuleSet, started: Date, log: PipelineLog) throws(PipelineFailure) -> InventoryCodec.Loaded {
        if let path = inventory {
            do {
                return try InventoryCodec.load(path: path)
            } catch {
                throw .badInput([error.description])
            }
        }
        if let remote { return try RemoteInventory.collect(remote, log: log).loaded }
        let collected = Collector.collect(root: root, request: ruleSet.factRequest(selection: selection), now: started)
        do {
            return InventoryCodec.Loaded(inventory: collected, facts: try InventoryCodec.facts(of: collected))
        } catch {
            throw .scanFailed(["error: the collected facts could not be encoded: \(error)"])
        }
    }
}
