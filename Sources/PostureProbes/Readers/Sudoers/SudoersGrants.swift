import Foundation
import PostureInventory

/// Turns a sudoers policy into the inventory's grants: for every account, every command its
/// rules name on this host, with sudo's decision for it (the last matching rule, the password
/// question after Defaults and tags). Principals that resolve to no local account (netgroups,
/// `%:nonunix` groups, names not in passwd or group) are kept as written, so nothing is lost.
enum SudoersGrants {
    typealias Member = SudoersDocument.Member

    /// A command no rule names, to ask sudo about "every command".
    static let anyCommand = SudoersMatcher.Command(path: "/nonexistent/posture/any-command", arguments: "")
    static let maximumRules = 50_000

    static func rules(_ policy: SudoersPolicy) -> [SudoRule] {
        let matcher = policy.matcher
        var rules: [SudoRule] = []
        var seen: Set<[String]> = []
        for account in policy.world.accounts {
            for spec in policy.document.userSpecs where matcher.userList(spec.users, account)?.allowed == true {
                for privilege in spec.privileges where matcher.hostList(privilege.hosts) == true {
                    for commandSpec in privilege.commands where !commandSpec.command.negated {
                        let target = representativeTarget(commandSpec, account, policy: policy)
                        let runas = runasText(commandSpec, account)
                        for leaf in leaves(commandSpec.command, policy.document) {
                            guard rules.count < maximumRules else { return rules }
                            let key = [account.name, leaf.text] + runas
                            guard !seen.contains(key),
                                let decision = policy.decide(account, target: target, command: leaf.command), decision.allowed
                            else { continue }
                            seen.insert(key)
                            rules.append(
                                SudoRule(
                                    principal: account.name, hosts: privilege.hosts.map(\.text), runas: runas,
                                    commands: [leaf.text], nopasswd: decision.nopasswd,
                                    authenticate: decision.asksPassword, source: decision.location,
                                    grantedVia: decision.grantedVia.text))
                        }
                    }
                }
            }
        }
        return rules + unresolvedRules(policy)
    }

    /// Commands a member stands for (aliases expanded, negated items left out), each with the
    /// concrete command that asks sudo about it.
    static func leaves(_ member: Member, _ document: SudoersDocument, depth: Int = 0) -> [(text: String, command: SudoersMatcher.Command)] {
        guard !member.negated, depth < SudoersMatcher.maximumAliasDepth else { return [] }
        switch member.kind {
        case .all: return [("ALL", anyCommand)]
        case .command(let path, let arguments):
            let concrete = arguments.map { $0 == "\"\"" ? "" : $0 } ?? ""
            return [(member.text, SudoersMatcher.Command(path: path, arguments: concrete))]
        case .alias(let name):
            return (document.aliases[.command]?[name] ?? []).flatMap { leaves($0, document, depth: depth + 1) }
        default: return []
        }
    }

    /// The run-as target that stands for a command spec: its first run-as user (root when it
    /// names none), or the account itself with its first group when only groups are named.
    static func representativeTarget(
        _ spec: SudoersDocument.CommandSpec, _ account: SudoersWorld.Account,
        policy: SudoersPolicy
    ) -> SudoersMatcher.Target {
        let world = policy.world
        let root = world.account(uid: 0) ?? SudoersWorld.Account(name: "root", uid: 0, gid: 0)
        if let users = spec.runasUsers {
            if let user = firstRunasUser(users, account, policy: policy, depth: 0) {
                return SudoersMatcher.Target(user: user, userSpecified: true, group: nil)
            }
            return SudoersMatcher.Target(user: root, userSpecified: false, group: nil)
        }
        if let groups = spec.runasGroups, let group = firstRunasGroup(groups, policy: policy, depth: 0) {
            return SudoersMatcher.Target(user: account, userSpecified: false, group: group)
        }
        return SudoersMatcher.Target(user: root, userSpecified: false, group: nil)
    }

    private static func firstRunasUser(_ list: [Member], _ account: SudoersWorld.Account, policy: SudoersPolicy, depth: Int) -> SudoersWorld
        .Account?
    {
        let world = policy.world
        for member in list where !member.negated {
            switch member.kind {
            case .all: return world.account(uid: 0) ?? SudoersWorld.Account(name: "root", uid: 0, gid: 0)
            case .myself: return account
            case .word(let name):
                if name.hasPrefix("#"), let uid = Int(name.dropFirst()) {
                    if let found = world.account(uid: uid) { return found }
                } else if let found = world.account(named: name) {
                    return found
                }
            case .userGroup(let name):
                if let found = world.accounts.first(where: { policy.matcher.groupMatches(name, $0) }) { return found }
            case .alias(let name):
                if depth < SudoersMatcher.maximumAliasDepth, let members = policy.document.aliases[.runas]?[name],
                    let found = firstRunasUser(members, account, policy: policy, depth: depth + 1)
                {
                    return found
                }
            default: continue
            }
        }
        return nil
    }

    private static func firstRunasGroup(_ list: [Member], policy: SudoersPolicy, depth: Int) -> SudoersWorld.Group? {
        for member in list where !member.negated {
            switch member.kind {
            case .all: if let group = policy.world.groups.first { return group }
            case .word(let name):
                if name.hasPrefix("#"), let gid = Int(name.dropFirst()) {
                    if let group = policy.world.group(gid: gid) { return group }
                } else if let group = policy.world.group(named: name) {
                    return group
                }
            case .alias(let name):
                if depth < SudoersMatcher.maximumAliasDepth, let members = policy.document.aliases[.runas]?[name],
                    let group = firstRunasGroup(members, policy: policy, depth: depth + 1)
                {
                    return group
                }
            default: continue
            }
        }
        return nil
    }

    /// Run-as users and `:groups` as written; `root` when the spec names none.
    static func runasText(_ spec: SudoersDocument.CommandSpec, _ account: SudoersWorld.Account) -> [String] {
        if spec.runasUsers == nil, spec.runasGroups == nil { return ["root"] }
        let users = (spec.runasUsers ?? []).map { $0.kind == .myself ? account.name : $0.text }
        return users + (spec.runasGroups ?? []).map { ":" + $0.text }
    }

    /// Grants to principals no local account resolves, as written, with the tag and the global
    /// and host Defaults only (whom they reach is not known here).
    static func unresolvedRules(_ policy: SudoersPolicy) -> [SudoRule] {
        let matcher = policy.matcher
        var authenticate = true
        for setting in policy.document.settings where setting.name == "authenticate" {
            switch setting.scope {
            case .global: authenticate = setting.operation != .negate
            case .host(let hosts) where matcher.hostList(hosts) == true: authenticate = setting.operation != .negate
            default: continue
            }
        }
        var rules: [SudoRule] = []
        for spec in policy.document.userSpecs {
            for principal in unresolvedPrincipals(spec.users, policy, depth: 0) {
                for privilege in spec.privileges where matcher.hostList(privilege.hosts) == true {
                    for commandSpec in privilege.commands where !commandSpec.command.negated {
                        let commands = leaves(commandSpec.command, policy.document).map(\.text)
                        guard !commands.isEmpty, rules.count < maximumRules else { continue }
                        let asks = commandSpec.nopasswd.map { !$0 } ?? authenticate
                        rules.append(
                            SudoRule(
                                principal: principal, hosts: privilege.hosts.map(\.text),
                                runas: runasText(commandSpec, SudoersWorld.Account(name: principal, uid: -1, gid: -1)),
                                commands: commands, nopasswd: commandSpec.nopasswd == true, authenticate: asks,
                                source: commandSpec.location))
                    }
                }
            }
        }
        return rules
    }

    private static func unresolvedPrincipals(_ users: [Member], _ policy: SudoersPolicy, depth: Int) -> [String] {
        let world = policy.world
        return users.filter { !$0.negated }.flatMap { member -> [String] in
            switch member.kind {
            case .netgroup: return [member.text]
            case .userGroup(let name):
                if name.hasPrefix(":") { return [member.text] }
                if name.hasPrefix("#") { return [] }
                return world.group(named: name) == nil ? [member.text] : []
            case .word(let name):
                return name.hasPrefix("#") || world.account(named: name) != nil ? [] : [member.text]
            case .alias(let name):
                guard depth < SudoersMatcher.maximumAliasDepth, let members = policy.document.aliases[.user]?[name] else {
                    return world.account(named: name) != nil ? [] : [member.text]
                }
                return unresolvedPrincipals(members, policy, depth: depth + 1)
            default: return []
            }
        }
    }
}
