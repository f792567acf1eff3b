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
    /// dpkg's three status words (`install ok installed`, `install ok unpacked`, `hold ok installed`);
    /// every package listed has its files on disk.
    public var status: String?

    public init(
        name: String, version: String, arch: String? = nil, manager: String? = nil, source: String? = nil,
        publisher: String? = nil, status: String? = nil
    ) {
        self.name = name
        self.version = version
        self.arch = arch
        self.manager = manager
        self.source = source
        self.publisher = publisher
        self.status = status
    }
}

/// Updates waiting to be installed, computed without touching the network.
public struct Updates: Codable, Sendable, Equatable {
    public var pending: [PendingUpdate]
    /// ISO 8601 time the package lists were last refreshed.
    public var listsUpdatedAt: String?
    /// The package sources the host updates from (apt: every enabled entry of sources.list and
    /// sources.list.d); nil when not collected. Without a security source no fix can arrive.
    public var sources: [AptSource]?
    /// The files the sources were read from (so "no security source" says what was looked at).
    public var sourceFiles: [String]?

    public init(pending: [PendingUpdate], listsUpdatedAt: String? = nil, sources: [AptSource]? = nil, sourceFiles: [String]? = nil) {
        self.pending = pending
        self.listsUpdatedAt = listsUpdatedAt
        self.sources = sources
        self.sourceFiles = sourceFiles
    }

    enum CodingKeys: String, CodingKey {
        case pending, sources
        case listsUpdatedAt = "lists_updated_at"
        case sourceFiles = "source_files"
    }
}

/// One enabled apt source entry: a type, URI and suite, with its components and options.
public struct AptSource: Codable, Sendable, Equatable {
    /// `deb` (binary packages) or `deb-src`.
    public var type: String
    public var uri: String
    public var suite: String
    public var components: [String]
    /// The `arch=` / `Architectures:` option; nil means every configured architecture.
    public var architectures: [String]?
    /// The `signed-by=` / `Signed-By:` option: a keyring path or fingerprints.
    public var signedBy: String?
    /// The `trusted=` / `Trusted:` option; `true` turns off signature checks for this source.
    public var trusted: Bool?
    /// A security suite (`bookworm-security`, `jammy-security`, `buster/updates`).
    public var security: Bool
    /// `file:line` where the entry is written.
    public var location: String

    public init(
        type: String, uri: String, suite: String, components: [String], architectures: [String]? = nil,
        signedBy: String? = nil, trusted: Bool? = nil, security: Bool, location: String
    ) {
        self.type = type
        self.uri = uri
        self.suite = suite
        self.components = components
        self.architectures = architectures
        self.signedBy = signedBy
        self.trusted = trusted
        self.security = security
        self.location = location
    }

    enum CodingKeys: String, CodingKey {
        case type, uri, suite, components, architectures, trusted, security, location
        case signedBy = "signed_by"
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
