/// One user specification from sudoers, after alias expansion.
public struct SudoRule: Codable, Sendable, Equatable {
    /// A user, `%group` or alias name as written.
    public var principal: String
    public var hosts: [String]
    public var runas: [String]
    public var commands: [String]
    public var nopasswd: Bool
    /// False when `!authenticate` applies.
    public var authenticate: Bool?
    public var source: SourceLocation?

    public init(principal: String, hosts: [String], runas: [String], commands: [String], nopasswd: Bool,
                authenticate: Bool? = nil, source: SourceLocation? = nil) {
        self.principal = principal
        self.hosts = hosts
        self.runas = runas
        self.commands = commands
        self.nopasswd = nopasswd
        self.authenticate = authenticate
        self.source = source
    }
}
