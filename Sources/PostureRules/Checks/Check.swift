import Foundation
import PostureInventory

/// A kind of check: a type that reads its parameters from a rule's `check:` mapping and judges an
/// inventory. Each kind describes itself (parameters and examples); the examples run as tests and
/// the reference documentation is generated from the same descriptions.
///
/// What every kind shares is done once, by the engine, not by the kind: unknown keys and missing
/// `required` parameters are reported before `init` runs (`RuleLoader.parseCheck`), a check whose
/// `init` reported an error is dropped, evidence is capped (`CheckOutcome.capped`, in `Evaluator`),
/// ages are whole days (`ElapsedDays`). Adding a kind touches its own file and `CheckKinds.all`.
public protocol Check: Sendable {
    static var description: CheckKindDescription { get }

    /// Reads the parameters (every key but `kind`), reporting problems; nil when unusable. The
    /// required ones may still be absent here: the engine has already reported them.
    init?(parameters: MappingReader, diagnostics: inout Diagnostics)

    /// Fact paths the check reads, so collection can gather only what the rules need and a
    /// collection error on one of them turns the result into `error`.
    var facts: [FactPath] { get }

    /// Adds what the check needs collected to `request`: by default the families of `facts`;
    /// kinds that name files or folders add those too.
    func contribute(to request: inout FactRequest)

    func evaluate(in context: EvaluationContext) -> CheckOutcome
}

extension Check {
    public func contribute(to request: inout FactRequest) {
        request.needs(facts)
    }
}

extension FactRequest {
    /// Asks for the family of every path.
    public mutating func needs(_ paths: [FactPath]) {
        for path in paths {
            if let family = path.family { families.insert(family) }
        }
    }
}

/// The former name of the parameter reader, kept so kinds written against it still compile.
public typealias MappingReaderBox = MappingReader

extension MappingReader {
    /// The reader itself (kinds written against `MappingReaderBox` read `parameters.reader`).
    var reader: MappingReader { self }
}

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

        public init(_ title: String, expected: ResultState, check: String, inventory: String, roster: String? = nil,
                    attestations: String? = nil, subjects: [String] = []) {
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

/// Every check kind posture knows. Registration is explicit: a kind not listed here does not exist.
public enum CheckKinds {
    public static let all: [any Check.Type] = [
        FactCheck.self, CollectionCheck.self, FileCheck.self, PendingUpdatesCheck.self, RebootPendingCheck.self,
        EndOfLifeCheck.self, AntivirusCheck.self, RetentionCheck.self, SensitiveDataCheck.self, AdminsCheck.self,
        SudoGrantsCheck.self, StaleAccountsCheck.self, OrphanedAccountsCheck.self, MFACheck.self, PAMModuleCheck.self,
        AttestationCheck.self,
        WorldWritableCheck.self,
    ]

    public static func named(_ kind: String) -> (any Check.Type)? {
        all.first { $0.description.kind == kind }
    }
}

/// The state of one rule after evaluation.
public enum ResultState: String, Sendable, Codable, CaseIterable {
    case pass, fail, error, unknown
    case notApplicable = "not_applicable"
    case waived
}

/// One piece of evidence: what was seen, where, and what was expected.
public struct Evidence: Sendable, Codable, Equatable {
    /// What it is about, in words: `package telnet 0.17-44`, `/etc/shadow`.
    public var subject: String?
    /// The fact path it was read from: `settings.sshd.permitrootlogin`, `packages[12]`.
    public var fact: String?
    /// A file and line on the host where the fact came from, when known.
    public var location: String?
    public var seen: String?
    public var expected: String?

    public init(subject: String? = nil, fact: String? = nil, location: String? = nil, seen: String? = nil,
                expected: String? = nil) {
        self.subject = subject
        self.fact = fact
        self.location = location
        self.seen = seen
        self.expected = expected
    }
}

/// What a check concluded.
public struct CheckOutcome: Sendable {
    public var state: ResultState
    /// Why, for error, unknown and not_applicable; a one-line summary for fail.
    public var reason: String?
    public var evidence: [Evidence]
    /// How many pieces of evidence there were before `evidence` was capped.
    public var evidenceTotal: Int

    public init(_ state: ResultState, reason: String? = nil, evidence: [Evidence] = []) {
        self.state = state
        self.reason = reason
        self.evidence = evidence
        self.evidenceTotal = evidence.count
    }

    public static func pass(_ evidence: [Evidence] = []) -> CheckOutcome { CheckOutcome(.pass, evidence: evidence) }

    public static func fail(_ reason: String, _ evidence: [Evidence]) -> CheckOutcome {
        CheckOutcome(.fail, reason: reason, evidence: evidence)
    }

    public static func unknown(_ reason: String) -> CheckOutcome { CheckOutcome(.unknown, reason: reason) }

    /// The most pieces of evidence one result keeps (`capped()`).
    public static let evidenceCap = 50

    /// Keeps at most `evidenceCap` pieces of evidence, counting them all, so a finding about
    /// 100,000 files stays a few kilobytes in every report. The evaluator applies it to every
    /// outcome; a total the check set itself (more than it listed) is kept.
    public func capped() -> CheckOutcome {
        var outcome = self
        outcome.evidenceTotal = max(evidenceTotal, evidence.count)
        if evidence.count > Self.evidenceCap { outcome.evidence = Array(evidence.prefix(Self.evidenceCap)) }
        return outcome
    }

    public static func error(_ reason: String) -> CheckOutcome { CheckOutcome(.error, reason: reason) }
}

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

    public init(inventory: Inventory, facts: JSONValue, now: Date, catalogs: Catalogs = .builtin, roster: Roster? = nil,
                attestations: [Attestation]? = nil) {
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

/// A dotted path into the inventory: `host.os.version_id`, `settings.sshd.permitrootlogin`.
public struct FactPath: Sendable, Hashable, CustomStringConvertible {
    public var components: [String]

    public var description: String { components.joined(separator: ".") }

    /// Fact families an inventory may hold; the first component must be one of them.
    public static let families = FactFamily.allCases.map(\.rawValue)

    /// The family it reads (its first component), when that names one.
    public var family: FactFamily? { components.first.flatMap(FactFamily.init(rawValue:)) }

    init(components: [String]) { self.components = components }

    /// The whole of one family: `FactPath(.accounts)`.
    init(_ family: FactFamily) { self.components = [family.rawValue] }

    /// Parses and validates a path; nil after a diagnostic.
    static func parse(_ text: String, at position: SourcePosition, requireFamily: Bool,
                      diagnostics: inout Diagnostics) -> FactPath? {
        let components = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let valid = components.allSatisfy { component in
            !component.isEmpty && component.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
                default: false
                }
            }
        }
        guard valid else {
            diagnostics.error(position, "'\(text)' is not a fact path; expected names joined by dots, like host.os.id")
            return nil
        }
        if requireFamily, !families.contains(components[0]) {
            diagnostics.error(position, "unknown fact family '\(components[0])'; expected one of: " +
                              families.joined(separator: ", ") + didYouMean(components[0], families))
            return nil
        }
        return FactPath(components: components)
    }
}
