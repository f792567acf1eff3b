import Foundation
import PostureInventory

/// A PAM module that must be in the auth stacks of some services (lockout after failed attempts,
/// password quality): the same reading of /etc/pam.d as the `mfa` kind, for any module.
public struct PAMModuleCheck: Check {
    public static let description = CheckKindDescription(
        kind: "pam-module",
        summary: "Fails unless each service in `services` has one of `modules` in its auth stack (includes expanded): " +
            "for example pam_faillock.so, which locks an account after failed attempts.",
        parameters: [
            .init("services", "list of PAM services", required: true, "the stacks to look in: sshd, login, sudo, …"),
            .init("modules", "list of module file names", required: true, "any one of them is enough"),
        ],
        examples: [
            .init("faillock in the stack sshd includes", expected: .pass, check: "kind: pam-module\nservices: [sshd]\nmodules: [pam_faillock.so]",
                  inventory: #"{"settings": {"pam": {"sshd": ["auth required pam_faillock.so preauth", "auth [success=1 default=ignore] pam_unix.so"]}}}"#),
            .init("no lockout module", expected: .fail, check: "kind: pam-module\nservices: [sshd, login]\nmodules: [pam_faillock.so, pam_tally2.so]",
                  inventory: #"{"settings": {"pam": {"sshd": ["auth [success=1 default=ignore] pam_unix.so"], "login": ["auth required pam_unix.so"]}}}"#,
                  subjects: ["sshd", "login"]),
        ]
    )

    let check: MFACheck

    public var facts: [FactPath] { check.facts }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        let services = reader.textList("services", diagnostics: &diagnostics)
        let modules = reader.textList("modules", diagnostics: &diagnostics)
        guard diagnostics.items.count == before, let services, let modules else { return nil }
        check = MFACheck(services: services, modules: modules, purpose: modules.joined(separator: " or "))
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome { check.evaluate(in: context) }
}
