import Foundation
import PostureInventory

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
                  inventory: #"{"sudo": [{"principal": "helpdesk", "hosts": ["ALL"], "runas": ["root"], "commands": ["/usr/bin/systemctl restart *"], "nopasswd": true, "source": {"file": "/etc/sudoers.d/90-helpdesk", "line": 3}}]}"#,
                  subjects: ["helpdesk"]),
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
