import PostureRules

/// The report by requirement, as an assessor reads it: for each reference family the rules carry
/// (PCI DSS v4.0.1 first), each requirement with the rules that serve it, their states on this host,
/// and one verdict. Links (`url` references) are not requirements and are left out.
public struct RequirementView: Sendable, Equatable {
    /// A requirement's verdict from the states of its rules.
    public enum Verdict: String, Sendable, CaseIterable {
        case notMet = "not met"
        case notJudged = "not judged"
        case waived
        case met
        case notApplicable = "not applicable"

        /// Any failure means not met; else anything undecided means not judged; else a waiver
        /// means waived; else a pass means met; a requirement all of whose rules do not apply is
        /// not applicable. A pass never hides another rule's fail, error or unknown.
        init(_ states: [ResultState]) {
            if states.contains(.fail) {
                self = .notMet
            } else if states.contains(.error) || states.contains(.unknown) {
                self = .notJudged
            } else if states.contains(.waived) {
                self = .waived
            } else if states.contains(.pass) {
                self = .met
            } else {
                self = .notApplicable
            }
        }
    }

    public struct Requirement: Sendable, Equatable {
        public var id: String
        public var verdict: Verdict
        /// The rules that cite it, in rule-id order.
        public var rules: [RuleState]
    }

    public struct RuleState: Sendable, Equatable {
        public var id: String
        public var title: String
        public var state: ResultState
    }

    public struct Family: Sendable, Equatable {
        /// `pci-dss`.
        public var standard: String
        /// `PCI DSS v4.0.1`.
        public var title: String
        public var requirements: [Requirement]

        public func count(_ verdict: Verdict) -> Int { requirements.filter { $0.verdict == verdict }.count }
    }

    public var families: [Family]

    public init(results: [RuleResult]) {
        var byStandard: [String: [String: [RuleState]]] = [:]
        var titles: [String: String] = [:]
        for result in results {
            for reference in result.rule.references where reference.standard != "url" {
                titles[reference.standard] = reference.standardTitle
                let state = RuleState(id: result.rule.id, title: result.rule.title, state: result.state)
                if byStandard[reference.standard, default: [:]][reference.id]?.contains(where: { $0.id == state.id }) != true {
                    byStandard[reference.standard, default: [:]][reference.id, default: []].append(state)
                }
            }
        }
        let order = Reference.standards
        families = byStandard.keys.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
            .map { standard in
                let requirements = byStandard[standard, default: [:]]
                    .map { id, rules in
                        let sorted = rules.sorted { $0.id < $1.id }
                        return Requirement(id: id, verdict: Verdict(sorted.map(\.state)), rules: sorted)
                    }
                    .sorted { Self.precedes($0.id, $1.id) }
                return Family(standard: standard, title: titles[standard] ?? standard, requirements: requirements)
            }
    }

    /// Requirement numbers in reading order: `1.2.9` before `1.2.10`, `AC-2` before `AC-11`.
    static func precedes(_ left: String, _ right: String) -> Bool {
        let a = parts(left)
        let b = parts(right)
        for (x, y) in zip(a, b) where x != y {
            switch (Int(x), Int(y)) {
            case let (m?, n?): return m < n
            case (.some, nil): return true
            case (nil, .some): return false
            default: return x < y
            }
        }
        return a.count != b.count ? a.count < b.count : left < right
    }

    private static func parts(_ id: String) -> [String] {
        id.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "(" || $0 == ")" || $0 == " " }).map(String.init)
    }
}
