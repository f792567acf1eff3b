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
            var weakBlock: Evidence?
            if sshdMethodsCount, service == "sshd", let sshd = settings["sshd"] {
                (methods, weakBlock) = Self.sshdMethods(sshd)
            }
            if let module {
                evidence.append(Evidence(subject: service, fact: "settings.pam.\(service)", location: "/etc/pam.d/\(service)",
                                         seen: module, expected: purpose))
            } else if let methods {
                var location = "/etc/ssh/sshd_config"
                if case .string(let text)? = settings["sshd"]?["locations"]?["authenticationmethods"] { location = text }
                evidence.append(Evidence(subject: service, fact: "settings.sshd.authenticationmethods", location: location,
                                         seen: "AuthenticationMethods \(methods)", expected: purpose))
            } else if let weakBlock {
                evidence.append(weakBlock)
                missing.append(service)
            } else {
                evidence.append(Evidence(subject: service, fact: "settings.pam.\(service)", location: "/etc/pam.d/\(service)",
                                         seen: "auth modules: " + auth.compactMap { $0.split(separator: " ").first { $0.hasSuffix(".so") }.map(String.init) }
                                            .joined(separator: ", "),
                                         expected: "one of " + modules.prefix(5).joined(separator: ", ") + (modules.count > 5 ? ", …" : "")))
                missing.append(service)
            }
        }
        if !missing.isEmpty {
            if let weak = evidence.first(where: { $0.fact == "settings.sshd.matches" }) {
                return .fail("no \(purpose.replacingOccurrences(of: "a ", with: "")) for sshd in \(weak.subject ?? "a Match block") " +
                             "at \(weak.location ?? "")", evidence.filter { missing.contains($0.subject ?? "") || $0.fact == "settings.sshd.matches" })
            }
            return .fail("no \(purpose.replacingOccurrences(of: "a ", with: "")) for \(missing.joined(separator: ", "))",
                         evidence.filter { missing.contains($0.subject ?? "") })
        }
        return .pass(evidence)
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
                return (nil, Evidence(subject: criteria, fact: "settings.sshd.matches", location: location,
                                      seen: "AuthenticationMethods \(value)", expected: "two methods in every list"))
            }
        }
        return (global, nil)
    }
}
