import Foundation
import PostureInventory

/// Multifactor authentication in the PAM stacks that guard logins.
public struct MFACheck: Check {
    public static let modules = [
        "pam_google_authenticator.so", "pam_oath.so", "pam_u2f.so", "pam_duo.so", "pam_yubico.so",
        "pam_radius_auth.so", "pam_privacyidea.so", "pam_linotp.so", "pam_okta_auth.so",
    ]

    public static let description = CheckKindDescription(
        kind: "mfa",
        summary: "Fails unless every service in `services` needs a second-factor PAM module (Google Authenticator, OATH, "
            + "U2F/FIDO, Duo, YubiKey, RADIUS, privacyIDEA) to succeed: the auth stack is followed the way libpam "
            + "dispatches it, and a login path that succeeds without the second factor succeeding (an earlier `sufficient`, "
            + "a `[success=N]` jump or `done` over it, an `optional` or `nullok` second factor) fails the check, naming its "
            + "lines. For sshd, `AuthenticationMethods` that demand two methods count too.",
        parameters: [
            .init("services", "list of PAM services", "the services that must ask for a second factor (default sshd)")
        ],
        examples: [
            .init(
                "sshd asks for a TOTP code", expected: .pass, check: "kind: mfa\nservices: [sshd]",
                inventory: #"{"settings": {"pam": {"sshd": ["auth required pam_google_authenticator.so", "auth required pam_unix.so"]}}}"#),
            .init(
                "sshd's stack has passwords only", expected: .fail, check: "kind: mfa\nservices: [sshd]",
                inventory:
                    #"{"settings": {"pam": {"sshd": ["auth [success=1 default=ignore] pam_unix.so nullok", "auth requisite pam_deny.so"]}}}"#,
                subjects: ["sshd"]),
            .init(
                "pam_unix sufficient before the second factor: a password alone logs in (names common-auth:3)", expected: .fail,
                check: "kind: mfa\nservices: [sshd]",
                inventory:
                    #"{"settings": {"pam": {"sshd": [{"type": "auth", "control": "sufficient", "module": "pam_unix.so", "args": [], "source": "/etc/pam.d/common-auth:3"}, {"type": "auth", "control": "required", "module": "pam_google_authenticator.so", "args": [], "source": "/etc/pam.d/sshd:4"}]}}}"#,
                subjects: ["sshd"]),
            .init(
                "a [success=2] jump over the second factor", expected: .fail, check: "kind: mfa\nservices: [sshd]",
                inventory:
                    #"{"settings": {"pam": {"sshd": ["auth [success=2 default=ignore] pam_unix.so", "auth required pam_google_authenticator.so", "auth requisite pam_deny.so", "auth required pam_permit.so"]}}}"#,
                subjects: ["sshd"]),
            .init(
                "the second factor optional: its failure does not fail the stack", expected: .fail, check: "kind: mfa\nservices: [sshd]",
                inventory: #"{"settings": {"pam": {"sshd": ["auth optional pam_google_authenticator.so", "auth required pam_unix.so"]}}}"#,
                subjects: ["sshd"]),
            .init(
                "a stack libpam refuses is an error, not a pass", expected: .error, check: "kind: mfa\nservices: [sshd]",
                inventory:
                    #"{"settings": {"pam": {"sshd": {"error": "/etc/pam.d/sshd:7: error: the file ends inside a line continued with '\\'"}}}}"#
            ),
        ]
    )

    public let services: [String]
    /// The modules that count; a second factor, unless a `pam-module` check names others.
    public var modules: [String] = MFACheck.modules
    /// What a module in the stack gives, for messages.
    var purpose = "a second factor"
    /// Whether sshd's AuthenticationMethods can stand in (true for a second factor only).
    var sshdMethodsCount = true
    /// Whether the module must return success on the path (a second factor), or only run (a lockout counter).
    var requireSuccess = true

    public var facts: [FactPath] { [FactPath(components: ["settings"])] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        services = parameters.reader.textList("services", diagnostics: &diagnostics) ?? ["sshd"]
    }

    init(services: [String], modules: [String], purpose: String) {
        self.services = services
        self.modules = modules
        self.purpose = purpose
        sshdMethodsCount = false
        requireSuccess = false
    }

    /// Judges one stack; nil evidence means the service passes.
    typealias Judgement = (passed: Bool, evidence: Evidence)

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let settings = context.inventory.settings else { return .unknown("the 'settings' facts were not collected") }
        guard case .object(let pam)? = settings["pam"] else { return .unknown("no PAM configuration (/etc/pam.d) was found") }
        var evidence: [Evidence] = []
        var missing: [String] = []
        for service in services {
            var methods: String?
            var weakBlock: Evidence?
            if sshdMethodsCount, service == "sshd", let sshd = settings["sshd"] {
                (methods, weakBlock) = Self.sshdMethods(sshd)
            }
            let judgement: Judgement
            switch PAMAuthStack.read(service, from: pam) {
            case .absent:
                judgement = (
                    false,
                    Evidence(
                        subject: service, fact: "settings.pam", location: "/etc/pam.d/\(service)",
                        seen: "no PAM stack for \(service)", expected: purpose)
                )
            case .broken(let reason):
                if methods == nil { return .error("the PAM stack of \(service) could not be read: \(reason)") }
                judgement = (false, Evidence(subject: service, fact: "settings.pam.\(service)", seen: reason, expected: purpose))
            case .stack(let stack):
                switch judge(stack) {
                case .some(let result): judgement = result
                case nil: return .unknown("the PAM stack of \(service) has too many paths to explore (over \(PAMPaths.stateLimit) states)")
                }
            }
            if judgement.passed {
                evidence.append(judgement.evidence)
            } else if let methods {
                var location = "/etc/ssh/sshd_config"
                if case .string(let text)? = settings["sshd"]?["locations"]?["authenticationmethods"] { location = text }
                evidence.append(
                    Evidence(
                        subject: service, fact: "settings.sshd.authenticationmethods", location: location,
                        seen: "AuthenticationMethods \(methods)", expected: purpose))
            } else if let weakBlock {
                evidence.append(weakBlock)
                missing.append(service)
            } else {
                evidence.append(judgement.evidence)
                missing.append(service)
            }
        }
        if !missing.isEmpty {
            if let weak = evidence.first(where: { $0.fact == "settings.sshd.matches" }) {
                return .fail(
                    "no \(purpose.replacingOccurrences(of: "a ", with: "")) for sshd in \(weak.subject ?? "a Match block") "
                        + "at \(weak.location ?? "")",
                    evidence.filter { missing.contains($0.subject ?? "") || $0.fact == "settings.sshd.matches" })
            }
            return .fail(
                "no \(purpose.replacingOccurrences(of: "a ", with: "")) for \(missing.joined(separator: ", "))",
                evidence.filter { missing.contains($0.subject ?? "") })
        }
        return .pass(evidence)
    }

    /// A second factor counts when no path lets a login succeed unless one of `modules` returned
    /// success on it: no `sufficient` line, `[success=N]` jump or `done` before it can skip it, and
    /// its failure fails the stack. nil when the paths are too many to explore.
    func judge(_ stack: PAMAuthStack) -> Judgement? {
        let fact = "settings.pam.\(stack.service)"
        let present = stack.lines(of: modules)
        let expected =
            present.isEmpty
            ? "one of " + modules.prefix(5).joined(separator: ", ") + (modules.count > 5 ? ", …" : "")
            : "every successful login passes \(purpose)"
        // Absent is absent, even from a stack that lets nobody in.
        if present.isEmpty {
            return (
                false,
                Evidence(
                    subject: stack.service, fact: fact, location: stack.location,
                    seen: "auth modules: "
                        + stack.program.entries.filter { $0.kind == .module }.map(\.moduleName)
                        .joined(separator: ", "), expected: expected)
            )
        }
        let faillock = faillockJudgement(stack)
        if faillock.applies { return faillock.judgement }
        switch stack.everySuccessRuns(modules, mustSucceed: requireSuccess) {
        case .undecided:
            return nil
        case .holds:
            return (
                true,
                Evidence(
                    subject: stack.service, fact: fact, location: present.first?.source ?? stack.location,
                    seen: present.map(\.described).joined(separator: "; "), expected: expected)
            )
        case .broken(let steps, let result):
            let seen =
                present.isEmpty
                ? "auth modules: " + stack.program.entries.filter { $0.kind == .module }.map(\.moduleName).joined(separator: ", ")
                    + "; " + stack.describe(steps, result: result)
                : "a login succeeds without \(present.map(\.described).joined(separator: " or ")): " + stack.describe(steps, result: result)
            return (
                false, Evidence(subject: stack.service, fact: fact, location: stack.decidingLocation(steps), seen: seen, expected: expected)
            )
        }
    }

    /// pam_faillock, when it is asked for and present, is judged by its two halves (`preauth` gates
    /// every login, `authfail` counts every refusal); a nil judgement means too many paths.
    func faillockJudgement(_ stack: PAMAuthStack) -> (applies: Bool, judgement: Judgement?) {
        guard !requireSuccess, modules.contains("pam_faillock.so"), !stack.lines(of: ["pam_faillock.so"]).isEmpty else {
            return (false, nil)
        }
        let fact = "settings.pam.\(stack.service)"
        let lines = stack.lines(of: ["pam_faillock.so"])
        let (preauth, authfail) = stack.faillockHolds()
        switch (preauth, authfail) {
        case (.holds, .holds):
            return (
                true,
                (
                    true,
                    Evidence(
                        subject: stack.service, fact: fact, location: lines.first?.source ?? stack.location,
                        seen: lines.map(\.described).joined(separator: "; "), expected: "pam_faillock.so preauth and authfail on every path"
                    )
                )
            )
        case (.broken(let steps, let result), _):
            return (
                true,
                (
                    false,
                    Evidence(
                        subject: stack.service, fact: fact, location: stack.decidingLocation(steps),
                        seen: "a login succeeds without pam_faillock.so preauth succeeding: " + stack.describe(steps, result: result),
                        expected: "pam_faillock.so preauth before every successful login")
                )
            )
        case (_, .broken(let steps, let result)):
            return (
                true,
                (
                    false,
                    Evidence(
                        subject: stack.service, fact: fact, location: stack.decidingLocation(steps),
                        seen: "a failed password is never counted (pam_faillock.so authfail not reached): "
                            + stack.describe(steps, result: result),
                        expected: "pam_faillock.so authfail on every path where the password fails")
                )
            )
        default:
            return (true, nil)
        }
    }

    /// sshd's AuthenticationMethods when every way in needs two methods: the global value, and the
    /// value of each Match block that sets it (a block that asks for one method is a way around the
    /// second factor). Returns the global value when it counts, else the first weak block, if any.
    static func sshdMethods(_ sshd: JSONValue) -> (String?, Evidence?) {
        func twoFactors(_ value: String) -> Bool {
            let lists = value.split(separator: " ")
            return !lists.isEmpty && lists.allSatisfy { $0.contains(",") }
        }
        guard case .string(let global)? = sshd["authenticationmethods"], twoFactors(global) else { return (nil, nil) }
        if case .array(let blocks)? = sshd["matches"] {
            for block in blocks {
                guard case .string(let value)? = block["settings"]?["authenticationmethods"], !twoFactors(value) else { continue }
                var criteria = "a Match block"
                if case .string(let text)? = block["criteria"] { criteria = "Match \(text)" }
                var location = ""
                if case .string(let text)? = block["locations"]?["authenticationmethods"] { location = text }
                return (
                    nil,
                    Evidence(
                        subject: criteria, fact: "settings.sshd.matches", location: location,
                        seen: "AuthenticationMethods \(value)", expected: "two methods in every list")
                )
            }
        }
        return (global, nil)
    }
}
