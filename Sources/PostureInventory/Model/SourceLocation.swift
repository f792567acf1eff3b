/// Where a fact came from in a configuration file.
public struct SourceLocation: Codable, Sendable, Equatable {
    public var file: String
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }
}
