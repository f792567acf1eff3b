import Foundation
import PostureInventory

private let never = "never"

/// Who holds administrative power: uid 0, members of admin groups, and sudo grants of every
/// command; held to a maximum, each person listed once with every reason.
public struct AdminsCheck: Check {
    public static let description = CheckKindDescription(
        kind: "admins",
        summary: "Lists who can act as root: accounts with uid 0, members of the admin groups, and users or groups " +
            "granted every command by sudo (with the sudoers file and line). Fails when more than `at_most` people are " +
            "admins, not counting `ignore`.",
        parameters: [
            .init("groups", "list of group names", "the admin groups (default sudo, wheel, admin)"),
            .init("at_most", "whole number", "how many admins are allowed (default 2)"),
            .init("ignore", "list of account names", "accounts that do not count (default root)"),
        ],
        examples: [
            .init("one admin besides root", expected: .pass, check: "kind: admins\nat_most: 1",
                  inventory: #"{"accounts": [{"name": "root", "uid": 0}, {"name": "ann", "uid": 1000}], "groups": [{"name": "sudo", "gid": 27, "members": ["ann"]}], "sudo": []}"#),
            .init("a second uid 0 and a NOPASSWD ALL grant", expected: .fail, check: "kind: admins\nat_most: 1",
                  inventory: #"{"accounts": [{"name": "root", "uid": 0}, {"name": "toor", "uid": 0}, {"name": "bob", "uid": 1001}], "groups": [], "sudo": [{"principal": "bob", "hosts": ["ALL"], "runas": ["ALL"], "commands": ["ALL"], "nopasswd": true, "source": {"file": "/etc/sudoers.d/bob", "line": 1}}]}"#),
        ]
    )

    public let groups: [String]
    public let atMost: Int
    public let ignore: [String]

    public var facts: [FactPath] { ["accounts", "groups", "sudo"].map { FactPath(components: [$0]) } }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        groups = reader.textList("groups", diagnostics: &diagnostics) ?? ["sudo", "wheel", "admin"]
        atMost = reader.integer("at_most", in: 0...10_000, diagnostics: &diagnostics) ?? 2
        ignore = reader.textList("ignore", diagnostics: &diagnostics) ?? ["root"]
        guard diagnostics.items.count == before else { return nil }
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let accounts = context.inventory.accounts else { return .unknown("the 'accounts' facts were not collected") }
        let groupFacts = context.inventory.groups ?? []
        var reasons: [String: [String]] = [:]
        var locations: [String: String] = [:]
        for account in accounts where account.uid == 0 {
            reasons[account.name, default: []].append("uid 0")
            if let source = account.source { locations[account.name] = "\(source.file):\(source.line ?? 0)" }
        }
        for group in groupFacts where groups.contains(group.name) {
            for member in group.members { reasons[member, default: []].append("member of \(group.name)") }
            for account in accounts where account.gid == group.gid { reasons[account.name, default: []].append("primary group \(group.name)") }
        }
        for rule in context.inventory.sudo ?? [] where rule.commands.contains("ALL") {
            let location = rule.source.map { "\($0.file):\($0.line ?? 0)" }
            let grant = "sudo ALL" + (rule.nopasswd ? " without a password" : "") + (location.map { " (\($0))" } ?? "")
            var people: [String] = []
            if rule.principal.hasPrefix("%") {
                let name = String(rule.principal.dropFirst())
                // An admin group's own sudo line is already counted through its members.
                if groups.contains(name) { continue }
                people = groupFacts.first { $0.name == name }?.members ?? []
            } else {
                people = [rule.principal]
            }
            for person in people {
                reasons[person, default: []].append(grant)
                if let location, locations[person] == nil { locations[person] = location }
            }
        }
        let admins = reasons.keys.filter { !ignore.contains($0) }.sorted()
        let evidence = admins.map { name in
            Evidence(subject: name, fact: "accounts", location: locations[name], seen: reasons[name]!.joined(separator: "; "),
                     expected: "at most \(atMost) admin\(atMost == 1 ? "" : "s") besides \(ignore.joined(separator: ", "))")
        }
        if admins.count > atMost {
            return .fail("\(admins.count) admins (\(CollectionCheck.list(evidence))), expected at most \(atMost)", evidence)
        }
        return .pass(evidence.isEmpty ? [Evidence(fact: "accounts", seen: "no admin besides \(ignore.joined(separator: ", "))",
                                                  expected: "at most \(atMost)")] : evidence)
    }
}

/// sudo grants that skip a check: NOPASSWD, `!authenticate`, or every command to a user who is
/// not in an admin group.
public struct SudoGrantsCheck: Check {
    public enum Risk: String, Sendable, CaseIterable {
        case nopasswd, noAuthenticate = "no_authenticate", allCommands = "all_commands"
    }

    public static let description = CheckKindDescription(
        kind: "sudo-grants",
        summary: "Fails on sudo grants with the risks in `forbid`: `nopasswd` (NOPASSWD), `no_authenticate` " +
            "(Defaults !authenticate) and `all_commands` (every command, to anyone but the admin `groups`). Evidence " +
            "names the file and line of each grant.",
        parameters: [
            .init("forbid", "list of nopasswd, no_authenticate, all_commands", "the risks to refuse (default all three)"),
            .init("groups", "list of group names", "admin groups whose ALL grants are expected (default sudo, wheel, admin)"),
        ],
        examples: [
            .init("the admin group's usual grant", expected: .pass, check: "kind: sudo-grants",
                  inventory: #"{"sudo": [{"principal": "%sudo", "hosts": ["ALL"], "runas": ["ALL:ALL"], "commands": ["ALL"], "nopasswd": false, "authenticate": true}]}"#),
            .init("a NOPASSWD grant in sudoers.d", expected: .fail, check: "kind: sudo-grants\nforbid: [nopasswd]",
                  inventory: #"{"sudo": [{"principal": "helpdesk", "hosts": ["ALL"], "runas": ["root"], "commands": ["/usr/bin/systemctl restart *"], "nopasswd": true, "source": {"file": "/etc/sudoers.d/90-helpdesk", "line": 3}}]}"#),
        ]
    )

    public let forbid: [Risk]
    public let groups: [String]

    public var facts: [FactPath] { [FactPath(components: ["sudo"])] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        var risks: [Risk] = []
        for name in reader.textList("forbid", diagnostics: &diagnostics) ?? Risk.allCases.map(\.rawValue) {
            if let risk = Risk(rawValue: name) { risks.append(risk) } else {
                diagnostics.error(reader.value("forbid")!.position,
                                  "'\(name)' is not a sudo risk; expected nopasswd, no_authenticate or all_commands")
            }
        }
        forbid = risks
        groups = reader.textList("groups", diagnostics: &diagnostics) ?? ["sudo", "wheel", "admin"]
        guard diagnostics.items.count == before else { return nil }
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let rules = context.inventory.sudo else { return .unknown("the 'sudo' facts were not collected") }
        var evidence: [Evidence] = []
        for rule in rules {
            var found: [String] = []
            if forbid.contains(.nopasswd), rule.nopasswd { found.append("NOPASSWD") }
            if forbid.contains(.noAuthenticate), rule.authenticate == false { found.append("!authenticate") }
            // root's own grant, and the admin groups', are how sudo is meant to be set up.
            if forbid.contains(.allCommands), rule.commands.contains("ALL"), rule.principal != "root",
               !(rule.principal.hasPrefix("%") && groups.contains(String(rule.principal.dropFirst()))) {
                found.append("every command")
            }
            guard !found.isEmpty else { continue }
            evidence.append(Evidence(subject: rule.principal, fact: "sudo", location: rule.source.map { "\($0.file):\($0.line ?? 0)" },
                                     seen: "\(found.joined(separator: ", ")): \(rule.principal) \(rule.hosts.joined(separator: ",")) = " +
                                        "(\(rule.runas.joined(separator: ","))) \(rule.commands.joined(separator: ", "))",
                                     expected: "no " + forbid.map(\.rawValue).joined(separator: ", no ")))
        }
        if evidence.isEmpty {
            return .pass([Evidence(fact: "sudo", seen: "\(rules.count) grant\(rules.count == 1 ? "" : "s"), none risky",
                                   expected: "no " + forbid.map(\.rawValue).joined(separator: ", no "))])
        }
        return .fail("\(evidence.count) risky sudo grant\(evidence.count == 1 ? "" : "s"): " +
                     evidence.map { "\($0.subject ?? "") at \($0.location ?? "?")" }.joined(separator: ", "), evidence)
    }
}

/// Interactive accounts nobody uses: no login for a while, or never since they were set up.
public struct StaleAccountsCheck: Check {
    public static let description = CheckKindDescription(
        kind: "stale-accounts",
        summary: "Fails on unlocked interactive accounts (uid at least `min_uid`) whose last login (lastlog, wtmp) is more " +
            "than `max_idle_days` ago, or that never logged in though their password was set more than `max_idle_days` ago.",
        parameters: [
            .init("max_idle_days", "whole number", required: true, "the longest an account may go unused"),
            .init("min_uid", "whole number", "the first uid of people's accounts (default 1000)"),
        ],
        examples: [
            .init("an agent who logged in yesterday", expected: .pass, check: "kind: stale-accounts\nmax_idle_days: 90",
                  inventory: #"{"accounts": [{"name": "ann", "uid": 1000, "interactive": true, "locked": false, "last_login": "2026-11-29T08:00:00Z"}]}"#),
            .init("no login for 200 days", expected: .fail, check: "kind: stale-accounts\nmax_idle_days: 90",
                  inventory: #"{"accounts": [{"name": "bob", "uid": 1001, "interactive": true, "locked": false, "last_login": "2026-05-14T08:00:00Z"}]}"#),
        ]
    )

    public let maxIdleDays: Int
    public let minUID: Int

    public var facts: [FactPath] { [FactPath(components: ["accounts"])] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        let days = reader.integer("max_idle_days", in: 1...36_500, diagnostics: &diagnostics)
        if days == nil, !reader.has("max_idle_days") {
            diagnostics.error(reader.node.position, "check of kind 'stale-accounts' is missing required key 'max_idle_days'")
        }
        minUID = reader.integer("min_uid", in: 0...4_294_967_295, diagnostics: &diagnostics) ?? 1000
        guard diagnostics.items.count == before, let days else { return nil }
        maxIdleDays = days
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let accounts = context.inventory.accounts else { return .unknown("the 'accounts' facts were not collected") }
        let people = accounts.filter { $0.uid >= minUID && $0.uid < 60_000 && $0.interactive != false && $0.locked != true }
        var evidence: [Evidence] = []
        var unknown: [String] = []
        for account in people {
            if let text = account.lastLogin, let date = ISODate.parse(text) {
                let idle = Int(context.now.timeIntervalSince(date) / 86_400)
                if idle > maxIdleDays {
                    evidence.append(Evidence(subject: account.name, fact: "accounts", location: account.sourceText, seen: "last login \(text.prefix(10)), \(idle) days ago",
                                             expected: "a login within \(maxIdleDays) days, or the account locked"))
                }
            } else if let text = account.passwordChangedAt, let date = ISODate.parse(text) {
                let age = Int(context.now.timeIntervalSince(date) / 86_400)
                if age > maxIdleDays {
                    evidence.append(Evidence(subject: account.name, fact: "accounts", location: account.sourceText,
                                             seen: "never logged in; password set \(text.prefix(10)), \(age) days ago",
                                             expected: "used within \(maxIdleDays) days of being set up, or locked"))
                }
            } else {
                unknown.append(account.name)
            }
        }
        if !evidence.isEmpty {
            return .fail("\(CollectionCheck.list(evidence)) unused for more than \(maxIdleDays) days", evidence)
        }
        if !unknown.isEmpty {
            return .unknown("no last login or set-up date for \(unknown.joined(separator: ", "))")
        }
        return .pass([Evidence(fact: "accounts", seen: "\(people.count) active interactive account\(people.count == 1 ? "" : "s"), all used recently",
                               expected: "a login within \(maxIdleDays) days")])
    }
}

/// Local accounts of people who are not on the HR roster of active staff, or are marked as left.
public struct OrphanedAccountsCheck: Check {
    public static let description = CheckKindDescription(
        kind: "orphaned-accounts",
        summary: "Compares unlocked interactive accounts (uid at least `min_uid`) with the HR roster given to " +
            "`posture scan --roster FILE` (CSV with a header): an account missing from it, or whose status is not one of " +
            "`active_values`, fails. Without a roster the result is unknown.",
        parameters: [
            .init("username_column", "column name", "the roster column holding the login name (default username)"),
            .init("status_column", "column name", "the column saying whether the person still works here (default status)"),
            .init("active_values", "list of values", "statuses that mean employed (default active)"),
            .init("min_uid", "whole number", "the first uid of people's accounts (default 1000)"),
            .init("ignore", "list of account names", "service or break-glass accounts that are not people"),
        ],
        examples: [
            .init("everyone on the roster and active", expected: .pass, check: "kind: orphaned-accounts",
                  inventory: #"{"accounts": [{"name": "ann", "uid": 1000, "interactive": true}]}"#,
                  roster: "username,status\nann,active\n"),
            .init("a leaver's account still open", expected: .fail,
                  check: "kind: orphaned-accounts\nusername_column: login\nstatus_column: employment\nactive_values: [employed]",
                  inventory: #"{"accounts": [{"name": "ann", "uid": 1000, "interactive": true}, {"name": "dave", "uid": 1003, "interactive": true, "last_login": "2026-05-01T09:00:00Z"}]}"#,
                  roster: "login,employment\nann,employed\ndave,terminated\n"),
        ]
    )

    public let usernameColumn: String
    public let statusColumn: String
    public let activeValues: [String]
    public let minUID: Int
    public let ignore: [String]

    public var facts: [FactPath] { [FactPath(components: ["accounts"])] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        usernameColumn = (reader.text("username_column", diagnostics: &diagnostics) ?? "username").lowercased()
        statusColumn = (reader.text("status_column", diagnostics: &diagnostics) ?? "status").lowercased()
        activeValues = (reader.textList("active_values", diagnostics: &diagnostics) ?? ["active"]).map { $0.lowercased() }
        minUID = reader.integer("min_uid", in: 0...4_294_967_295, diagnostics: &diagnostics) ?? 1000
        ignore = reader.textList("ignore", diagnostics: &diagnostics) ?? []
        guard diagnostics.items.count == before else { return nil }
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let accounts = context.inventory.accounts else { return .unknown("the 'accounts' facts were not collected") }
        guard let roster = context.roster else { return .unknown("no HR roster was given (posture scan --roster FILE)") }
        guard roster.header.contains(usernameColumn) else {
            return .error("\(roster.file): no column '\(usernameColumn)' (columns: \(roster.header.joined(separator: ", ")))")
        }
        var status: [String: String] = [:]
        for row in roster.rows {
            if let name = row[usernameColumn]?.lowercased(), !name.isEmpty { status[name] = row[statusColumn]?.lowercased() ?? "" }
        }
        let hasStatus = roster.header.contains(statusColumn)
        var evidence: [Evidence] = []
        for account in accounts where account.uid >= minUID && account.uid < 60_000 && account.interactive != false &&
            account.locked != true && !ignore.contains(account.name) {
            let last = account.lastLogin.map { "last login \($0.prefix(10))" } ?? "never logged in"
            if let state = status[account.name.lowercased()] {
                if hasStatus, !activeValues.contains(state) {
                    evidence.append(Evidence(subject: account.name, fact: "accounts", location: account.sourceText ?? roster.file,
                                             seen: "'\(state)' on the roster \(roster.file), account still open (\(last))", expected: "removed or locked on leaving"))
                }
            } else {
                evidence.append(Evidence(subject: account.name, fact: "accounts", location: account.sourceText ?? roster.file,
                                         seen: "not on the roster \(roster.file), account open (\(last))", expected: "every account belongs to active staff"))
            }
        }
        if !evidence.isEmpty {
            return .fail("\(CollectionCheck.list(evidence)) \(evidence.count == 1 ? "has" : "have") no active person on the roster", evidence)
        }
        return .pass([Evidence(fact: "accounts", location: roster.file, seen: "every open account is an active person on the roster",
                               expected: "no leaver's account")])
    }
}

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
                  inventory: #"{"settings": {"pam": {"sshd": ["auth [success=1 default=ignore] pam_unix.so nullok", "auth requisite pam_deny.so"]}}}"#),
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

/// A manual control signed off recently enough.
public struct AttestationCheck: Check {
    public static let description = CheckKindDescription(
        kind: "attestation",
        summary: "Passes when the attestation file given to `posture scan --attestations FILE` has a sign-off for " +
            "`control` no older than `max_age_days`; evidence names who signed, when, and the evidence link. Without an " +
            "attestation file the result is unknown.",
        parameters: [
            .init("control", "identifier", required: true, "the control that must be signed off, as named in the file"),
            .init("max_age_days", "whole number", required: true, "how old the newest sign-off may be"),
        ],
        examples: [
            .init("training signed off this spring", expected: .pass, check: "kind: attestation\ncontrol: security-training\nmax_age_days: 365",
                  inventory: "{}", attestations: "attestations:\n  - {control: security-training, owner: hr@example.com, date: 2026-04-01}\n"),
            .init("the last access review was over a quarter ago", expected: .fail,
                  check: "kind: attestation\ncontrol: access-review\nmax_age_days: 90",
                  inventory: "{}", attestations: "attestations:\n  - {control: access-review, owner: it-lead@example.com, date: 2026-05-15}\n"),
        ]
    )

    public let control: String
    public let maxAgeDays: Int

    public var facts: [FactPath] { [] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        let control = reader.text("control", required: true, diagnostics: &diagnostics)
        let days = reader.integer("max_age_days", in: 1...36_500, diagnostics: &diagnostics)
        if days == nil, !reader.has("max_age_days") {
            diagnostics.error(reader.node.position, "check of kind 'attestation' is missing required key 'max_age_days'")
        }
        guard diagnostics.items.count == before, let control, let days else { return nil }
        self.control = control
        maxAgeDays = days
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let attestations = context.attestations else {
            return .unknown("no attestation file was given (posture scan --attestations FILE)")
        }
        guard let latest = attestations.filter({ $0.control == control }).max(by: { $0.date < $1.date }) else {
            return .fail("no sign-off recorded for '\(control)'", [Evidence(subject: control, seen: "no sign-off",
                                                                            expected: "signed off within \(maxAgeDays) days")])
        }
        let age = Int(context.now.timeIntervalSince(latest.date) / 86_400)
        let day = String(ISODate.format(latest.date).prefix(10))
        let evidence = Evidence(subject: control, location: latest.evidence ?? latest.position.description,
                                seen: "signed off by \(latest.owner) on \(day) (\(age) days ago)",
                                expected: "signed off within \(maxAgeDays) days")
        if age > maxAgeDays { return .fail("'\(control)' was last signed off \(age) days ago, by \(latest.owner)", [evidence]) }
        return .pass([evidence])
    }
}

extension Account {
    /// `/etc/passwd:12`, when the probe recorded where the account is defined.
    var sourceText: String? { source.map { "\($0.file):\($0.line ?? 0)" } }
}

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
                  inventory: #"{"settings": {"pam": {"sshd": ["auth [success=1 default=ignore] pam_unix.so"], "login": ["auth required pam_unix.so"]}}}"#),
        ]
    )

    let check: MFACheck

    public var facts: [FactPath] { check.facts }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        let services = reader.textList("services", diagnostics: &diagnostics)
        let modules = reader.textList("modules", diagnostics: &diagnostics)
        for key in ["services", "modules"] where !reader.has(key) {
            diagnostics.error(reader.node.position, "check of kind 'pam-module' is missing required key '\(key)'")
        }
        guard diagnostics.items.count == before, let services, let modules else { return nil }
        check = MFACheck(services: services, modules: modules, purpose: modules.joined(separator: " or "))
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome { check.evaluate(in: context) }
}
