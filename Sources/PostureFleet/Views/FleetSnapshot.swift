/// The fleet at one moment (`posture.fleet/1`): the model every fleet output is rendered from.
/// docs/fleet-format.md describes it and docs/fleet.schema.json is its JSON Schema.
public struct FleetSnapshot: Sendable, Codable, Equatable {
    public static let schemaIdentifier = "posture.fleet/1"

    /// Hosts by what the fleet knows of them.
    public struct Verdict: Sendable, Codable, Equatable {
        /// Hosts with a report in the store, plus expected hosts (--hosts) never scanned.
        public var hosts: Int
        /// Hosts whose newest report is recent enough to judge them.
        public var judged: Int
        public var passing: Int
        public var failing: Int
        /// No report within the stale window: a desk that stopped scanning is a finding.
        public var stale: Int
        public var neverScanned: Int
        /// 100 × passing / hosts: stale and never-scanned hosts count as not passing.
        public var passRate: Double?
        /// 100 × Σ earned / Σ possible over the judged hosts' newest reports.
        public var score: Double?
        /// The mean coverage of the judged hosts' newest reports.
        public var coverage: Double?

        enum CodingKeys: String, CodingKey {
            case hosts, judged, passing, failing, stale, score, coverage
            case neverScanned = "never_scanned"
            case passRate = "pass_rate"
        }
    }

    public struct Host: Sendable, Codable, Equatable {
        public var name: String
        public var os: String?
        public var scannedAt: String
        public var ageDays: Double
        public var stale: Bool
        public var gatePassed: Bool
        public var score: Double?
        public var coverage: Double?
        public var failed: Int
        /// The report's JSON file as it was ingested, and its HTML beside it when there was one.
        public var report: String
        public var html: String?

        enum CodingKeys: String, CodingKey {
            case name, os, stale, score, coverage, failed, report, html
            case scannedAt = "scanned_at"
            case ageDays = "age_days"
            case gatePassed = "gate_passed"
        }
    }

    /// A practice or a requirement across the fleet.
    public struct Control: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var rules: [String]
        public var score: Double?
        /// Judged hosts where every scored rule of the control passed.
        public var hostsMeeting: Int
        /// Judged hosts where a rule of the control was scored at all.
        public var hostsJudged: Int
        public var shareMeeting: Double?

        enum CodingKeys: String, CodingKey {
            case id, title, rules, score
            case hostsMeeting = "hosts_meeting"
            case hostsJudged = "hosts_judged"
            case shareMeeting = "share_meeting"
        }
    }

    public struct FailingHost: Sendable, Codable, Equatable {
        public var name: String
        public var scannedAt: String

        enum CodingKeys: String, CodingKey {
            case name
            case scannedAt = "scanned_at"
        }
    }

    public struct Rule: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var severity: String
        public var practice: String
        /// Judged hosts whose newest report fails the rule, newest report first.
        public var failingHosts: [FailingHost]

        enum CodingKeys: String, CodingKey {
            case id, title, severity, practice
            case failingHosts = "failing_hosts"
        }
    }

    /// What changed on a host between its previous report and its newest.
    public struct Change: Sendable, Codable, Equatable {
        public var host: String
        public var scannedAt: String
        public var previousScannedAt: String
        public var newFailures: [String]
        public var fixed: [String]

        enum CodingKeys: String, CodingKey {
            case host, fixed
            case scannedAt = "scanned_at"
            case previousScannedAt = "previous_scanned_at"
            case newFailures = "new_failures"
        }
    }

    /// One day of history: the hosts that reported that day (newest report each).
    public struct Day: Sendable, Codable, Equatable {
        public var day: String
        public var hosts: Int
        public var score: Double?
        public var coverage: Double?
        public var failingHosts: Int

        enum CodingKeys: String, CodingKey {
            case day, hosts, score, coverage
            case failingHosts = "failing_hosts"
        }
    }

    public var schema = Self.schemaIdentifier
    /// The moment staleness is judged against (ISO 8601).
    public var now: String
    public var staleDays: Double
    public var reports: Int
    public var verdict: Verdict
    /// Every host, by name.
    public var hosts: [Host]
    public var staleHosts: [String]
    public var neverScanned: [String]
    public var practices: [Control]
    /// PCI DSS v4.0.1 requirements the rules reference, in requirement order.
    public var requirements: [Control]
    /// Rules failing on at least one judged host, most failing hosts first.
    public var rules: [Rule]
    /// The judged hosts with the lowest scores, lowest first (at most 10).
    public var worstHosts: [String]
    /// Hosts with new failures since their previous report (got worse), and hosts with fixes only.
    public var gotWorse: [Change]
    public var improved: [Change]
    public var trend: [Day]

    enum CodingKeys: String, CodingKey {
        case schema, now, reports, verdict, hosts, practices, requirements, rules, trend, improved
        case staleDays = "stale_days"
        case staleHosts = "stale_hosts"
        case neverScanned = "never_scanned"
        case worstHosts = "worst_hosts"
        case gotWorse = "got_worse"
    }
}
