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
