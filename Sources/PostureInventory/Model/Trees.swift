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
    /// Folders the walk did not enter (unreadable, too deep, on another filesystem), counted in
    /// full: `skipped` only names the first few. Folders already walked (a loop) are not counted.
    public var unreadFolders: Int?
    /// Of `unreadFolders`, those on another filesystem (a network home folder, a mount).
    public var otherFilesystemFolders: Int?
    public var retention: [RetentionFact]?
    public var content: ContentScanFact?
    /// Files and folders anyone may write to (folders with the sticky bit, like /tmp, excepted).
    public var worldWritable: WorldWritableFact?
    /// Why the tree could not be walked at all.
    public var error: String?

    public init(
        root: String, exists: Bool? = nil, files: Int, directories: Int? = nil, bytes: Int? = nil,
        oldestModifiedAt: String? = nil, skipped: [SkippedEntry]? = nil, retention: [RetentionFact]? = nil,
        content: ContentScanFact? = nil, error: String? = nil
    ) {
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
        case unreadFolders = "unread_folders"
        case otherFilesystemFolders = "other_filesystem_folders"
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

    public init(
        include: [String], kinds: [String], maxFileBytes: Int, scannedFiles: Int = 0, scannedBytes: Int = 0,
        skippedBinary: Int = 0, skippedLarge: Int = 0, skippedUnreadable: Int = 0, skippedSamples: [SkippedEntry] = []
    ) {
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
