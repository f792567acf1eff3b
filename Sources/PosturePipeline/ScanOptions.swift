import Foundation
import PostureReports
import PostureRules

/// Everything `posture scan` was asked to do, already parsed and validated by the command.
public struct ScanOptions: Sendable {
    /// The inventory to judge instead of collecting one.
    public var inventory: String?
    /// The offline root to collect from (nil: the live host).
    public var root: String?
    /// Collect on this target over ssh instead of here.
    public var remote: RemoteOptions?
    public var formats: [OutputFormat]
    /// A folder with report.mustache (and partials) to render HTML with.
    public var templateDir: String?
    /// The single output's path (nil: standard output).
    public var output: String?
    /// The folder for scheduled HOST-TIMESTAMP.EXT reports, written under a lock.
    public var outDir: String?
    /// Reports of this host kept per format in `outDir`.
    public var keep: Int
    /// A folder of earlier JSON reports of this host, for the HTML report's trend (default: `outDir`).
    public var history: String?
    public var rules: RuleSources
    public var selection: RuleSelection
    public var waivers: String?
    public var roster: String?
    public var attestations: String?
    public var gate: GateSettings
    /// Ages are judged as of this time (nil: when the scan started).
    public var now: Date?
    /// SOURCE_DATE_EPOCH (reproducible-builds convention): fixes timestamps and zeroes durations.
    public var reproducibleEpoch: Double?
    public var scannerVersion: String

    public init(
        inventory: String? = nil, root: String? = nil, formats: [OutputFormat] = [.text], templateDir: String? = nil,
        output: String? = nil, outDir: String? = nil, keep: Int = 30, rules: RuleSources = RuleSources(),
        selection: RuleSelection = RuleSelection(), waivers: String? = nil, roster: String? = nil,
        attestations: String? = nil, gate: GateSettings = GateSettings(), now: Date? = nil,
        reproducibleEpoch: Double? = nil, scannerVersion: String, remote: RemoteOptions? = nil,
        history: String? = nil
    ) {
        self.remote = remote
        self.history = history
        self.inventory = inventory
        self.root = root
        self.formats = formats
        self.templateDir = templateDir
        self.output = output
        self.outDir = outDir
        self.keep = keep
        self.rules = rules
        self.selection = selection
        self.waivers = waivers
        self.roster = roster
        self.attestations = attestations
        self.gate = gate
        self.now = now
        self.reproducibleEpoch = reproducibleEpoch
        self.scannerVersion = scannerVersion
    }
}
