import PostureInventory

/// How bad a failure of a rule is; decides its default weight in the score.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    /// Weights from the published scoring: critical 10, high 6, medium 3, low 1, info 0.
    public var defaultWeight: Double {
        switch self {
        case .critical: 10
        case .high: 6
        case .medium: 3
        case .low: 1
        case .info: 0
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A requirement in an external standard that a rule serves.
public struct Reference: Sendable, Codable, Hashable {
    /// `pci-dss`, `nist-800-53`, `cis`, `iso-27001`, `hipaa` or `url`.
    public var standard: String
    public var id: String

    public static let standards = ["pci-dss", "nist-800-53", "cis", "iso-27001", "hipaa", "url"]

    /// What a report prints for the standard.
    public var standardTitle: String {
        switch standard {
        case "pci-dss": "PCI DSS v4.0.1"
        case "nist-800-53": "NIST SP 800-53"
        case "cis": "CIS Benchmark"
        case "iso-27001": "ISO/IEC 27001"
        case "hipaa": "HIPAA"
        default: "Link"
        }
    }
}

/// One rule: data, never code. It judges one check against an inventory.
public struct Rule: Sendable {
    public var id: String
    public var title: String
    /// `category/practice`, from the taxonomy.
    public var practice: String
    public var severity: Severity
    /// Overrides the severity's weight in the score.
    public var weight: Double?
    public var rationale: String
    /// The fix in general (the `default` entry when the rule gives one per OS).
    public var remediation: String
    /// Fixes by OS family or id (`linux`, `debian`, `windows`, `macos`), when they differ.
    public var remediationByOS: [String: String] = [:]
    public var references: [Reference]
    /// Conditions that must hold for the rule to apply at all.
    public var when: [FactCondition]
    /// The platforms (`host.os.family`) where posture gathers what the check needs; nil for all.
    /// Elsewhere the rule still applies but is `unknown` ("not collected on windows") unless the
    /// inventory carries the facts itself (`Check.carriesFacts`). `when` is for rules that do not apply.
    public var collectedOn: [String]?
    public var check: any Check
    public var position: SourcePosition

    public var category: String { String(practice.split(separator: "/").first ?? "") }

    /// The OS keys a `remediation` mapping may use besides `default`, most specific first.
    public static let remediationOSKeys = ["debian", "linux", "windows", "macos"]

    /// The fix for the scanned host: the entry for its OS id (`debian`), else its family (`linux`,
    /// `windows`, `macos`), else the general one.
    public func remediation(for os: OperatingSystem?) -> String {
        for key in [os?.id, os?.family].compactMap({ $0?.lowercased() }) {
            if let text = remediationByOS[key] { return text }
        }
        return remediation
    }
    public var effectiveWeight: Double { weight ?? severity.defaultWeight }
}
