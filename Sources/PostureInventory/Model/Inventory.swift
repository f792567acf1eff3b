/// Everything known about one host: the contract between the probes that gather facts and the
/// rules that judge them. Each fact family is optional: `nil` means "not collected", which is not
/// the same as an empty list ("collected, and there were none").
public struct Inventory: Codable, Sendable, Equatable {
    public static let schemaIdentifier = "posture.inventory/1"

    public var schema: String
    public var host: HostFacts?
    public var packages: [Package]?
    public var updates: Updates?
    public var processes: [RunningProcess]?
    public var services: [Service]?
    public var antivirus: [AntivirusProduct]?
    public var accounts: [Account]?
    public var groups: [Group]?
    /// The login-record files the accounts probe looked at (collected with `accounts`).
    public var loginRecords: [LoginRecordFile]?
    public var sudo: [SudoRule]?
    public var volumes: [Volume]?
    /// Configuration by domain (`sshd`, `login_defs`, `pam`, `screen_lock`, …), free-form per domain.
    public var settings: [String: JSONValue]?
    public var files: [FileFact]?
    public var trees: [TreeFact]?
    public var sensitive: [SensitiveMatch]?
    /// Families or paths a probe tried and failed to collect, with the reason.
    public var collectionErrors: [CollectionError]?

    public init(
        host: HostFacts? = nil, packages: [Package]? = nil, updates: Updates? = nil, processes: [RunningProcess]? = nil,
        services: [Service]? = nil, antivirus: [AntivirusProduct]? = nil, accounts: [Account]? = nil,
        groups: [Group]? = nil, sudo: [SudoRule]? = nil, volumes: [Volume]? = nil,
        settings: [String: JSONValue]? = nil, files: [FileFact]? = nil, trees: [TreeFact]? = nil,
        sensitive: [SensitiveMatch]? = nil, collectionErrors: [CollectionError]? = nil
    ) {
        self.schema = Self.schemaIdentifier
        self.host = host
        self.packages = packages
        self.updates = updates
        self.processes = processes
        self.services = services
        self.antivirus = antivirus
        self.accounts = accounts
        self.groups = groups
        self.sudo = sudo
        self.volumes = volumes
        self.settings = settings
        self.files = files
        self.trees = trees
        self.sensitive = sensitive
        self.collectionErrors = collectionErrors
    }

    enum CodingKeys: String, CodingKey {
        case schema, host, packages, updates, processes, services, antivirus, accounts, groups, sudo
        case volumes, settings, files, trees, sensitive
        case loginRecords = "login_records"
        case collectionErrors = "collection_errors"
    }
}
