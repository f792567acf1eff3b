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
