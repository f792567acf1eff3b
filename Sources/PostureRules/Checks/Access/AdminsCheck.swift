import Foundation
import PostureInventory

/// Who holds administrative power: uid 0, members of admin groups, and sudo grants of every
/// command; held to a maximum, each person listed once with every reason.
public struct AdminsCheck: Check {
    public static let description = CheckKindDescription(
        kind: "admins",
        summary: "Lists who can act as root: accounts with uid 0, members of the admin groups, and users or groups "
            + "granted every command by sudo (with the sudoers file and line). Fails when more than `at_most` people are "
            + "admins, not counting `ignore`.",
        parameters: [
            .init("groups", "list of group names", "the admin groups (default sudo, wheel, admin)"),
            .init("at_most", "whole number", "how many admins are allowed (default 2)"),
            .init("ignore", "list of account names", "accounts that do not count (default root)"),
        ],
        examples: [
            .init(
                "one admin besides root", expected: .pass, check: "kind: admins\nat_most: 1",
                inventory:
                    #"{"accounts": [{"name": "root", "uid": 0}, {"name": "ann", "uid": 1000}], "groups": [{"name": "sudo", "gid": 27, "members": ["ann"]}], "sudo": []}"#
            ),
            .init(
                "sudo's per-account decision: every command through ALL, one account excepted", expected: .fail,
                check: "kind: admins\nat_most: 1",
                inventory:
                    #"{"accounts": [{"name": "root", "uid": 0}, {"name": "ann", "uid": 1001}, {"name": "bob", "uid": 1002}], "groups": [], "sudo": [{"principal": "ann", "granted_via": "ALL", "hosts": ["ALL"], "runas": ["ALL"], "commands": ["ALL"], "nopasswd": false, "authenticate": true, "source": {"file": "/etc/sudoers", "line": 20}}, {"principal": "bob", "granted_via": "ALL", "hosts": ["ALL"], "runas": ["ALL"], "commands": ["ALL"], "nopasswd": false, "authenticate": true, "source": {"file": "/etc/sudoers", "line": 20}}]}"#,
                subjects: ["ann", "bob"]),
            .init(
                "a second uid 0 and a NOPASSWD ALL grant", expected: .fail, check: "kind: admins\nat_most: 1",
                inventory:
                    #"{"accounts": [{"name": "root", "uid": 0}, {"name": "toor", "uid": 0}, {"name": "bob", "uid": 1001}], "groups": [], "sudo": [{"principal": "bob", "hosts": ["ALL"], "runas": ["ALL"], "commands": ["ALL"], "nopasswd": true, "source": {"file": "/etc/sudoers.d/bob", "line": 1}}]}"#,
                subjects: ["toor", "bob"]),
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
            for account in accounts where account.gid == group.gid {
                reasons[account.name, default: []].append("primary group \(group.name)")
            }
        }
        for rule in context.inventory.sudo ?? [] where rule.commands.contains("ALL") {
            let location = rule.source.map { "\($0.file):\($0.line ?? 0)" }
            let grant = "sudo ALL" + (rule.runsWithoutPassword ? " without a password" : "") + (location.map { " (\($0))" } ?? "")
            var people: [String] = []
            if rule.isAccountDecision {
                // sudo's own decision for this account: the principal is the person.
                people = [rule.principal]
            } else if rule.principal.hasPrefix("%") {
                let name = String(rule.principal.dropFirst())
                // An admin group's own sudo line is already counted through its members.
                if groups.contains(name) { continue }
                if let group = groupFacts.first(where: { $0.name == name }) {
                    // Members listed in the group, and accounts whose primary group it is.
                    people = group.members + accounts.filter { $0.gid == group.gid }.map(\.name)
                }
            } else {
                people = [rule.principal]
            }
            for person in Set(people).sorted() {
                reasons[person, default: []].append(grant)
                if let location, locations[person] == nil { locations[person] = location }
            }
        }
        let admins = reasons.keys.filter { !ignore.contains($0) }.sorted()
        let evidence = admins.map { name in
            Evidence(
                subject: name, fact: "accounts", location: locations[name], seen: reasons[name]!.joined(separator: "; "),
                expected: "at most \(atMost) admin\(atMost == 1 ? "" : "s") besides \(ignore.joined(separator: ", "))")
        }
        if admins.count > atMost {
            return .fail("\(admins.count) admins (\(CollectionCheck.list(evidence))), expected at most \(atMost)", evidence)
        }
        return .pass(
            evidence.isEmpty
                ? [
                    Evidence(
                        fact: "accounts", seen: "no admin besides \(ignore.joined(separator: ", "))",
                        expected: "at most \(atMost)")
                ] : evidence)
    }
}
