import PostureInventory

/// One value in the inventory, held to conditions: the OS version, an sshd setting, a date.
/// Where the value has conditional variants (sshd's Match blocks, see `ConditionalBlocks`), every
/// variant is held to the same conditions.
public struct FactCheck: Check {
    public static let description = CheckKindDescription(
        kind: "fact",
        summary: "Asserts conditions on one value of the inventory, found by its dotted path.",
        parameters: [
            .init("fact", "fact path", required: true, "where the value is: host.os.version_id, settings.sshd.permitrootlogin"),
            .init(
                "default", "value",
                "the value to judge when the fact's family was collected but this field is absent "
                    + "(a program's built-in default); without it an absent field is unknown"),
        ] + FactCondition.operatorParameters,
        examples: [
            .init(
                "sshd refuses root logins", expected: .pass,
                check: "kind: fact\nfact: settings.sshd.permitrootlogin\nequals: \"no\"",
                inventory: #"{"settings": {"sshd": {"permitrootlogin": "no"}}}"#),
            .init(
                "sshd allows root logins", expected: .fail,
                check: "kind: fact\nfact: settings.sshd.permitrootlogin\nin: [\"no\", prohibit-password]",
                inventory: #"{"settings": {"sshd": {"permitrootlogin": "yes"}}}"#,
                subjects: ["settings.sshd.permitrootlogin"]),
            .init(
                "an absent field takes the default", expected: .fail,
                check: "kind: fact\nfact: settings.sshd.permitrootlogin\ndefault: prohibit-password\nequals: \"no\"",
                inventory: #"{"settings": {"sshd": {}}}"#,
                subjects: ["settings.sshd.permitrootlogin"]),
            .init(
                "a Match block that weakens the value fails (the worst case decides)", expected: .fail,
                check: "kind: fact\nfact: settings.sshd.permitrootlogin\nequals: \"no\"",
                inventory: #"{"settings": {"sshd": {"permitrootlogin": "no", "matches": [{"criteria": "User temp", "#
                    + #""location": "/etc/ssh/sshd_config:9", "settings": {"permitrootlogin": "yes"}}]}}}"#,
                subjects: ["Match User temp"]),
            .init(
                "a family that was not collected is unknown, never a pass", expected: .unknown,
                check: "kind: fact\nfact: host.os.version_id\nversion_at_least: \"12\"",
                inventory: #"{}"#),
        ]
    )

    public let fact: FactPath
    public let defaultValue: Literal?
    public let condition: FactCondition

    public var facts: [FactPath] { [fact] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        guard let text = reader.text("fact", diagnostics: &diagnostics),
            let path = FactPath.parse(
                text, at: reader.value("fact")!.position, requireFamily: true,
                diagnostics: &diagnostics)
        else { return nil }
        fact = path
        if let node = reader.value("default") {
            guard let text = MappingReader.text(node, what: "'default'", diagnostics: &diagnostics) else { return nil }
            defaultValue = Literal(text: text, quoted: node.isQuoted)
        } else {
            defaultValue = nil
        }
        guard let condition = FactCondition.parse(reader, diagnostics: &diagnostics) else { return nil }
        self.condition = condition
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        let value: JSONValue
        var note = ""
        let conditional = ConditionalBlocks(around: fact, in: context)
        switch context.lookup(fact) {
        case .notCollected(let family):
            return .unknown("the '\(family)' facts were not collected")
        case .absent:
            if let defaultValue {
                value = .string(defaultValue.text)
                note = " (not set; the default)"
            } else if case .exists(false)? = condition.operators.first, condition.operators.count == 1 {
                return conditional.judge(
                    condition, context: context, fact: fact,
                    global: .pass([Evidence(fact: fact.description, seen: "absent", expected: "absent")]))
            } else {
                let result = condition.evaluate(nil, now: context.now)
                if result == .holds {
                    return conditional.judge(
                        condition, context: context, fact: fact,
                        global: .pass([Evidence(fact: fact.description, seen: "absent", expected: condition.expectation)]))
                }
                if case .fails(let expected) = result {
                    return .fail("\(fact) is absent", [Evidence(fact: fact.description, seen: "absent", expected: expected)])
                }
                return .unknown("\(fact) is not in the inventory")
            }
        case .value(let found):
            value = found
        }
        if conditional.globalLocation == nil, !conditional.blocks.isEmpty || conditional.hasLocations, note.isEmpty {
            note = " (not set; the default)"
        }
        var evidence = Evidence(
            fact: fact.description, location: conditional.globalLocation, seen: value.displayText + note,
            expected: condition.expectation)
        // A probe that says where a value came from (`source`: file:line, `detail`: what it looked
        // at) beside it has that shown with the value, pass or fail.
        if fact.components.count > 1,
            case .value(.object(let siblings)) = context.lookup(FactPath(components: Array(fact.components.dropLast())))
        {
            if evidence.location == nil, case .string(let source)? = siblings["source"] { evidence.location = source }
            if case .string(let detail)? = siblings["detail"], !detail.isEmpty { evidence.seen = (evidence.seen ?? "") + " (\(detail))" }
        }
        switch condition.evaluate(value, now: context.now) {
        case .holds:
            return conditional.judge(condition, context: context, fact: fact, global: .pass([evidence]))
        case .fails(let expected):
            var failed = evidence
            failed.expected = expected
            let where_ = conditional.globalLocation.map { " at \($0)" } ?? ""
            return conditional.judge(
                condition, context: context, fact: fact,
                global: .fail("\(fact) is \(value.displayText)\(note)\(where_), expected \(expected)", [failed]))
        case .undetermined(let why):
            return .error("\(fact): \(why)")
        }
    }
}
