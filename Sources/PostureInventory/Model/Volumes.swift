public struct Volume: Codable, Sendable, Equatable {
    public var mount: String
    public var device: String?
    public var fs: String?
    public var encrypted: Bool?
    /// `luks2`, `luks1`, `bitlocker`, `filevault`, `apfs`, …
    public var scheme: String?
    /// `root`, `home`, `swap`, `data`, `boot`, `other`.
    public var role: String?

    public init(
        mount: String, device: String? = nil, fs: String? = nil, encrypted: Bool? = nil, scheme: String? = nil,
        role: String? = nil
    ) {
        self.mount = mount
        self.device = device
        self.fs = fs
        self.encrypted = encrypted
        self.scheme = scheme
        self.role = role
    }
}
