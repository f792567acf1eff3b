import Foundation
import PostureInventory

/// Which rules run: by rule id or practice (`customer/authentication`) or category (`customer`).
public struct RuleSelection: Sendable {
    public var only: [String]
    public var skip: [String]

    public init(only: [String] = [], skip: [String] = []) {
        self.only = only
        self.skip = skip
    }

    func includes(_ rule: Rule) -> Bool {
        func named(_ selector: String) -> Bool {
            selector == rule.id || selector == rule.practice || selector == rule.category
        }
        if !only.isEmpty, !only.contains(where: named) { return false }
        return !skip.contains(where: named)
    }

    /// Selectors that name no rule, practice or category (a typo would otherwise select nothing).
    public func unknownSelectors(in rules: RuleSet) -> [String] {
        let known = Set(rules.rules.map(\.id) + rules.taxonomy.practiceIDs + rules.taxonomy.categories.map(\.id))
        return (only + skip).filter { !known.contains($0) }
    }
}

/// Judges rules against an inventory.
public enum Evaluator {
    public static func evaluate(
        _ ruleSet: RuleSet, selection: RuleSelection = RuleSelection(), waivers: [Waiver] = [],
        context: EvaluationContext
    ) -> Assessment {
        var results = ruleSet.rules.filter(selection.includes).map { evaluate($0, context: context) }
        let hostname = context.inventory.host?.hostname
        var expired: [WaiverInfo] = []
        for waiver in waivers where waiver.covers(hostname: hostname) {
            let info = waiver.info(now: context.now)
            if info.expired { expired.append(info) }
            guard let index = results.firstIndex(where: { $0.rule.id == waiver.rule }) else { continue }
            // A waiver covers what is not a pass: fail, error or unknown. An expired one applies to nothing
            // but stays attached, so the report says why the rule counts again.
            guard [.fail, .error, .unknown].contains(results[index].state), results[index].waiver == nil else { continue }
            results[index].waiver = info
            if !info.expired {
                results[index].waivedState = results[index].state
                results[index].state = .waived
            }
        }
        return Scoring.assess(results, taxonomy: ruleSet.taxonomy, expiredWaivers: expired)
    }

    public static func evaluate(_ rule: Rule, context: EvaluationContext) -> RuleResult {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: context.ruleTimeBudget)
        var full: CheckOutcome = RuleDeadline.$current.withValue(deadline) {
            Self.outcome(of: rule, context: context)
        }
        // One place turns a rule that ran out of time into an error, whatever the check did meanwhile.
        if clock.now > deadline {
            full = .error("evaluation took more than \(context.ruleTimeBudget.components.seconds) s; the rule was not judged")
        }
        let outcome = full.capped()
        var result = RuleResult(
            rule: info(rule, os: context.inventory.host?.os), state: outcome.state, reason: outcome.reason,
            evidence: outcome.evidence,
            evidenceTotal: outcome.evidenceTotal)
        // Every failing item's identity, past the display cap, for the baseline comparison.
        if outcome.state == .fail { result.fingerprints = FindingIdentity.fingerprints(rule: rule.id, evidence: full.evidence) }
        return result
    }

    static func outcome(of rule: Rule, context: EvaluationContext) -> CheckOutcome {
        for condition in rule.when {
            guard let fact = condition.fact else { continue }
            if let reason = context.collectionError(for: fact) {
                return .error("applicability fact \(fact) could not be collected: \(reason)")
            }
            let value: JSONValue?
            switch context.lookup(fact) {
            case .notCollected(let family):
                return .unknown("cannot tell whether the rule applies: the '\(family)' facts were not collected")
            case .absent: value = nil
            case .value(let found): value = found
            }
            switch condition.evaluate(value, now: context.now) {
            case .holds: continue
            case .fails(let expected):
                return CheckOutcome(.notApplicable, reason: "applies only where \(fact) \(expected)")
            case .undetermined(let why):
                return .unknown("cannot tell whether the rule applies: \(fact): \(why)")
            }
        }
        if let platforms = rule.collectedOn {
            guard let platform = context.inventory.host?.os?.family else {
                return .unknown(
                    "cannot tell the platform (host.os.family); this rule is collected only on \(platforms.joined(separator: ", "))")
            }
            if !platforms.contains(platform), !rule.check.carriesFacts(in: context) {
                return .unknown(
                    "not collected on \(platform): posture gathers what this check needs only on "
                        + "\(platforms.joined(separator: ", ")), and the inventory does not carry it")
            }
        }
        for fact in rule.check.facts {
            if let reason = context.collectionError(for: fact) { return .error("\(fact) could not be collected: \(reason)") }
        }
        return rule.check.evaluate(in: context)
    }

    static func info(_ rule: Rule, os: OperatingSystem?) -> RuleInfo {
        RuleInfo(
            id: rule.id, title: rule.title, category: rule.category, practice: rule.practice, severity: rule.severity,
            weight: rule.effectiveWeight, rationale: rule.rationale, remediation: rule.remediation(for: os),
            references: rule.references, source: rule.position.description)
    }
}
