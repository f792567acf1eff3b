import Foundation

/// The accounts, groups and host a sudoers policy is judged against, as sudo sees them.
struct SudoersWorld: Sendable {
    struct Account: Sendable, Equatable {
        var name: String
        var uid: Int
        var gid: Int
    }
    struct Group: Sendable, Equatable {
        var name: String
        var gid: Int
        var members: [String]
    }

    var accounts: [Account]
    var groups: [Group]
    /// The host name as sudo sees it (`/etc/hostname`); the short name is the part before the first dot.
    var hostname: String
    var shortHostname: String { String(hostname.prefix { $0 != "." }) }

    func account(named name: String) -> Account? { accounts.first { $0.name == name } }
    func account(uid: Int) -> Account? { accounts.first { $0.uid == uid } }
    func group(named name: String) -> Group? { groups.first { $0.name == name } }
    func group(gid: Int) -> Group? { groups.first { $0.gid == gid } }

    /// Whether the account belongs to the group: as its primary group or as a listed member.
    func isMember(_ account: Account, of group: Group) -> Bool {
        account.gid == group.gid || group.members.contains(account.name)
    }

    /// Reads `passwd` and `group` text with the nss_files readers the accounts probe uses, so sudo
    /// sees the same accounts glibc gives it (comments, blanks, number syntax, duplicates).
    static func parse(passwd: String, group: String, hostname: String) -> SudoersWorld {
        let accounts = PasswdFile.parse(passwd).entries.map { Account(name: $0.name, uid: Int($0.uid), gid: Int($0.gid)) }
        let groups = GroupFile.parse(group).entries.map { Group(name: $0.name, gid: Int($0.gid), members: $0.members) }
        return SudoersWorld(accounts: accounts, groups: groups, hostname: hostname.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Matching as sudo's match.c does: every list is read from its end and the last item that
/// matches decides (allow, or deny when negated); `nil` means nothing in the list matched.
struct SudoersMatcher {
    typealias Member = SudoersDocument.Member

    let document: SudoersDocument
    let world: SudoersWorld
    /// Host addresses and netgroups need the host's interfaces and NIS, which an offline scan
    /// does not read: when set, a positive one is taken to match (so a grant is not missed) and a
    /// negated one not to. Unset, they match nothing, as sudo on a host without them decides.
    var assumeUnresolvedHostsMatch = false
    static let maximumAliasDepth = 64

    /// Which item of a user list matched, through aliases, for evidence.
    func userList(_ list: [Member], _ account: SudoersWorld.Account, depth: Int = 0) -> (allowed: Bool, via: Member)? {
        for member in list.reversed() {
            if let result = user(member, account, depth: depth) { return result }
        }
        return nil
    }

    private func user(_ member: Member, _ account: SudoersWorld.Account, depth: Int) -> (allowed: Bool, via: Member)? {
        switch member.kind {
        case .all: return (!member.negated, member)
        case .netgroup, .networkAddress, .command, .myself: return nil
        case .userGroup(let name):
            return groupMatches(name, account) ? (!member.negated, member) : nil
        case .alias(let name):
            if depth < Self.maximumAliasDepth, let members = document.aliases[.user]?[name] {
                guard let inner = userList(members, account, depth: depth + 1) else { return nil }
                return (member.negated ? !inner.allowed : inner.allowed, inner.via)
            }
            return nameMatches(name, account) ? (!member.negated, member) : nil
        case .word(let name):
            return nameMatches(name, account) ? (!member.negated, member) : nil
        }
    }

    /// A user name, or `#uid`.
    func nameMatches(_ name: String, _ account: SudoersWorld.Account) -> Bool {
        if name.hasPrefix("#"), let uid = Int(name.dropFirst()) { return uid == account.uid || uid == account.uid - (1 << 32) }
        return name == account.name
    }

    /// `%group`, `%#gid`; `%:nonunix` groups need a group plugin, which this host policy has not.
    func groupMatches(_ name: String, _ account: SudoersWorld.Account) -> Bool {
        if name.hasPrefix(":") { return false }
        if name.hasPrefix("#"), let gid = Int(name.dropFirst()) {
            return account.gid == gid || world.groups.contains { $0.gid == gid && $0.members.contains(account.name) }
        }
        guard let group = world.group(named: name) else { return false }
        return world.isMember(account, of: group)
    }

    func hostList(_ list: [Member], depth: Int = 0) -> Bool? {
        for member in list.reversed() {
            let matched: Bool
            switch member.kind {
            case .all: matched = true
            case .alias(let name):
                if depth < Self.maximumAliasDepth, let members = document.aliases[.host]?[name] {
                    guard let inner = hostList(members, depth: depth + 1) else { continue }
                    return member.negated ? !inner : inner
                }
                matched = hostnameMatches(name)
            case .word(let name): matched = hostnameMatches(name)
            case .networkAddress, .netgroup: matched = assumeUnresolvedHostsMatch && !member.negated
            default: matched = false
            }
            if matched { return !member.negated }
        }
        return nil
    }

    /// A name with a dot is compared with the full host name, one without with the short name;
    /// shell wildcards allowed, case ignored.
    func hostnameMatches(_ pattern: String) -> Bool {
        let host = pattern.contains(".") ? world.hostname : world.shortHostname
        if pattern.contains(where: { "*?[".contains($0) }) {
            return fnmatch(pattern.lowercased(), host.lowercased(), 0) == 0
        }
        return pattern.lowercased() == host.lowercased()
    }

    /// The run-as target of a request: `user` nil means sudo's default (root) with no `-u`.
    struct Target: Equatable {
        var user: SudoersWorld.Account
        var userSpecified: Bool
        var group: SudoersWorld.Group?
    }

    /// runaslist_matches: the run-as user and group lists of one command spec.
    func runas(_ spec: SudoersDocument.CommandSpec, _ target: Target, invoking: SudoersWorld.Account) -> Bool {
        runasMatch(spec, target, invoking: invoking) != nil
    }

    /// nil when the run-as lists refuse the target; otherwise whether the item that matched is
    /// "myself" (`()`), which makes sudo run the command as the invoking user.
    func runasMatch(_ spec: SudoersDocument.CommandSpec, _ target: Target, invoking: SudoersWorld.Account) -> Bool? {
        var myself = false
        return runasAllows(spec, target, invoking: invoking, myself: &myself) ? myself : nil
    }

    private func runasAllows(_ spec: SudoersDocument.CommandSpec, _ target: Target, invoking: SudoersWorld.Account, myself: inout Bool)
        -> Bool
    {
        var userMatched: Bool?
        var groupMatched: Bool?
        if target.userSpecified || target.group == nil {
            if spec.runasUsers == nil, spec.runasGroups == nil {
                // No run-as list: only sudo's runas_default, root (a group alone is checked below).
                return target.user.name == "root"
            }
            if let users = spec.runasUsers { userMatched = runasUserList(users, target, invoking: invoking, depth: 0, myself: &myself) }
        }
        if let group = target.group {
            if userMatched == nil, invoking.name == target.user.name { userMatched = true }
            if let groups = spec.runasGroups { groupMatched = runasGroupList(groups, group, depth: 0) }
            if groupMatched == nil, world.isMember(target.user, of: group) { groupMatched = true }
        }
        if userMatched == false || groupMatched == false { return false }
        if target.group == nil { return userMatched == true }
        return userMatched == true && groupMatched == true
    }

    private func runasUserList(_ list: [Member], _ target: Target, invoking: SudoersWorld.Account, depth: Int, myself: inout Bool) -> Bool?
    {
        for member in list.reversed() {
            var matched: Bool?
            switch member.kind {
            case .all: matched = !member.negated
            case .userGroup(let name): if groupMatches(name, target.user) { matched = !member.negated }
            case .alias(let name):
                if depth < Self.maximumAliasDepth, let members = document.aliases[.runas]?[name] {
                    if let inner = runasUserList(members, target, invoking: invoking, depth: depth + 1, myself: &myself) {
                        matched = member.negated ? !inner : inner
                    }
                } else if nameMatches(name, target.user) {
                    matched = !member.negated
                }
            case .word(let name): if nameMatches(name, target.user) { matched = !member.negated }
            case .myself:
                if !target.userSpecified || invoking.name == target.user.name {
                    matched = !member.negated
                    myself = true
                }
            default: break
            }
            if let matched { return matched }
        }
        return nil
    }

    private func runasGroupList(_ list: [Member], _ group: SudoersWorld.Group, depth: Int) -> Bool? {
        for member in list.reversed() {
            var matched: Bool?
            switch member.kind {
            case .all: matched = !member.negated
            case .alias(let name):
                if depth < Self.maximumAliasDepth, let members = document.aliases[.runas]?[name] {
                    if let inner = runasGroupList(members, group, depth: depth + 1) { matched = member.negated ? !inner : inner }
                } else if name == group.name {
                    matched = !member.negated
                }
            case .word(let name):
                if name.hasPrefix("#"), let gid = Int(name.dropFirst()) {
                    if gid == group.gid { matched = !member.negated }
                } else if name == group.name {
                    matched = !member.negated
                }
            default: break
            }
            if let matched { return matched }
        }
        return nil
    }

    /// A command as the user types it: an absolute path and its arguments.
    struct Command: Equatable {
        var path: String
        var arguments: String
    }

    /// cmnd_matches for one member: allow, deny (negated), or nil when it does not match.
    func command(_ member: Member, _ command: Command, depth: Int = 0) -> Bool? {
        switch member.kind {
        case .all: return !member.negated
        case .alias(let name):
            guard depth < Self.maximumAliasDepth, let members = document.aliases[.command]?[name],
                let inner = commandList(members, command, depth: depth + 1)
            else { return nil }
            return member.negated ? !inner : inner
        case .command(let path, let arguments):
            return commandMatches(path, arguments, command) ? !member.negated : nil
        default: return nil
        }
    }

    func commandList(_ list: [Member], _ command: Command, depth: Int = 0) -> Bool? {
        for member in list.reversed() {
            if let result = self.command(member, command, depth: depth) { return result }
        }
        return nil
    }

    private func commandMatches(_ pattern: String, _ arguments: String?, _ command: Command) -> Bool {
        if pattern == "list" || pattern == "sudoedit" || pattern.hasPrefix("^") { return pattern == command.path }
        let pathMatches: Bool
        if pattern.hasSuffix("/") {
            guard let slash = command.path.lastIndex(of: "/") else { return false }
            pathMatches = String(command.path[...slash]) == pattern
        } else if pattern.contains(where: { "*?[".contains($0) }) {
            pathMatches = fnmatch(pattern, command.path, FNM_PATHNAME) == 0
        } else {
            pathMatches = pattern == command.path
        }
        guard pathMatches else { return false }
        guard let arguments else { return true }
        if arguments == "\"\"" { return command.arguments.isEmpty }
        if arguments.contains(where: { "*?[\\".contains($0) }) { return fnmatch(arguments, command.arguments, 0) == 0 }
        return arguments == command.arguments
    }
}
