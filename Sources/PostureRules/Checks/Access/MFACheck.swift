import Foundation
import PostureInventory

/// Multifactor authentication in the PAM stacks that guard logins.
public struct MFACheck: Check {
    public static let modules = ["pam_google_authenticator.so", "pam_oath.so", "pam_u2f.so", "pam_duo.so", "pam_yubico.so",
                                 "pam_radius_auth.so", "pam_privacyidea.so", "pam_linotp.so", "pam_okta_auth.so"]

    public static let description = CheckKindDescription(
        kind: "mfa",
        summary: "Fails unless every service in `services` has a second-factor PAM module (Google Authenticator, OATH, " +
            "U2F/FIDO, Duo, YubiKey, RADIUS, privacyIDEA) in its auth stack, includes expanded. For sshd, " +
            "`AuthenticationMethods` that demand two methods count too.",
        parameters: [
            .init("services", "list of PAM services", "the services that must ask for a second factor (default sshd)"),
        ],
        examples: [
            .init("sshd asks for a TOTP code", expected: .pass, check: "kind: mfa\nservices: [sshd]",
                  inventory: #"{"settings": {"pam": {"sshd": ["auth required pam_google_authenticator.so", "auth required pam_unix.so"]}}}"#),
            .init("sshd's stack has passwords only", expected: .fail, check: "kind: mfa\nservices: [sshd]",
                  inventory: #"{"settings": {"pam": {"sshd": ["auth [success=1 default=ignore] pam_unix.so nullok", "auth requisite pam_deny.so"]}}}"#,
                  subjects: ["sshd"]),
        ]
    )

    public let services: [String]
    /// The modules that count; a second factor, unless a `pam-module` check names others.
    public var modules: [String] = MFACheck.modules
    /// What a module in the stack gives, for messages.
    var purpose = "a second factor"
    /// Whether sshd's AuthenticationMethods can stand in (true for a second factor only).
    var sshdMethodsCount = true

    public var facts: [FactPath] { [FactPath(components: ["settings"])] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        services = parameters.reader.textList("services", diagnostics: &diagnostics) ?? ["sshd"]
    }

    init(services: [String], modules: [String], purpose: String) {
        self.services = services
        self.modules = modules
        self.purpose = purpose
        sshdMethodsCount = false
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let settings = context.inventory.settings else { return .unknown("the 'settings' facts were not collected") }
        guard case .object(let pam)? = settings["pam"] else { return .unknown("no PAM configuration (/etc/pam.d) was found") }
        var evidence: [Evidence] = []
        var missing: [String] = []
        for service in services {
            guard case .array(let lines)? = pam[service] else {
                evidence.append(Evidence(subject: service, fact: "settings.pam", location: "/etc/pam.d/\(service)",
                                         seen: "no PAM stack for \(service)", expected: purpose))
                missing.append(service)
                continue
            }
            let auth = lines.compactMap { value -> String? in
                if case .string(let line) = value, line.hasPrefix("auth ") { return line }
                return nil
            }
            let module = auth.first { line in modules.contains { line.contains($0) } }
            var methods: String?
            if sshdMethodsCount, service == "sshd", case .string(let value)? = settings["sshd"]?["authenticationmethods"],
               value.split(separator: " ").allSatisfy({ $0.contains(",") }) {
                methods = value
            }
            if let module {
                evidence.append(Evidence(subject: service, fact: "settings.pam.\(service)", location: "/etc/pam.d/\(service)",
                                         seen: module, expected: purpose))
            } else if let methods {
                evidence.append(Evidence(subject: service, fact: "settings.sshd.authenticationmethods", location: "/etc/ssh/sshd_config",
                                         seen: "AuthenticationMethods \(methods)", expected: purpose))
            } else {
                evidence.append(Evidence(subject: service, fact: "settings.pam.\(service)", location: "/etc/pam.d/\(service)",
                                         seen: "auth modules: " + auth.compactMap { $0.split(separator: " ").first { $0.hasSuffix(".so") }.map(String.init) }
                                            .joined(separator: ", "),
                                         expected: "one of " + modules.prefix(5).joined(separator: ", ") + (modules.count > 5 ? ", …" : "")))
                missing.append(service)
            }
        }
        if !missing.isEmpty {
            return .fail("no \(purpose.replacingOccurrences(of: "a ", with: "")) for \(missing.joined(separator: ", "))",
                         evidence.filter { missing.contains($0.subject ?? "") })
        }
        return .pass(evidence)
    }
}
