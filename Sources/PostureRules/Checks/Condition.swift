import Foundation
import PostureInventory

/// A value written in a rule, kept as text so YAML never coerces it: `equals: no` compares with
/// the text "no", `equals: true` with a boolean fact only when written plainly.
public struct Literal: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var quoted: Bool

    public var description: String { "'\(text)'" }

    /// Equality against a fact value, by the fact's type.
    func matches(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let string): return string == text
        case .number(let number): return Double(text).map { $0 == number } ?? false
        case .bool(let bool): return !quoted && text == (bool ? "true" : "false")
        case .null: return !quoted && text == "null"
        case .array, .object: return false
        }
    }
}

/// What a condition concluded about one value.
public enum ConditionResult: Sendable, Equatable {
    case holds
    /// It does not hold; the text says what was expected.
    case fails(expected: String)
    /// It cannot be decided (absent value, wrong type); the text says why.
    case undetermined(String)
}

/// Assertions about one fact value, all of which must hold: `equals`, `in`, `matches`,
/// `at_least`, `version_below`, `max_age_days`, `exists`, …
public struct FactCondition: Sendable {
    public enum Operator: Sendable {
        case equals(Literal)
        case notEquals(Literal)
        case oneOf([Literal])
        case noneOf([Literal])
        case matches(Pattern)
        case notMatches(Pattern)
        case atLeast(Double)
        case atMost(Double)
        case versionAtLeast(String)
        case versionBelow(String)
        case maxAgeDays(Int)
        case minAgeDays(Int)
        case exists(Bool)
        case includes(Literal)
        case excludes(Literal)
    }

    /// The fact the condition is about (set for `when` entries; checks hold their own paths).
    public var fact: FactPath?
    public var operators: [Operator]
    public var versionScheme: VersionScheme?

    /// The operator keys, with their parameter descriptions (shared by every kind that uses them).
    static let operatorParameters: [CheckKindDescription.Parameter] = [
        .init("equals", "value", "the value equals this (compared as the fact's type: text, number or true/false)"),
        .init("not_equals", "value", "the value differs from this"),
        .init("in", "list of values", "the value is one of these"),
        .init("not_in", "list of values", "the value is none of these"),
        .init("matches", "regex", "the value contains a match of this regular expression (use ^ and $ to anchor)"),
        .init("not_matches", "regex", "the value contains no match"),
        .init("at_least", "number", "the value is a number (or numeric text) no smaller than this"),
        .init("at_most", "number", "the value is a number no larger than this"),
        .init("version_at_least", "version", "the value is a version no older than this"),
        .init("version_below", "version", "the value is a version older than this"),
        .init("version_scheme", "dpkg | rpm", "how versions are ordered (default: the item's manager, else dpkg)"),
        .init("max_age_days", "whole number", "the value is an ISO 8601 date no more than this many days ago"),
        .init("min_age_days", "whole number", "the value is a date at least this many days ago"),
        .init("exists", "true | false", "the value is present (true) or absent (false)"),
        .init("includes", "value", "the value is a list containing this"),
        .init("excludes", "value", "the value is a list not containing this"),
    ]

    static var operatorKeys: [String] { operatorParameters.map(\.name) }

    var isEmpty: Bool { operators.isEmpty }

    /// Reads every operator key present in `reader`; nil if none is present (reported) or one is broken.
    static func parse(_ reader: MappingReader, diagnostics: inout Diagnostics) -> FactCondition? {
        var operators: [Operator] = []
        let before = diagnostics.items.count
        func literal(_ node: YAMLNode, _ key: String) -> Literal? {
            MappingReader.text(node, what: "'\(key)'", diagnostics: &diagnostics)
                .map { Literal(text: $0, quoted: node.isQuoted) }
        }
        func literals(_ node: YAMLNode, _ key: String) -> [Literal]? {
            guard node.visit(&diagnostics) else { return nil }
            guard let items = node.items else {
                diagnostics.error(node.position, "expected a list for '\(key)', found \(node.kindName)")
                return nil
            }
            return items.compactMap { literal($0, key) }
        }
        func pattern(_ node: YAMLNode, _ key: String) -> Pattern? {
            MappingReader.text(node, what: "'\(key)'", diagnostics: &diagnostics)
                .flatMap { Pattern.compile($0, at: node.position, quoted: node.isQuoted, diagnostics: &diagnostics) }
        }
        func version(_ node: YAMLNode, _ key: String) -> String? {
            guard let text = MappingReader.text(node, what: "'\(key)'", diagnostics: &diagnostics) else { return nil }
            if (try? DebianVersion(text)) == nil {
                diagnostics.error(node.position, "'\(text)' is not a version for '\(key)'")
                return nil
            }
            return text
        }
        var scheme: VersionScheme?
        for entry in reader.entries {
            let node = entry.value
            let key = entry.key
            switch key {
            case "equals": literal(node, key).map { operators.append(.equals($0)) }
            case "not_equals": literal(node, key).map { operators.append(.notEquals($0)) }
            case "in": literals(node, key).map { operators.append(.oneOf($0)) }
            case "not_in": literals(node, key).map { operators.append(.noneOf($0)) }
            case "matches": pattern(node, key).map { operators.append(.matches($0)) }
            case "not_matches": pattern(node, key).map { operators.append(.notMatches($0)) }
            case "at_least": MappingReader.number(node, what: "'\(key)'", diagnostics: &diagnostics).map { operators.append(.atLeast($0)) }
            case "at_most": MappingReader.number(node, what: "'\(key)'", diagnostics: &diagnostics).map { operators.append(.atMost($0)) }
            case "version_at_least": version(node, key).map { operators.append(.versionAtLeast($0)) }
            case "version_below": version(node, key).map { operators.append(.versionBelow($0)) }
            case "version_scheme": scheme = reader.choice(key, as: VersionScheme.self, diagnostics: &diagnostics)
            case "max_age_days":
                MappingReader.integer(node, what: "'\(key)'", in: 0...36_500, diagnostics: &diagnostics).map {
                    operators.append(.maxAgeDays($0))
                }
            case "min_age_days":
                MappingReader.integer(node, what: "'\(key)'", in: 0...36_500, diagnostics: &diagnostics).map {
                    operators.append(.minAgeDays($0))
                }
            case "exists": MappingReader.bool(node, what: "'\(key)'", diagnostics: &diagnostics).map { operators.append(.exists($0)) }
            case "includes": literal(node, key).map { operators.append(.includes($0)) }
            case "excludes": literal(node, key).map { operators.append(.excludes($0)) }
            default: continue
            }
        }
        guard diagnostics.items.count == before else { return nil }
        guard !operators.isEmpty else {
            diagnostics.error(
                reader.node.position,
                "\(reader.what) has no condition; expected one of: "
                    + operatorKeys.filter { $0 != "version_scheme" }.joined(separator: ", "))
            return nil
        }
        return FactCondition(fact: nil, operators: operators, versionScheme: scheme)
    }

    /// Judges a value (nil when absent). `defaultScheme` comes from the item (its package manager).
    public func evaluate(_ value: JSONValue?, now: Date, defaultScheme: VersionScheme? = nil) -> ConditionResult {
        for op in operators {
            let result = Self.evaluate(op, value, now: now, scheme: versionScheme ?? defaultScheme ?? .dpkg)
            if result != .holds { return result }
        }
        return .holds
    }

    /// What the condition expects, in words, for evidence.
    public var expectation: String { operators.map(Self.describe).joined(separator: " and ") }

    static func describe(_ op: Operator) -> String {
        switch op {
        case .equals(let literal): "equals \(literal)"
        case .notEquals(let literal): "not \(literal)"
        case .oneOf(let literals): "one of \(literals.map(\.description).joined(separator: ", "))"
        case .noneOf(let literals): "none of \(literals.map(\.description).joined(separator: ", "))"
        case .matches(let pattern): "matches \(pattern)"
        case .notMatches(let pattern): "does not match \(pattern)"
        case .atLeast(let number): "at least \(JSONValue.format(number))"
        case .atMost(let number): "at most \(JSONValue.format(number))"
        case .versionAtLeast(let version): "version \(version) or newer"
        case .versionBelow(let version): "version older than \(version)"
        case .maxAgeDays(let days): "no more than \(days) days old"
        case .minAgeDays(let days): "at least \(days) days old"
        case .exists(let flag): flag ? "present" : "absent"
        case .includes(let literal): "includes \(literal)"
        case .excludes(let literal): "does not include \(literal)"
        }
    }

    private static func evaluate(_ op: Operator, _ value: JSONValue?, now: Date, scheme: VersionScheme) -> ConditionResult {
        // The expectation is words for evidence: built only for a failure (a million packages pass).
        if case .exists(let flag) = op {
            return (value != nil) == flag ? .holds : .fails(expected: describe(op))
        }
        guard let value else { return .undetermined("the value is absent") }
        func verdict(_ holds: Bool) -> ConditionResult { holds ? .holds : .fails(expected: describe(op)) }
        switch op {
        case .equals(let literal): return verdict(literal.matches(value))
        case .notEquals(let literal): return verdict(!literal.matches(value))
        case .oneOf(let literals): return verdict(literals.contains { $0.matches(value) })
        case .noneOf(let literals): return verdict(!literals.contains { $0.matches(value) })
        case .matches(let pattern), .notMatches(let pattern):
            guard let text = scalarText(value) else { return .undetermined("expected text, found \(value.typeName)") }
            let found: Bool
            switch pattern.search(text) {
            case .found: found = true
            case .notFound: found = false
            case .gaveUp(let why): return .undetermined("\(pattern): \(why)")
            }
            if case .matches = op { return verdict(found) }
            return verdict(!found)
        case .atLeast(let bound), .atMost(let bound):
            guard let number = number(value) else { return .undetermined("expected a number, found \(value.displayText)") }
            if case .atLeast = op { return verdict(number >= bound) }
            return verdict(number <= bound)
        case .versionAtLeast(let bound), .versionBelow(let bound):
            guard case .string(let text) = value, let order = scheme.compare(text, bound) else {
                return .undetermined("expected a version, found \(value.displayText)")
            }
            if case .versionAtLeast = op { return verdict(order >= 0) }
            return verdict(order < 0)
        case .maxAgeDays(let days), .minAgeDays(let days):
            guard case .string(let text) = value, let date = ISODate.parse(text) else {
                return .undetermined("expected an ISO 8601 date, found \(value.displayText)")
            }
            let age = ElapsedDays.since(date, now: now)
            if case .maxAgeDays = op { return verdict(age <= days) }
            return verdict(age >= days)
        case .includes(let literal), .excludes(let literal):
            guard case .array(let items) = value else { return .undetermined("expected a list, found \(value.typeName)") }
            let found = items.contains { literal.matches($0) }
            if case .includes = op { return verdict(found) }
            return verdict(!found)
        case .exists:
            return .holds
        }
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string, .number, .bool: value.displayText
        default: nil
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): number
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }
}
