import Foundation
import PostureInventory

/// What sudo decides for one request (user, run-as target, command) on the scanned host:
/// sudoers_lookup_check reads user specs, privileges and commands from the end and the first
/// match (the last in the file) decides; Defaults then the deciding command's tag set whether
/// a password is asked.
struct SudoersPolicy {
    typealias Member = SudoersDocument.Member

    struct Decision: Equatable {
        var allowed: Bool
        /// The deciding command spec carries NOPASSWD.
        var nopasswd: Bool
        /// Whether sudo asks a password (`authenticate` after Defaults and the tag; exempt_group).
        var asksPassword: Bool
        var location: SourceLocation
        /// The item of the user list that matched, through aliases.
        var grantedVia: Member
        /// The command item of the deciding spec (`ALL`, a path, an alias).
        var command: Member
    }

    let document: SudoersDocument
    let world: SudoersWorld
    /// Seconds since 1970, for NOTBEFORE and NOTAFTER.
    let now: Double
    /// See `SudoersMatcher.assumeUnresolvedHostsMatch`: the probe sets it, the differential test does not.
    var assumeUnresolvedHostsMatch = false
    var matcher: SudoersMatcher {
        SudoersMatcher(document: document, world: world, assumeUnresolvedHostsMatch: assumeUnresolvedHostsMatch)
    }

    /// The decision, or nil when no rule matches (sudo refuses the command).
    func decide(_ account: SudoersWorld.Account, target: SudoersMatcher.Target, command: SudoersMatcher.Command) -> Decision? {
        let matcher = self.matcher
        for spec in document.userSpecs.reversed() {
            guard let user = matcher.userList(spec.users, account), user.allowed else { continue }
            for privilege in spec.privileges.reversed() where matcher.hostList(privilege.hosts) == true {
                for commandSpec in privilege.commands.reversed() {
                    if let notBefore = commandSpec.notBefore, now < notBefore { continue }
                    if let notAfter = commandSpec.notAfter, now > notAfter { continue }
                    guard let myself = matcher.runasMatch(commandSpec, target, invoking: account),
                        let allowed = matcher.command(commandSpec.command, command)
                    else { continue }
                    // `()` runs the command as the invoking user, whatever the default target was.
                    var target = target
                    if myself { target.user = account }
                    var asks = authenticate(account, target: target, command: command)
                    if let nopasswd = commandSpec.nopasswd { asks = !nopasswd }
                    if asks, isExempt(account, target: target, command: command) { asks = false }
                    // root, and a user who changes neither uid nor (to a group not theirs) gid, are not asked.
                    if asks,
                        account.uid == 0
                            || (account.uid == target.user.uid && (target.group.map { world.isMember(account, of: $0) } ?? true))
                    {
                        asks = false
                    }
                    return Decision(
                        allowed: allowed, nopasswd: commandSpec.nopasswd == true, asksPassword: asks,
                        location: commandSpec.location, grantedVia: user.via, command: commandSpec.command)
                }
            }
        }
        return nil
    }

    /// The settings that apply to this request, in the order sudo applies them: global, host,
    /// user and run-as Defaults in file order, then command Defaults in file order.
    func applicableSettings(
        _ account: SudoersWorld.Account, target: SudoersMatcher.Target,
        command: SudoersMatcher.Command
    ) -> [SudoersDocument.Setting] {
        let matcher = self.matcher
        var first: [SudoersDocument.Setting] = []
        var second: [SudoersDocument.Setting] = []
        for setting in document.settings {
            switch setting.scope {
            case .global: first.append(setting)
            case .host(let hosts): if matcher.hostList(hosts) == true { first.append(setting) }
            case .user(let users): if matcher.userList(users, account)?.allowed == true { first.append(setting) }
            case .runas(let users):
                let spec = SudoersDocument.CommandSpec(
                    runasUsers: users, runasGroups: nil, nopasswd: nil, command: Member(kind: .all),
                    location: setting.location)
                if matcher.runas(spec, SudoersMatcher.Target(user: target.user, userSpecified: true, group: nil), invoking: account) {
                    first.append(setting)
                }
            case .command(let commands): if matcher.commandList(commands, command) == true { second.append(setting) }
            }
        }
        return first + second
    }

    private func authenticate(_ account: SudoersWorld.Account, target: SudoersMatcher.Target, command: SudoersMatcher.Command) -> Bool {
        var authenticate = true
        for setting in applicableSettings(account, target: target, command: command) where setting.name == "authenticate" {
            authenticate = setting.operation != .negate
        }
        return authenticate
    }

    /// `exempt_group`: its members are never asked a password.
    private func isExempt(_ account: SudoersWorld.Account, target: SudoersMatcher.Target, command: SudoersMatcher.Command) -> Bool {
        var exempt: String?
        for setting in applicableSettings(account, target: target, command: command) where setting.name == "exempt_group" {
            exempt = setting.operation == .negate ? nil : setting.value
        }
        guard let exempt else { return false }
        if exempt.hasPrefix("#"), let gid = Int(exempt.dropFirst()) {
            return account.gid == gid || world.groups.contains { $0.gid == gid && $0.members.contains(account.name) }
        }
        return matcher.groupMatches(exempt, account)
    }
}
