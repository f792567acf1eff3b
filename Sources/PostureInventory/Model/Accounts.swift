import Foundation

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
    /// Every gid the account's processes get (`id -G`): the primary gid, then each group listing
    /// it, as glibc's `getgrouplist` gives them.
    public var gids: [Int]?
    /// Password aging and account expiry from /etc/shadow, as pam_unix reads them.
    public var aging: PasswordAging?
    /// The login record the last login came from (`/var/lib/wtmpdb/wtmp.db`, `/var/log/lastlog`, …).
    public var lastLoginSource: String?
    /// Where the account is defined (/etc/passwd and its line).
    public var source: SourceLocation?

    public init(
        name: String, uid: Int, gid: Int? = nil, home: String? = nil, shell: String? = nil,
        interactive: Bool? = nil, locked: Bool? = nil, password: String? = nil, lastLogin: String? = nil,
        groups: [String]? = nil
    ) {
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
        case name, uid, gid, home, shell, interactive, locked, password, groups, gids, aging, source
        case lastLogin = "last_login"
        case lastLoginSource = "last_login_source"
        case passwordChangedAt = "password_changed_at"
    }
}

/// The day counts of an /etc/shadow entry (days since 1970-01-01 UTC); a field left empty is
/// absent. Negative values are kept as glibc gives them: pam_unix compares them as they are.
public struct PasswordAging: Codable, Sendable, Equatable {
    public var lastChange: Int?
    public var minimum: Int?
    public var maximum: Int?
    public var warning: Int?
    public var inactive: Int?
    /// The day the account expires (field 8): from that day on pam_unix refuses it.
    public var expire: Int?

    public init(
        lastChange: Int? = nil, minimum: Int? = nil, maximum: Int? = nil, warning: Int? = nil,
        inactive: Int? = nil, expire: Int? = nil
    ) {
        self.lastChange = lastChange
        self.minimum = minimum
        self.maximum = maximum
        self.warning = warning
        self.inactive = inactive
        self.expire = expire
    }

    enum CodingKeys: String, CodingKey {
        case lastChange = "last_change"
        case minimum = "min"
        case maximum = "max"
        case warning = "warn"
        case inactive, expire
    }

    /// What pam_unix's account management (`check_shadow_expiry`) answers on `day`.
    public enum Verdict: String, Sendable {
        /// PAM_SUCCESS (possibly with a warning).
        case open
        /// PAM_ACCT_EXPIRED: the account expiry date has come.
        case accountExpired = "account_expired"
        /// PAM_AUTHTOK_EXPIRED: the password expired and the inactive period passed too.
        case passwordInactive = "password_inactive"
        /// PAM_NEW_AUTHTOK_REQD: the password must be changed at this login.
        case mustChangePassword = "must_change_password"
    }

    /// pam_unix (Linux-PAM 1.4–1.7) on the given day number: account expiry first, then a
    /// forced change (last change 0), then the inactive period, then the maximum age.
    public func verdict(onDay today: Int) -> Verdict {
        if let expire, today >= expire { return .accountExpired }
        if lastChange == 0 { return .mustChangePassword }
        let last = lastChange ?? -1
        if today < last { return .open }
        let age = today - last
        if let maximum, let inactive, age > maximum, age > inactive, age > maximum + inactive {
            return .passwordInactive
        }
        if let maximum, age > maximum { return .mustChangePassword }
        return .open
    }

    /// Day number (days since 1970-01-01 UTC) of a moment, as pam_unix computes "today".
    public static func day(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
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

/// A login-record file the accounts probe looked at, and what it found there.
public struct LoginRecordFile: Codable, Sendable, Equatable {
    /// `wtmpdb`, `lastlog2`, `wtmp` or `lastlog`.
    public var kind: String
    public var path: String
    /// `read`, `absent` or `error`.
    public var state: String
    /// Accounts (or user names) with a login in it, when read.
    public var users: Int?
    /// Why it could not be read.
    public var reason: String?

    public init(kind: String, path: String, state: String, users: Int? = nil, reason: String? = nil) {
        self.kind = kind
        self.path = path
        self.state = state
        self.users = users
        self.reason = reason
    }
}
