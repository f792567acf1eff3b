import Foundation
import PostureInventory

/// The inventory and clock a check is judged against.
public struct EvaluationContext: Sendable {
    public var inventory: Inventory
    public var facts: JSONValue
    public var now: Date
    /// End-of-life and antivirus reference data.
    public var catalogs: Catalogs
    /// The HR roster (`--roster`), for leavers' accounts.
    public var roster: Roster?
    /// Signed-off manual controls (`--attestations`); nil when no file was given.
    public var attestations: [Attestation]?
    /// The most one rule may take; past it the rule is an `error` (regex searches stop at it).
    public var ruleTimeBudget: Duration = .seconds(10)

    public init(
        inventory: Inventory, facts: JSONValue, now: Date, catalogs: Catalogs = .builtin, roster: Roster? = nil,
        attestations: [Attestation]? = nil
    ) {
        self.inventory = inventory
        self.facts = facts
        self.now = now
        self.catalogs = catalogs
        self.roster = roster
        self.attestations = attestations
    }

    /// The reason a probe gave for failing to collect `path` or a family above it.
    public func collectionError(for path: FactPath) -> String? {
        for error in inventory.collectionErrors ?? [] {
            let failed = error.fact.split(separator: ".").map(String.init)
            if failed.count <= path.components.count, Array(path.components.prefix(failed.count)) == failed {
                return error.reason
            }
        }
        return nil
    }

    /// Looks up a fact, telling "not collected" apart from "collected but absent".
    public func lookup(_ path: FactPath) -> FactLookup {
        FactLookup.resolve(path.components, in: facts, family: path.components.first ?? "")
    }
}

/// The answer to "what is the value at this path?".
public enum FactLookup: Sendable, Equatable {
    case value(JSONValue)
    /// The fact family (first component) is absent: it was not collected.
    case notCollected(String)
    /// The family was collected; this field is absent within it (or null).
    case absent

    static func resolve(_ components: [String], in root: JSONValue, family: String) -> FactLookup {
        var current = root
        for (index, component) in components.enumerated() {
            guard case .object(let members) = current, let next = members[component], next != .null else {
                return index == 0 ? .notCollected(family) : .absent
            }
            current = next
        }
        return .value(current)
    }
}
