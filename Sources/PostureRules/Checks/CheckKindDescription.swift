import Foundation
import PostureInventory

/// What a check kind is and how to write one; drives validation, docs and example tests.
public struct CheckKindDescription: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var type: String
        public var required: Bool
        public var summary: String

        public init(_ name: String, _ type: String, required: Bool = false, _ summary: String) {
            self.name = name
            self.type = type
            self.required = required
            self.summary = summary
        }
    }

    /// A check and an inventory, with the state the check must reach on it.
    public struct Example: Sendable {
        public var title: String
        public var check: String
        public var inventory: String
        public var expected: ResultState
        /// An HR roster (CSV) or an attestation file (YAML), for the kinds that read them.
        public var roster: String?
        public var attestations: String?
        /// For a failing example, the subjects its evidence must name (which account, file, package
        /// failed), so the example shows what is found, not only that something was.
        public var subjects: [String]

        public init(
            _ title: String, expected: ResultState, check: String, inventory: String, roster: String? = nil,
            attestations: String? = nil, subjects: [String] = []
        ) {
            self.title = title
            self.check = check
            self.inventory = inventory
            self.expected = expected
            self.roster = roster
            self.attestations = attestations
            self.subjects = subjects
        }
    }

    public var kind: String
    public var summary: String
    public var parameters: [Parameter]
    public var examples: [Example]

    public init(kind: String, summary: String, parameters: [Parameter], examples: [Example]) {
        self.kind = kind
        self.summary = summary
        self.parameters = parameters
        self.examples = examples
    }
}
