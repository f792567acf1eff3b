import PostureRules

/// The rules in force: the built-in ones (unless left out) and the extra files or folders given.
public struct RuleSources: Sendable {
    public var extraRules: [String]
    public var builtin: Bool

    public init(extraRules: [String] = [], builtin: Bool = true) {
        self.extraRules = extraRules
        self.builtin = builtin
    }

    /// Loads the rules, logging every diagnostic (warnings too); any error is bad input.
    public func load(log: PipelineLog) throws(PipelineFailure) -> RuleSet {
        let (sources, readProblems) = RuleLoader.sources(at: extraRules)
        let (ruleSet, problems) = RuleLoader.load(builtin: builtin, extraSources: sources)
        var all = readProblems
        all.append(contentsOf: problems)
        for diagnostic in all.sorted { log(diagnostic.description) }
        guard let ruleSet, !all.hasErrors else { throw .badInput([]) }
        return ruleSet
    }
}
