public struct Account: Codable, Sendable, Equatable {
    public var name: String
    public var uid: Int
    public var gid: Int?
    public var home: String?
    public var shell: String?
    /// Has a login shell (not nologin/false).
    public var interactive: Bool?
    public var locked: Bool?
    /// `set`, `empty` (no password needed), `locked`, `none` (no password login) or `unknown`.
    public var password: String?
    /// ISO 8601 time of the last login, absent when never seen.
    public var lastLogin: String?
    /// ISO 8601 date the password was last changed (shadow); for an account never used, the best
    /// sign of when it was created.
    public var passwordChangedAt: String?
    public var groups: [String]?
    /// Where the account is defined (/etc/passwd and its line).
    public var source: SourceLocation?

    public init(name: String, uid: Int, gid: Int? = nil, home: String? = nil, shell: String? = nil,
                interactive: Bool? = nil, locked: Bool? = nil, password: String? = nil, lastLogin: String? = nil,
                groups: [String]? = nil) {
        self.name = name
        self.uid = uid
        self.gid = gid
        self.home = home
        self.shell = shell
        self.interactive = interactive
        self.locked = locked
        self.password = password
        self.lastLogin = lastLogin
        self.groups = groups
    }

    enum CodingKeys: String, CodingKey {
        case name, uid, gid, home, shell, interactive, locked, password, groups, source
        case lastLogin = "last_login"
        case passwordChangedAt = "password_changed_at"
    }
}

public struct Group: Codable, Sendable, Equatable {
    public var name: String
    public var gid: Int
    public var members: [String]

    public init(name: String, gid: Int, members: [String]) {
        self.name = name
        self.gid = gid
        self.members = members
    }
}
