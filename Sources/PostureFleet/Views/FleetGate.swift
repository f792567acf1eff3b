import PostureRules

/// The fleet's thresholds (`posture fleet gate`): the share of hosts passing, and how many may
/// have stopped reporting. Exit codes as `posture gate`: 0 passed, 1 failed, 2 bad input.
public struct FleetGatePolicy: Sendable {
    /// A judged host passes when its newest report fails no rule of this severity or above (nil:
    /// when its own gate passed).
    public var failOn: Severity?
    /// Least share of all hosts (stale and never-scanned ones count as not passing), 0–100.
    public var minimumPassRate: Double?
    /// Most hosts without a recent report (stale plus never scanned).
    public var maximumStale: Int?

    public init(failOn: Severity? = .low, minimumPassRate: Double? = nil, maximumStale: Int? = nil) {
        self.failOn = failOn
        self.minimumPassRate = minimumPassRate
        self.maximumStale = maximumStale
    }

    public struct Verdict: Sendable, Equatable {
        public var passed: Bool
        public var reasons: [String]
        public var passing: Int
        public var hosts: Int
        public var passRate: Double?
        public var notReporting: Int
        /// The judged hosts that do not pass, by name.
        public var failingHosts: [String]
    }

    public func judge(_ fleet: FleetSnapshot) -> Verdict {
        let judged = fleet.hosts.filter { !$0.stale }
        let failing: Set<String>
        if let failOn {
            failing = Set(
                fleet.rules.filter { (Severity(rawValue: $0.severity) ?? .info) >= failOn }.flatMap { $0.failingHosts.map(\.name) })
        } else {
            failing = Set(judged.filter { !$0.gatePassed }.map(\.name))
        }
        let passing = judged.count { !failing.contains($0.name) }
        let hosts = fleet.verdict.hosts
        let rate = FleetNumbers.percent(passing, of: hosts)
        let notReporting = fleet.verdict.stale + fleet.verdict.neverScanned
        var reasons: [String] = []
        if let minimumPassRate, (rate ?? 0) < minimumPassRate {
            reasons.append(
                "\(passing) of \(hosts) hosts pass (\(rate.map { FleetTrendChart.number($0) } ?? "0")%), below the minimum "
                    + "\(FleetTrendChart.number(minimumPassRate))%")
        }
        if let maximumStale, notReporting > maximumStale {
            reasons.append(
                "\(notReporting) host\(notReporting == 1 ? "" : "s") without a report in \(FleetTrendChart.number(fleet.staleDays)) days "
                    + "(\(fleet.verdict.stale) stale, \(fleet.verdict.neverScanned) never scanned), more than the \(maximumStale) allowed")
        }
        if hosts == 0 { reasons.append("no host in the store: nothing was judged") }
        return Verdict(
            passed: reasons.isEmpty, reasons: reasons, passing: passing, hosts: hosts, passRate: rate, notReporting: notReporting,
            failingHosts: failing.sorted())
    }
}
