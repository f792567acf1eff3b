import Foundation
import PostureInventory

/// A PAM module that must be in the auth stacks of some services (lockout after failed attempts,
/// password quality): the same reading of /etc/pam.d as the `mfa` kind, for any module.
public struct PAMModuleCheck: Check {
    public static let description = CheckKindDescription(
        kind: "pam-module",
        summary: "Fails unless, in each service in `services`, every login libpam lets through ran one of `modules` "
            + "(the auth stack followed as libpam dispatches it). pam_faillock.so is judged by both halves: `preauth` "
            + "succeeds before every successful login, and `authfail` is reached whenever the password fails.",
        parameters: [
            .init("services", "list of PAM services", required: true, "the stacks to look in: sshd, login, sudo, …"),
            .init("modules", "list of module file names", required: true, "any one of them is enough"),
        ],
        examples: [
            .init(
                "faillock around pam_unix in the stack sshd includes (Debian's profile)", expected: .pass,
                check: "kind: pam-module\nservices: [sshd]\nmodules: [pam_faillock.so]",
                inventory:
                    #"{"settings": {"pam": {"sshd": ["auth requisite pam_faillock.so preauth", "auth [success=1 default=ignore] pam_unix.so nullok", "auth [default=die] pam_faillock.so authfail", "auth sufficient pam_faillock.so authsucc", "auth requisite pam_deny.so", "auth required pam_permit.so"]}}}"#
            ),
            .init(
                "no lockout module", expected: .fail,
                check: "kind: pam-module\nservices: [sshd, login]\nmodules: [pam_faillock.so, pam_tally2.so]",
                inventory:
                    #"{"settings": {"pam": {"sshd": ["auth [success=1 default=ignore] pam_unix.so"], "login": ["auth required pam_unix.so"]}}}"#,
                subjects: ["sshd", "login"]),
            .init(
                "preauth only: a wrong password is never counted (names common-auth:2)", expected: .fail,
                check: "kind: pam-module\nservices: [sshd]\nmodules: [pam_faillock.so]",
                inventory:
                    #"{"settings": {"pam": {"sshd": [{"type": "auth", "control": "required", "module": "pam_faillock.so", "args": ["preauth"], "source": "/etc/pam.d/common-auth:1"}, {"type": "auth", "control": "requisite", "module": "pam_unix.so", "args": [], "source": "/etc/pam.d/common-auth:2"}, {"type": "auth", "control": "[default=die]", "module": "pam_faillock.so", "args": ["authfail"], "source": "/etc/pam.d/common-auth:3"}]}}}"#,
                subjects: ["sshd"]),
            .init(
                "pam_unix sufficient before preauth: a locked account still logs in", expected: .fail,
                check: "kind: pam-module\nservices: [login]\nmodules: [pam_faillock.so]",
                inventory:
                    #"{"settings": {"pam": {"login": ["auth sufficient pam_unix.so", "auth required pam_faillock.so preauth", "auth [default=die] pam_faillock.so authfail"]}}}"#,
                subjects: ["login"]),
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
