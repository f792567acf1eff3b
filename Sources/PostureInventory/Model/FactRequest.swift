/// What a set of rules needs collected: the fact families, and the files (with or without their
/// text). Probes read only this.
public struct FactRequest: Sendable, Equatable {
    public var families: Set<FactFamily>
    /// Host path → whether its content is needed.
    public var files: [String: Bool]
    /// The antivirus products to look for, when the antivirus family is requested.
    public var antivirus: [AntivirusDefinition]
    /// Folder trees to walk (host path → what to find there); one walk each, however many rules ask.
    public var trees: [String: TreeRequest]

    public init(
        families: Set<FactFamily> = [], files: [String: Bool] = [:], antivirus: [AntivirusDefinition] = [],
        trees: [String: TreeRequest] = [:]
    ) {
        self.families = families
        self.files = files
        self.antivirus = antivirus
        self.trees = trees
    }

    /// Every family posture can collect, and no files.
    public static let everything = FactRequest(families: Set(FactFamily.allCases.filter(\.requestedByName)))

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

    public init(
        id: String, title: String, packages: [String] = [], files: [String] = [], processes: [String] = [],
        realTimeProcesses: [String] = [], signatureFormat: String? = nil, signaturePaths: [String] = []
    ) {
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
