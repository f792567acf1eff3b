import PostureInventory

/// A list in the inventory (packages, accounts, services, sudo rules), filtered with `where` and
/// held to an expectation: none, any, all (each meeting `require`), or a count.
public struct CollectionCheck: Check {
    public enum Expectation: String, Sendable, CaseIterable {
        case none, any, all, count
    }

    public static let description = CheckKindDescription(
        kind: "collection",
        summary: "Selects the items of a list fact that meet `where`, then expects none, any, all "
            + "(each meeting `require`) or a count of them.",
        parameters: [
            .init("fact", "fact path", required: true, "the list: packages, accounts, services, sudo, …"),
            .init(
                "where", "mapping of field to condition",
                "selects items; a field maps to a condition mapping "
                    + "(`{in: [a, b]}`) or to a value (shorthand for equals). Items lacking a field are not selected"),
            .init(
                "expect", "none | any | all | count", required: true,
                "none: no item may be selected; any: at least "
                    + "one must be; all: every selected item must meet `require`; count: the number selected must be within "
                    + "`at_least`/`at_most`"),
            .init("require", "mapping of field to condition", "with expect: all, what every selected item must meet"),
            .init(
                "allow_empty", "true | false",
                "with expect: all, whether selecting no item passes (default true); "
                    + "false makes an empty selection fail, for rules about things that must exist"),
            .init("at_least", "whole number", "with expect: count, the fewest selected items allowed"),
            .init("at_most", "whole number", "with expect: count, the most selected items allowed"),
            .init(
                "show", "list of fields",
                "fields that name an item in evidence (default: name, or the first of path, " + "mount, principal, product)"),
        ],
        examples: [
            .init(
                "no telnet client installed", expected: .pass,
                check: "kind: collection\nfact: packages\nwhere: {name: {in: [telnet, rsh-client]}}\nexpect: none",
                inventory: #"{"packages": [{"name": "bash", "version": "5.2.15-2"}]}"#),
            .init(
                "a telnet client is installed", expected: .fail,
                check: "kind: collection\nfact: packages\nwhere: {name: {in: [telnet, rsh-client]}}\nexpect: none",
                inventory: #"{"packages": [{"name": "telnet", "version": "0.17+2.4-2"}]}"#,
                subjects: ["telnet"]),
            .init(
                "every interactive account has a password or is locked", expected: .fail,
                check:
                    "kind: collection\nfact: accounts\nwhere: {interactive: true}\nexpect: all\nrequire: {password: {in: [set, locked, none]}}",
                inventory: #"{"accounts": [{"name": "ann", "uid": 1000, "interactive": true, "password": "empty"}]}"#,
                subjects: ["ann"]),
            .init(
                "at most one account with uid 0", expected: .pass,
                check: "kind: collection\nfact: accounts\nwhere: {uid: 0}\nexpect: count\nat_most: 1",
                inventory: #"{"accounts": [{"name": "root", "uid": 0}, {"name": "ann", "uid": 1000}]}"#),
        ]
    )

    public let fact: FactPath
    public let filters: [(field: FactPath, condition: FactCondition)]
    public let expectation: Expectation
    public let requirements: [(field: FactPath, condition: FactCondition)]
    public let atLeast: Int?
    public let atMost: Int?
    public let show: [FactPath]
    public let allowEmpty: Bool

    /// The collection and each field it filters or requires on: a field whose collection failed
    /// (`accounts.password` when /etc/shadow is unreadable) makes the result an error, not a pass.
    public var facts: [FactPath] {
        [fact] + (filters + requirements).map { FactPath(components: fact.components + $0.field.components) }
    }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        let path = reader.text("fact", diagnostics: &diagnostics).flatMap {
            FactPath.parse($0, at: reader.value("fact")!.position, requireFamily: true, diagnostics: &diagnostics)
        }
        let expectation = reader.choice("expect", as: Expectation.self, diagnostics: &diagnostics)
        let filters = reader.value("where").map { Self.fieldConditions($0, what: "'where'", diagnostics: &diagnostics) } ?? []
        let requirements =
            reader.value("require").map {
                Self.fieldConditions($0, what: "'require'", diagnostics: &diagnostics)
            } ?? []
        let allowEmpty = reader.bool("allow_empty", diagnostics: &diagnostics)
        if allowEmpty != nil, expectation != .all, let node = reader.keyNode("allow_empty") {
            diagnostics.error(node.position, "'allow_empty' applies only with expect: all")
        }
        let atLeast = reader.integer("at_least", in: 0...1_000_000, diagnostics: &diagnostics)
        let atMost = reader.integer("at_most", in: 0...1_000_000, diagnostics: &diagnostics)
        let show = (reader.textList("show", diagnostics: &diagnostics) ?? []).compactMap {
            FactPath.parse($0, at: reader.value("show")!.position, requireFamily: false, diagnostics: &diagnostics)
        }
        switch expectation {
        case .all? where requirements.isEmpty:
            diagnostics.error(reader.node.position, "expect: all needs 'require', the conditions every selected item must meet")
        case .count? where atLeast == nil && atMost == nil:
            diagnostics.error(reader.node.position, "expect: count needs 'at_least' or 'at_most'")
        case .none?, .any?, .all?, .count?:
            if expectation != .all, let node = reader.keyNode("require") {
                diagnostics.error(node.position, "'require' applies only with expect: all")
            }
            if expectation != .count, let node = reader.keyNode("at_least") ?? reader.keyNode("at_most") {
                diagnostics.error(node.position, "'at_least' and 'at_most' apply only with expect: count")
            }
        case nil:
            break
        }
        guard let path, let expectation else { return nil }
        self.fact = path
        self.expectation = expectation
        self.filters = filters
        self.requirements = requirements
        self.atLeast = atLeast
        self.atMost = atMost
        self.show = show
        self.allowEmpty = allowEmpty ?? true
    }

    /// `{field: {condition}}` or `{field: value}` (equals).
    static func fieldConditions(
        _ node: YAMLNode, what: String,
        diagnostics: inout Diagnostics
    ) -> [(field: FactPath, condition: FactCondition)] {
        guard let mapping = MappingReader(node, what: what, diagnostics: &diagnostics) else { return [] }
        var result: [(FactPath, FactCondition)] = []
        for entry in mapping.entries {
            guard
                let field = FactPath.parse(
                    entry.key, at: entry.keyNode.position, requireFamily: false,
                    diagnostics: &diagnostics)
            else { continue }
            if entry.value.scalarText != nil {
                guard let text = MappingReader.text(entry.value, what: "'\(entry.key)'", diagnostics: &diagnostics) else { continue }
                result.append((field, FactCondition(operators: [.equals(Literal(text: text, quoted: entry.value.isQuoted))])))
                continue
            }
            guard let inner = MappingReader(entry.value, what: "the condition on '\(entry.key)'", diagnostics: &diagnostics)
            else { continue }
            let before = diagnostics.items.count
            inner.rejectUnknownKeys(allowed: FactCondition.operatorKeys, diagnostics: &diagnostics)
            guard diagnostics.items.count == before else { continue }
            if let condition = FactCondition.parse(inner, diagnostics: &diagnostics) { result.append((field, condition)) }
        }
        return result
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        let items: [JSONValue]
        switch context.lookup(fact) {
        case .notCollected(let family): return .unknown("the '\(family)' facts were not collected")
        case .absent: return .unknown("\(fact) is not in the inventory")
        case .value(.array(let list)): items = list
        case .value(let other): return .error("\(fact) is \(other.typeName), expected a list")
        }
        var selected: [(index: Int, item: JSONValue)] = []
        for (index, item) in items.enumerated() where matches(item, filters, now: context) == .holds {
            selected.append((index, item))
        }
        let selection = filters.isEmpty ? "items" : "items where \(describe(filters))"
        switch expectation {
        case .none:
            // Say how many were looked at: "0 of 0" is a pass over nothing, and reads as one.
            if selected.isEmpty {
                return .pass([
                    Evidence(
                        fact: fact.description,
                        seen: "0 of \(items.count) \(fact.description)\(filters.isEmpty ? "" : " where \(describe(filters))")",
                        expected: "none")
                ])
            }
            let evidence = selected.map { entry in
                Evidence(
                    subject: label(entry.item, index: entry.index), fact: "\(fact)[\(entry.index)]",
                    location: location(entry.item), seen: describe(entry.item, fields: filters.map(\.field)),
                    expected: "no \(selection)")
            }
            return .fail("found \(Self.list(evidence)); expected no \(selection)", evidence)
        case .any:
            if selected.isEmpty {
                return .fail(
                    "no \(selection) found",
                    [
                        Evidence(
                            fact: fact.description, seen: "0 of \(items.count) items",
                            expected: "at least one \(selection)")
                    ])
            }
            return .pass([
                Evidence(
                    subject: label(selected[0].item, index: selected[0].index),
                    fact: "\(fact)[\(selected[0].index)]", seen: "\(selected.count) \(selection)",
                    expected: "at least one")
            ])
        case .all:
            if selected.isEmpty, !allowEmpty {
                return .fail(
                    "no \(selection) found",
                    [
                        Evidence(
                            fact: fact.description, seen: "0 of \(items.count) items",
                            expected: "at least one, each meeting \(describe(requirements))")
                    ])
            }
            var evidence: [Evidence] = []
            var undetermined: [String] = []
            for entry in selected {
                switch matches(entry.item, requirements, now: context) {
                case .holds: continue
                case .fails(let expected):
                    evidence.append(
                        Evidence(
                            subject: label(entry.item, index: entry.index), fact: "\(fact)[\(entry.index)]",
                            location: location(entry.item),
                            seen: describe(entry.item, fields: requirements.map(\.field)), expected: expected))
                case .undetermined(let why):
                    undetermined.append("\(label(entry.item, index: entry.index)): \(why)")
                }
            }
            if !evidence.isEmpty {
                return .fail("\(Self.list(evidence)) fall\(evidence.count == 1 ? "s" : "") short of " + describe(requirements), evidence)
            }
            if !undetermined.isEmpty {
                return .unknown("cannot tell for \(undetermined.count) item(s): " + undetermined.prefix(3).joined(separator: "; "))
            }
            return .pass([
                Evidence(
                    fact: fact.description, seen: "\(selected.count) \(selection), all meet it",
                    expected: describe(requirements))
            ])
        case .count:
            let bounds = [atLeast.map { "at least \($0)" }, atMost.map { "at most \($0)" }].compactMap { $0 }
                .joined(separator: " and ")
            let within = (atLeast.map { selected.count >= $0 } ?? true) && (atMost.map { selected.count <= $0 } ?? true)
            let evidence = selected.map { entry in
                Evidence(
                    subject: label(entry.item, index: entry.index), fact: "\(fact)[\(entry.index)]",
                    location: location(entry.item), seen: describe(entry.item, fields: filters.map(\.field)))
            }
            if within {
                return .pass([Evidence(fact: fact.description, seen: "\(selected.count) \(selection)", expected: bounds)])
            }
            let named = evidence.isEmpty ? "" : " (\(Self.list(evidence)))"
            var outcome = CheckOutcome.fail("\(selected.count) \(selection)\(named), expected \(bounds)", evidence)
            if evidence.isEmpty {
                outcome.evidence = [Evidence(fact: fact.description, seen: "0 \(selection)", expected: bounds)]
                outcome.evidenceTotal = 1
            }
            return outcome
        }
    }

    /// `telnet 0.17, tftp-hpa 5.2 (+3 more)`: the first few subjects of the evidence.
    static func list(_ evidence: [Evidence]) -> String {
        let names = evidence.prefix(3).map { $0.subject ?? $0.fact ?? "?" }.joined(separator: ", ")
        return evidence.count > 3 ? "\(names) (+\(evidence.count - 3) more)" : names
    }

    private func matches(
        _ item: JSONValue, _ conditions: [(field: FactPath, condition: FactCondition)],
        now context: EvaluationContext
    ) -> ConditionResult {
        let scheme = item["manager"].flatMap { value -> VersionScheme? in
            if case .string(let manager) = value { return VersionScheme.forManager(manager) }
            return nil
        }
        for (field, condition) in conditions {
            let value: JSONValue?
            if case .value(let found) = FactLookup.resolve(field.components, in: item, family: "") { value = found } else { value = nil }
            let result = condition.evaluate(value, now: context.now, defaultScheme: scheme)
            if result != .holds { return result }
        }
        return .holds
    }

    private func describe(_ conditions: [(field: FactPath, condition: FactCondition)]) -> String {
        conditions.map { "\($0.field) \($0.condition.expectation)" }.joined(separator: " and ")
    }

    private static let labelFields = ["name", "path", "mount", "principal", "product", "kind"]

    /// A short name for an item: the `show` fields, or its name.
    private func label(_ item: JSONValue, index: Int) -> String {
        let fields =
            show.isEmpty
            ? Self.labelFields.first { item[$0] != nil }.map { [FactPath(components: [$0])] } ?? []
            : show
        let parts = fields.compactMap { field -> String? in
            if case .value(let value) = FactLookup.resolve(field.components, in: item, family: "") { return value.displayText }
            return nil
        }
        return parts.isEmpty ? "\(fact)[\(index)]" : parts.joined(separator: " ")
    }

    /// The item's source file and line, when it has one (sudo rules carry `source`).
    private func location(_ item: JSONValue) -> String? {
        guard case .string(let file)? = item["source"]?["file"] else { return nil }
        if case .number(let line)? = item["source"]?["line"] { return "\(file):\(JSONValue.format(line))" }
        return file
    }

    private func describe(_ item: JSONValue, fields: [FactPath]) -> String {
        let parts = fields.map { field -> String in
            if case .value(let value) = FactLookup.resolve(field.components, in: item, family: "") {
                return "\(field)=\(value.displayText)"
            }
            return "\(field) absent"
        }
        return parts.isEmpty ? item.displayText : parts.joined(separator: ", ")
    }
}
