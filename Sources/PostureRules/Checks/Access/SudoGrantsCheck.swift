import Foundation
import PostureInventory

/// sudo grants that skip a check: NOPASSWD, `!authenticate`, or every command to a user who is
/// not in an admin group.
public struct SudoGrantsCheck: Check {
    public enum Risk: String, Sendable, CaseIterable {
        case nopasswd
        case noAuthenticate = "no_authenticate"
        case allCommands = "all_commands"
    }

    public static let description = CheckKindDescription(
        kind: "sudo-grants",
        summary: "Fails on sudo grants with the risks in `forbid`: `nopasswd` (NOPASSWD), `no_authenticate` "
            + "(Defaults !authenticate) and `all_commands` (every command, to anyone but the admin `groups`). Grants are "
            + "judged per account as sudo decides them (the last matching rule wins); evidence names the file and line of "
            + "the deciding rule.",
        parameters: [
            .init("forbid", "list of nopasswd, no_authenticate, all_commands", "the risks to refuse (default all three)"),
            .init("groups", "list of group names", "admin groups whose ALL grants are expected (default sudo, wheel, admin)"),
        ],
        examples: [
            .init(
                "the admin group's usual grant", expected: .pass, check: "kind: sudo-grants",
                inventory:
                    #"{"sudo": [{"principal": "%sudo", "hosts": ["ALL"], "runas": ["ALL:ALL"], "commands": ["ALL"], "nopasswd": false, "authenticate": true}]}"#
            ),
            .init(
                "a NOPASSWD grant in sudoers.d", expected: .fail, check: "kind: sudo-grants\nforbid: [nopasswd]",
                inventory:
                    #"{"sudo": [{"principal": "helpdesk", "hosts": ["ALL"], "runas": ["root"], "commands": ["/usr/bin/systemctl restart *"], "nopasswd": true, "source": {"file": "/etc/sudoers.d/90-helpdesk", "line": 3}}]}"#,
                subjects: ["helpdesk"]),
            .init(
                "a NOPASSWD line overridden by a later one that asks (sudo's decision per account)", expected: .pass,
                check: "kind: sudo-grants\nforbid: [nopasswd, no_authenticate]",
                inventory:
                    #"{"sudo": [{"principal": "ann", "granted_via": "ann", "hosts": ["ALL"], "runas": ["ALL"], "commands": ["/usr/bin/id"], "nopasswd": false, "authenticate": true, "source": {"file": "/etc/sudoers", "line": 31}}]}"#
            ),
            .init(
                "a Defaults !authenticate for one user", expected: .fail, check: "kind: sudo-grants\nforbid: [no_authenticate]",
                inventory:
                    #"{"sudo": [{"principal": "ann", "granted_via": "ann", "hosts": ["ALL"], "runas": ["root"], "commands": ["/usr/bin/id"], "nopasswd": false, "authenticate": false, "source": {"file": "/etc/sudoers", "line": 12}}]}"#,
                subjects: ["ann"]),
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
            if let risk = Risk(rawValue: name) {
                risks.append(risk)
            } else {
                diagnostics.error(
                    reader.value("forbid")!.position,
                    "'\(name)' is not a sudo risk; expected nopasswd, no_authenticate or all_commands")
            }
        }
        forbid = risks
        groups = reader.textList("groups", diagnostics: &diagnostics) ?? ["sudo", "wheel", "admin"]
        guard diagnostics.items.count == before else { return nil }
    }

    /// The forbidden risks of one grant. A per-account decision is judged as sudo decided it (the
    /// last matching rule, Defaults and tags resolved); a rule as written (older inventories) by its tag
    /// and `authenticate`.
    func risks(of rule: SudoRule) -> [String] {
        var found: [String] = []
        if rule.isAccountDecision {
            // root needs no grant to act as root.
            guard rule.principal != "root" else { return [] }
            if forbid.contains(.nopasswd), rule.nopasswd, rule.authenticate != true { found.append("NOPASSWD") }
            if forbid.contains(.noAuthenticate), !rule.nopasswd, rule.authenticate == false {
                found.append("no password asked (!authenticate)")
            }
            let throughAdminGroup = rule.grantedVia.map { $0.hasPrefix("%") && groups.contains(String($0.dropFirst())) } ?? false
            if forbid.contains(.allCommands), rule.commands.contains("ALL"), !throughAdminGroup { found.append("every command") }
            return found
        }
        if forbid.contains(.nopasswd), rule.nopasswd { found.append("NOPASSWD") }
        if forbid.contains(.noAuthenticate), rule.authenticate == false { found.append("!authenticate") }
        // root's own grant, and the admin groups', are how sudo is meant to be set up.
        if forbid.contains(.allCommands), rule.commands.contains("ALL"), rule.principal != "root",
            !(rule.principal.hasPrefix("%") && groups.contains(String(rule.principal.dropFirst())))
        {
            found.append("every command")
        }
        return found
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let rules = context.inventory.sudo else { return .unknown("the 'sudo' facts were not collected") }
        var evidence: [Evidence] = []
        for rule in rules {
            let found = risks(of: rule)
            guard !found.isEmpty else { continue }
            let who = rule.grantedVia.map { "\(rule.principal) (through \($0))" } ?? rule.principal
            evidence.append(
                Evidence(
                    subject: rule.principal, fact: "sudo", location: rule.source.map { "\($0.file):\($0.line ?? 0)" },
                    seen: "\(found.joined(separator: ", ")): \(who) \(rule.hosts.joined(separator: ",")) = "
                        + "(\(rule.runas.joined(separator: ","))) \(rule.commands.joined(separator: ", "))",
                    expected: "no " + forbid.map(\.rawValue).joined(separator: ", no ")))
        }
        if evidence.isEmpty {
            return .pass([
                Evidence(
                    fact: "sudo", seen: "\(rules.count) grant\(rules.count == 1 ? "" : "s"), none risky",
                    expected: "no " + forbid.map(\.rawValue).joined(separator: ", no "))
            ])
        }
        return .fail(
            "\(evidence.count) risky sudo grant\(evidence.count == 1 ? "" : "s"): "
                + evidence.map { "\($0.subject ?? "") at \($0.location ?? "?")" }.joined(separator: ", "), evidence)
    }
}
