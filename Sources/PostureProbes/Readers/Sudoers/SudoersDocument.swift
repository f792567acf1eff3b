import PostureInventory

/// A sudoers policy as sudo holds it after parsing every included file: user specifications,
/// Defaults and aliases, each in file order, each with the file and line it came from.
struct SudoersDocument: Sendable {
    /// One item of a user, host, runas or command list.
    struct Member: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case all
            /// A user or host name, `#uid`, or a runas group name.
            case word(String)
            /// `%group`, `%#gid` or `%:nonunix` (text after `%`).
            case userGroup(String)
            case netgroup(String)
            case alias(String)
            case networkAddress(String)
            /// A command path (or regex, `sudoedit`, `list`) and its arguments (`nil`: any).
            case command(String, arguments: String?)
            /// `()` or `(:)`: the invoking user.
            case myself
        }

        var kind: Kind
        var negated = false

        /// The member as sudoers writes it.
        var text: String {
            let body: String
            switch kind {
            case .all: body = "ALL"
            case .word(let name), .alias(let name), .networkAddress(let name): body = name
            case .userGroup(let name): body = "%" + name
            case .netgroup(let name): body = "+" + name
            case .command(let path, let arguments): body = arguments.map { $0.isEmpty ? path : path + " " + $0 } ?? path
            case .myself: body = ""
            }
            return (negated ? "!" : "") + body
        }
    }

    /// One command of a privilege with the runas lists, tag and time bounds that apply to it
    /// (carried over from the previous command of the same privilege, as sudo does).
    struct CommandSpec: Sendable {
        /// `nil` (with `runasGroups` nil too) means the default, root.
        var runasUsers: [Member]?
        var runasGroups: [Member]?
        /// NOPASSWD (true), PASSWD (false), or no tag (nil).
        var nopasswd: Bool?
        var notBefore: Double?
        var notAfter: Double?
        var command: Member
        var location: SourceLocation
    }

    struct Privilege: Sendable {
        var hosts: [Member]
        var commands: [CommandSpec]
    }

    struct UserSpec: Sendable {
        var users: [Member]
        var privileges: [Privilege]
        var location: SourceLocation
    }

    /// A `Defaults` setting with its scope.
    struct Setting: Sendable {
        enum Scope: Sendable {
            case global
            case user([Member])
            case host([Member])
            case runas([Member])
            case command([Member])
        }
        enum Operation: Sendable, Equatable { case set, negate, append, remove }

        var scope: Scope
        var name: String
        var operation: Operation
        var value: String?
        var location: SourceLocation
    }

    var userSpecs: [UserSpec] = []
    var settings: [Setting] = []
    var aliases: [SudoersAliasKind: [String: [Member]]] = [:]
    /// Every file read, in order.
    var files: [String] = []
}
