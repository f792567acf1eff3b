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

    /// Whether an inventory from a platform outside the rule's `collected_on` carries what this check
    /// judges, in the form it judges it (an exporter's tree summary for the check's folder). By
    /// default no: a check written for one platform's files would read another's wrongly.
    func carriesFacts(in context: EvaluationContext) -> Bool
}

extension Check {
    public func carriesFacts(in context: EvaluationContext) -> Bool { false }

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
