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
        case collectionErrors = "collection_errors"
    }
}

/// Identity of the host and of the collection.
public struct HostFacts: Codable, Sendable, Equatable {
    public var hostname: String?
    public var os: OperatingSystem?
    public var kernel: Kernel?
    public var architecture: String?
    /// True when the OS asks for a reboot to finish installing updates.
    public var rebootRequired: Bool?
    /// ISO 8601 time the facts were gathered.
    public var collectedAt: String?
    /// How the facts were gathered: `live`, `root` (an offline filesystem) or `import`.
    public var source: String?
    /// What gathered them (`posture 0.1.0`, `osquery 5.12`, `export-windows.ps1`).
    public var collector: String?

    public init(
        hostname: String? = nil, os: OperatingSystem? = nil, kernel: Kernel? = nil, architecture: String? = nil,
        rebootRequired: Bool? = nil, collectedAt: String? = nil, source: String? = nil, collector: String? = nil
    ) {
        self.hostname = hostname
        self.os = os
        self.kernel = kernel
        self.architecture = architecture
        self.rebootRequired = rebootRequired
        self.collectedAt = collectedAt
        self.source = source
        self.collector = collector
    }

    enum CodingKeys: String, CodingKey {
        case hostname, os, kernel, architecture, source, collector
        case rebootRequired = "reboot_required"
        case collectedAt = "collected_at"
    }
}

/// The operating system, in os-release(5) terms where they exist.
public struct OperatingSystem: Codable, Sendable, Equatable {
    /// `linux`, `windows` or `macos`.
    public var family: String?
    /// os-release ID: `debian`, `ubuntu`, `rhel`, `windows`, `macos`.
    public var id: String?
    /// os-release VERSION_ID: `12`, `22.04`, `10.0.19045`.
    public var versionId: String?
    public var version: String?
    public var codename: String?
    public var prettyName: String?
    /// Build number where the OS has one (Windows 10.0.19045.4291, macOS 23H420).
    public var build: String?

    public init(
        family: String? = nil, id: String? = nil, versionId: String? = nil, version: String? = nil,
        codename: String? = nil, prettyName: String? = nil, build: String? = nil
    ) {
        self.family = family
        self.id = id
        self.versionId = versionId
        self.version = version
        self.codename = codename
        self.prettyName = prettyName
        self.build = build
    }

    enum CodingKeys: String, CodingKey {
        case family, id, version, codename, build
        case versionId = "version_id"
        case prettyName = "pretty_name"
    }
}

public struct Kernel: Codable, Sendable, Equatable {
    /// The running kernel release (`uname -r`).
    public var running: String?
    /// The newest kernel release installed on disk.
    public var newestInstalled: String?

    public init(running: String? = nil, newestInstalled: String? = nil) {
        self.running = running
        self.newestInstalled = newestInstalled
    }

    enum CodingKeys: String, CodingKey {
        case running
        case newestInstalled = "newest_installed"
    }
}

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

public struct RunningProcess: Codable, Sendable, Equatable {
    public var pid: Int
    public var name: String
    public var user: String?
    public var command: String?

    public init(pid: Int, name: String, user: String? = nil, command: String? = nil) {
        self.pid = pid
        self.name = name
        self.user = user
        self.command = command
    }
}

public struct Service: Codable, Sendable, Equatable {
    public var name: String
    /// Starts at boot.
    public var enabled: Bool?
    /// Running now (live hosts only; unknown for an offline root).
    public var active: Bool?

    public init(name: String, enabled: Bool? = nil, active: Bool? = nil) {
        self.name = name
        self.enabled = enabled
        self.active = active
    }
}

public struct AntivirusProduct: Codable, Sendable, Equatable {
    public var product: String
    public var running: Bool?
    public var realTime: Bool?
    /// ISO 8601 date of the newest signatures.
    public var signatureDate: String?
    public var signatureVersion: String?

    public init(product: String, running: Bool? = nil, realTime: Bool? = nil, signatureDate: String? = nil,
                signatureVersion: String? = nil) {
        self.product = product
        self.running = running
        self.realTime = realTime
        self.signatureDate = signatureDate
        self.signatureVersion = signatureVersion
    }

    enum CodingKeys: String, CodingKey {
        case product, running
        case realTime = "real_time"
        case signatureDate = "signature_date"
        case signatureVersion = "signature_version"
    }
}

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

/// Where a fact came from in a configuration file.
public struct SourceLocation: Codable, Sendable, Equatable {
    public var file: String
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }
}

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

public struct Volume: Codable, Sendable, Equatable {
    public var mount: String
    public var device: String?
    public var fs: String?
    public var encrypted: Bool?
    /// `luks2`, `luks1`, `bitlocker`, `filevault`, `apfs`, …
    public var scheme: String?
    /// `root`, `home`, `swap`, `data`, `boot`, `other`.
    public var role: String?

    public init(mount: String, device: String? = nil, fs: String? = nil, encrypted: Bool? = nil, scheme: String? = nil,
                role: String? = nil) {
        self.mount = mount
        self.device = device
        self.fs = fs
        self.encrypted = encrypted
        self.scheme = scheme
        self.role = role
    }
}

/// stat(2) facts for a path a rule asked about, and its text when a rule asked for content.
public struct FileFact: Codable, Sendable, Equatable {
    public var path: String
    public var exists: Bool
    /// `file`, `directory`, `symlink`, `fifo`, `socket`, `device`.
    public var type: String?
    /// Permission bits in octal, four digits: `0640`.
    public var mode: String?
    public var uid: Int?
    public var gid: Int?
    public var owner: String?
    public var group: String?
    public var size: Int?
    public var modifiedAt: String?
    /// The text, when a rule asked for content (capped; see `contentTruncated`).
    public var content: String?
    public var contentTruncated: Bool?
    /// Why the facts could not be read (permission denied, …).
    public var error: String?

    public init(path: String, exists: Bool, type: String? = nil, mode: String? = nil, uid: Int? = nil,
                gid: Int? = nil, owner: String? = nil, group: String? = nil, size: Int? = nil,
                modifiedAt: String? = nil, content: String? = nil, contentTruncated: Bool? = nil,
                error: String? = nil) {
        self.path = path
        self.exists = exists
        self.type = type
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.owner = owner
        self.group = group
        self.size = size
        self.modifiedAt = modifiedAt
        self.content = content
        self.contentTruncated = contentTruncated
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case path, exists, type, mode, uid, gid, owner, group, size, content, error
        case modifiedAt = "modified_at"
        case contentTruncated = "content_truncated"
    }
}

/// One walk of a folder tree that rules asked about: totals, the retention questions answered on
/// the way, and the content scan, if any. Evidence stays bounded: counts and capped samples, never
/// a list of every file.
public struct TreeFact: Codable, Sendable, Equatable {
    public var root: String
    /// False when the folder does not exist (nothing is stored there).
    public var exists: Bool?
    public var files: Int
    public var directories: Int?
    public var bytes: Int?
    public var oldestModifiedAt: String?
    /// Entries the walk could not read or chose not to enter, with reasons (capped).
    public var skipped: [SkippedEntry]?
    public var retention: [RetentionFact]?
    public var content: ContentScanFact?
    /// Files and folders anyone may write to (folders with the sticky bit, like /tmp, excepted).
    public var worldWritable: WorldWritableFact?
    /// Why the tree could not be walked at all.
    public var error: String?

    public init(root: String, exists: Bool? = nil, files: Int, directories: Int? = nil, bytes: Int? = nil,
                oldestModifiedAt: String? = nil, skipped: [SkippedEntry]? = nil, retention: [RetentionFact]? = nil,
                content: ContentScanFact? = nil, error: String? = nil) {
        self.root = root
        self.exists = exists
        self.files = files
        self.directories = directories
        self.bytes = bytes
        self.oldestModifiedAt = oldestModifiedAt
        self.skipped = skipped
        self.retention = retention
        self.content = content
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case root, exists, files, directories, bytes, skipped, retention, content, error
        case oldestModifiedAt = "oldest_modified_at"
        case worldWritable = "world_writable"
    }
}

public struct WorldWritableFact: Codable, Sendable, Equatable {
    public var files: Int
    public var directories: Int
    /// The first few, in path order (at most 20).
    public var samples: [String]

    public init(files: Int, directories: Int, samples: [String]) {
        self.files = files
        self.directories = directories
        self.samples = samples
    }
}

/// Files under a tree matching `include`, last modified more than `older_than_days` ago.
public struct RetentionFact: Codable, Sendable, Equatable {
    public var include: [String]
    public var olderThanDays: Int
    public var count: Int
    public var bytes: Int
    /// The oldest matching files, oldest first (at most 20).
    public var samples: [FileSample]

    public init(include: [String], olderThanDays: Int, count: Int, bytes: Int, samples: [FileSample]) {
        self.include = include
        self.olderThanDays = olderThanDays
        self.count = count
        self.bytes = bytes
        self.samples = samples
    }

    enum CodingKeys: String, CodingKey {
        case include, count, bytes, samples
        case olderThanDays = "older_than_days"
    }
}

public struct FileSample: Codable, Sendable, Equatable {
    public var path: String
    public var modifiedAt: String
    public var size: Int

    public init(path: String, modifiedAt: String, size: Int) {
        self.path = path
        self.modifiedAt = modifiedAt
        self.size = size
    }

    enum CodingKeys: String, CodingKey {
        case path, size
        case modifiedAt = "modified_at"
    }
}

/// What a content scan of a tree read, and what it did not (binary, too large, unreadable).
public struct ContentScanFact: Codable, Sendable, Equatable {
    public var include: [String]
    public var kinds: [String]
    public var maxFileBytes: Int
    public var scannedFiles: Int
    public var scannedBytes: Int
    public var skippedBinary: Int
    public var skippedLarge: Int
    public var skippedUnreadable: Int
    /// A few of the files passed over, with the reason.
    public var skippedSamples: [SkippedEntry]

    public init(include: [String], kinds: [String], maxFileBytes: Int, scannedFiles: Int = 0, scannedBytes: Int = 0,
                skippedBinary: Int = 0, skippedLarge: Int = 0, skippedUnreadable: Int = 0, skippedSamples: [SkippedEntry] = []) {
        self.include = include
        self.kinds = kinds
        self.maxFileBytes = maxFileBytes
        self.scannedFiles = scannedFiles
        self.scannedBytes = scannedBytes
        self.skippedBinary = skippedBinary
        self.skippedLarge = skippedLarge
        self.skippedUnreadable = skippedUnreadable
        self.skippedSamples = skippedSamples
    }

    enum CodingKeys: String, CodingKey {
        case include, kinds
        case maxFileBytes = "max_file_bytes"
        case scannedFiles = "scanned_files"
        case scannedBytes = "scanned_bytes"
        case skippedBinary = "skipped_binary"
        case skippedLarge = "skipped_large"
        case skippedUnreadable = "skipped_unreadable"
        case skippedSamples = "skipped_samples"
    }
}

public struct SkippedEntry: Codable, Sendable, Equatable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// Sensitive content found in a file. `sample` is always masked (a card shows at most its first
/// six and last four digits, an SSN its last four).
public struct SensitiveMatch: Codable, Sendable, Equatable {
    /// `card` or `ssn`.
    public var kind: String
    public var path: String
    public var line: Int?
    public var count: Int
    public var sample: String?

    public init(kind: String, path: String, line: Int? = nil, count: Int, sample: String? = nil) {
        self.kind = kind
        self.path = path
        self.line = line
        self.count = count
        self.sample = sample
    }
}

/// A fact family (or one path within it) that a probe tried to collect and could not.
public struct CollectionError: Codable, Sendable, Equatable {
    /// The fact path it concerns: a family (`accounts`) or deeper (`settings.sshd`).
    public var fact: String
    public var reason: String

    public init(fact: String, reason: String) {
        self.fact = fact
        self.reason = reason
    }
}

/// What a set of rules needs collected: the fact families, and the files (with or without their
/// text). Probes read only this.
public struct FactRequest: Sendable, Equatable {
    public var families: Set<String>
    /// Host path → whether its content is needed.
    public var files: [String: Bool]
    /// The antivirus products to look for, when the antivirus family is requested.
    public var antivirus: [AntivirusDefinition]
    /// Folder trees to walk (host path → what to find there); one walk each, however many rules ask.
    public var trees: [String: TreeRequest]

    public init(families: Set<String> = [], files: [String: Bool] = [:], antivirus: [AntivirusDefinition] = [],
                trees: [String: TreeRequest] = [:]) {
        self.families = families
        self.files = files
        self.antivirus = antivirus
        self.trees = trees
    }

    /// Every family posture can collect, and no files.
    public static let everything = FactRequest(families: [
        "host", "packages", "updates", "processes", "services", "antivirus", "accounts", "groups", "sudo",
        "volumes", "settings",
    ])

    public func adding(antivirus definitions: [AntivirusDefinition]) -> FactRequest {
        var copy = self
        copy.antivirus = definitions
        return copy
    }
}

/// How to recognise one antivirus product on a Linux host (from Rules/catalogs/antivirus.yaml).
public struct AntivirusDefinition: Sendable, Equatable {
    public var id: String
    public var title: String
    public var packages: [String]
    /// Files whose presence means the product is installed (binaries).
    public var files: [String]
    public var processes: [String]
    /// Processes that mean on-access (real-time) scanning runs.
    public var realTimeProcesses: [String]
    /// `clamav-cvd`, or nil when the product keeps no local signatures.
    public var signatureFormat: String?
    public var signaturePaths: [String]

    public init(id: String, title: String, packages: [String] = [], files: [String] = [], processes: [String] = [],
                realTimeProcesses: [String] = [], signatureFormat: String? = nil, signaturePaths: [String] = []) {
        self.id = id
        self.title = title
        self.packages = packages
        self.files = files
        self.processes = processes
        self.realTimeProcesses = realTimeProcesses
        self.signatureFormat = signatureFormat
        self.signaturePaths = signaturePaths
    }
}

/// What rules want to know about one folder tree.
public struct TreeRequest: Sendable, Equatable {
    public struct Retention: Sendable, Hashable {
        public var include: [String]
        public var olderThanDays: Int

        public init(include: [String], olderThanDays: Int) {
            self.include = include
            self.olderThanDays = olderThanDays
        }
    }

    public struct Content: Sendable, Equatable {
        public var include: [String]
        public var kinds: Set<String>
        public var maxFileBytes: Int

        public init(include: [String], kinds: Set<String>, maxFileBytes: Int) {
            self.include = include
            self.kinds = kinds
            self.maxFileBytes = maxFileBytes
        }
    }

    public var retention: Set<Retention>
    public var content: Content?
    public var worldWritable: Bool

    public init(retention: Set<Retention> = [], content: Content? = nil, worldWritable: Bool = false) {
        self.retention = retention
        self.content = content
        self.worldWritable = worldWritable
    }
}
