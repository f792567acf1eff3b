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
    /// True when the file is longer than `contentLimitBytes` and `content` holds only its start.
    public var contentTruncated: Bool?
    /// The most bytes of a file's text collected into `content`.
    public static let contentLimitBytes = 1024 * 1024
    /// Why the facts could not be read (permission denied, …).
    public var error: String?

    public init(
        path: String, exists: Bool, type: String? = nil, mode: String? = nil, uid: Int? = nil,
        gid: Int? = nil, owner: String? = nil, group: String? = nil, size: Int? = nil,
        modifiedAt: String? = nil, content: String? = nil, contentTruncated: Bool? = nil,
        error: String? = nil
    ) {
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
