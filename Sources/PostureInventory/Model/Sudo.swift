/// One sudo grant. Inventories from this version hold sudo's own decision for each account on
/// the scanned host (`granted_via` present: `principal` is the account, `nopasswd` and
/// `authenticate` are what sudo decides for that command, `source` is the deciding rule, the
/// last one that matches). Older inventories hold the user specifications as written
/// (`principal` is a user, `%group` or alias); both are judged.
public struct SudoRule: Codable, Sendable, Equatable {
    /// The account (per-account decisions) or the user, `%group` or alias as written.
    public var principal: String
    public var hosts: [String]
    /// Run-as users and `:groups` as written (`root` when the rule names none).
    public var runas: [String]
    public var commands: [String]
    /// The deciding rule carries the NOPASSWD tag.
    public var nopasswd: Bool
    /// Per-account decisions: false when sudo asks no password for this grant (NOPASSWD, or
    /// `!authenticate` in effect). Older inventories: false when `!authenticate` applies.
    public var authenticate: Bool?
    public var source: SourceLocation?
    /// Per-account decisions only: the item of the deciding rule's user list that matched the
    /// account (`%sudo`, `ALL`, `#1001`, `ann`), through aliases.
    public var grantedVia: String?

    enum CodingKeys: String, CodingKey {
        case principal, hosts, runas, commands, nopasswd, authenticate, source
        case grantedVia = "granted_via"
    }

    public init(
        principal: String, hosts: [String], runas: [String], commands: [String], nopasswd: Bool,
        authenticate: Bool? = nil, source: SourceLocation? = nil, grantedVia: String? = nil
    ) {
        self.principal = principal
        self.hosts = hosts
        self.runas = runas
        self.commands = commands
        self.nopasswd = nopasswd
        self.authenticate = authenticate
        self.source = source
        self.grantedVia = grantedVia
    }

    /// Whether this is sudo's decision for one account (rather than a rule as written).
    public var isAccountDecision: Bool { grantedVia != nil }
    /// Whether sudo runs this grant without asking a password.
    public var runsWithoutPassword: Bool { nopasswd || authenticate == false }
}
