import Foundation
import PostureInventory
import PostureProbes
import PostureReports

/// `posture collect`: an inventory of what the rules in force need (or of every family), written
/// to a file or returned for standard output.
public enum CollectJob {
    public struct Options: Sendable {
        public var root: String?
        public var output: String?
        public var everything: Bool
        public var rules: RuleSources
        /// Collect on this target over ssh instead (every family; see `RemoteCollection`).
        public var remote: RemoteOptions?

        public init(
            root: String? = nil, output: String? = nil, everything: Bool = false, rules: RuleSources = RuleSources(),
            remote: RemoteOptions? = nil
        ) {
            self.remote = remote
            self.root = root
            self.output = output
            self.everything = everything
            self.rules = rules
        }
    }

    /// The encoded inventory when it goes to standard output; nil once written to `output`.
    public static func run(_ options: Options, log: PipelineLog) throws(PipelineFailure) -> Data? {
        if let remote = options.remote {
            let loaded = try RemoteInventory.collect(remote, log: log)
            return try deliver(loaded.bytes, to: options.output)
        }
        let ruleSet = try options.rules.load(log: log)
        let request =
            options.everything
            ? FactRequest.everything.adding(antivirus: ruleSet.catalogs.antivirus) : ruleSet.factRequest()
        let inventory = Collector.collect(root: options.root, request: request)
        do {
            // An inventory leaves posture like a report does: card numbers and SSNs in file
            // names, paths and every other host string masked.
            return try deliver(
                try StableJSON.encode(EveryString.map(InventoryCodec.facts(of: inventory), HostText.mask)),
                to: options.output)
        } catch let failure as PipelineFailure {
            throw failure
        } catch {
            throw .scanFailed(["<stdout>: error: cannot encode the inventory: \(error)"])
        }
    }

    /// The bytes for standard output, or nil once written to `output`.
    private static func deliver(_ data: Data, to output: String?) throws(PipelineFailure) -> Data? {
        guard let output else { return data }
        do {
            try ReportFiles.writeAtomically(data, to: output)
            return nil
        } catch {
            throw .scanFailed(["\(output): error: cannot write the inventory: \(error)"])
        }
    }
}
