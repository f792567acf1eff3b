/// Identity of the host and of the collection.
public struct HostFacts: Codable, Sendable, Equatable {
    public var hostname: String?
    public var os: OperatingSystem?
    public var kernel: Kernel?
    public var architecture: String?
    /// The host's IP addresses (live scans only: an offline root has none); loopback and link-local left out.
    public var addresses: [String]?
    /// `/etc/machine-id` (or the platform's hardware UUID in exports): ties reports of one machine together.
    public var machineId: String?
    /// The chassis asset tag an organisation wrote into the firmware (SMBIOS), where set.
    public var assetTag: String?
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
        rebootRequired: Bool? = nil, collectedAt: String? = nil, source: String? = nil, collector: String? = nil,
        addresses: [String]? = nil, machineId: String? = nil, assetTag: String? = nil
    ) {
        self.addresses = addresses
        self.machineId = machineId
        self.assetTag = assetTag
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
        case hostname, os, kernel, architecture, source, collector, addresses
        case machineId = "machine_id"
        case assetTag = "asset_tag"
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
