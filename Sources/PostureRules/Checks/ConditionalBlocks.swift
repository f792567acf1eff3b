import PostureInventory

/// Values that hold only for some connections or users, beside a fact's global value: sshd's
/// `Match` blocks. A settings object may carry `locations` (key → `file:line` of the directive
/// that decided the global value) and `matches`, a list of blocks each with `criteria`,
/// `location`, `settings` (key → value) and `locations`.
///
/// A rule on such a key is judged on the worst case: it passes only if the global value and the
/// value of every block that sets the key all pass, so `Match User temp` with
/// `PermitRootLogin yes` cannot hide behind a global `no`. A failing block is named by its
/// criteria and the file:line of the directive.
struct ConditionalBlocks {
    struct Block {
        let criteria: String
        let value: JSONValue
        let location: String
    }

    /// Where the global value was decided, when the settings say.
    let globalLocation: String?
    /// Whether the settings object carries a `locations` map at all (so a missing entry means a default).
    let hasLocations: Bool
    let blocks: [Block]

    init(around fact: FactPath, in context: EvaluationContext) {
        guard fact.components.count >= 2, let key = fact.components.last,
            case .value(let parent) = context.lookup(FactPath(components: Array(fact.components.dropLast())))
        else {
            globalLocation = nil
            hasLocations = false
            blocks = []
            return
        }
        if case .string(let location)? = parent["locations"]?[key] { globalLocation = location } else { globalLocation = nil }
        if case .object? = parent["locations"] { hasLocations = true } else { hasLocations = false }
        var blocks: [Block] = []
        if case .array(let entries)? = parent["matches"] {
            for entry in entries {
                guard let value = entry["settings"]?[key] else { continue }
                var criteria = "Match"
                if case .string(let text)? = entry["criteria"] { criteria = "Match \(text)" }
                var location = ""
                if case .string(let text)? = entry["locations"]?[key] {
                    location = text
                } else if case .string(let text)? = entry["location"] {
                    location = text
                }
                blocks.append(Block(criteria: criteria, value: value, location: location))
            }
        }
        self.blocks = blocks
    }

    /// The outcome once every block is judged too: a failing block turns a pass into a fail, and
    /// adds its evidence to a fail.
    func judge(_ condition: FactCondition, context: EvaluationContext, fact: FactPath, global: CheckOutcome) -> CheckOutcome {
        guard !blocks.isEmpty else { return global }
        var failures: [Evidence] = []
        var passes: [Evidence] = []
        for block in blocks {
            let evidence = Evidence(
                subject: block.criteria, fact: fact.description, location: block.location,
                seen: block.value.displayText, expected: condition.expectation)
            switch condition.evaluate(block.value, now: context.now) {
            case .holds:
                passes.append(evidence)
            case .fails(let expected):
                var failed = evidence
                failed.expected = expected
                failures.append(failed)
            case .undetermined(let why):
                return .error("\(fact) in \(block.criteria) at \(block.location): \(why)")
            }
        }
        switch global.state {
        case .pass where failures.isEmpty:
            return .pass(global.evidence + passes)
        case .pass:
            let first = failures[0]
            let more = failures.count > 1 ? " (and \(failures.count - 1) more Match blocks)" : ""
            return .fail(
                "\(fact) is \(first.seen ?? "") in \(first.subject ?? "Match") at \(first.location ?? "")\(more), "
                    + "expected \(first.expected ?? condition.expectation)", global.evidence + failures)
        case .fail:
            return .fail(global.reason ?? "\(fact) fails", global.evidence + failures)
        default:
            return global
        }
    }
}
