/// An installed package or program.
public struct Package: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var arch: String?
    /// `dpkg`, `rpm`, `windows`, `macos`, `pip`, …; decides how versions are ordered.
    public var manager: String?
    /// The source package (dpkg) or source RPM it was built from.
    public var source: String?
    public var publisher: String?

    public init(name: String, version: String, arch: String? = nil, manager: String? = nil, source: String? = nil,
                publisher: String? = nil) {
        self.name = name
        self.version = version
        self.arch = arch
        self.manager = manager
        self.source = source
        self.publisher = publisher
    }
}

/// Updates waiting to be installed, computed without touching the network.
public struct Updates: Codable, Sendable, Equatable {
    public var pending: [PendingUpdate]
    /// ISO 8601 time the package lists were last refreshed.
    public var listsUpdatedAt: String?

    public init(pending: [PendingUpdate], listsUpdatedAt: String? = nil) {
        self.pending = pending
        self.listsUpdatedAt = listsUpdatedAt
    }

    enum CodingKeys: String, CodingKey {
        case pending
        case listsUpdatedAt = "lists_updated_at"
    }
}

public struct PendingUpdate: Codable, Sendable, Equatable {
    public var name: String
    public var installed: String
    public var candidate: String
    public var security: Bool
    public var origin: String?

    public init(name: String, installed: String, candidate: String, security: Bool, origin: String? = nil) {
        self.name = name
        self.installed = installed
        self.candidate = candidate
        self.security = security
        self.origin = origin
    }
}
