/// A place in an input file, 1-based (where a diagnostic points). Not to be confused with
/// `SourceLocation`, which is inventory data: where on the scanned host a fact was read.
public struct SourcePosition: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem found in an input file (rules, waivers, roster, attestations, an inventory, a
/// report, a template), printed the way compilers do:
/// `Rules/auth.yaml:12:7: error: unknown key 'severty' (did you mean 'severity'?)`.
/// Every layer reports through this one type; it lives in the lowest library so all can.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var position: SourcePosition
    public var severity: Severity
    public var message: String

    public init(_ position: SourcePosition, _ message: String, severity: Severity = .error) {
        self.position = position
        self.severity = severity
        self.message = message
    }

    /// An error at a line and column of `file`.
    public init(file: String, line: Int, column: Int, message: String) {
        self.init(SourcePosition(file: file, line: line, column: column), message)
    }

    public var description: String { "\(position): \(severity.rawValue): \(message)" }
}

/// Diagnostics collected while loading, so one pass reports every problem in a file.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    public var errorCount: Int { items.count { $0.severity == .error } }

    public mutating func error(_ position: SourcePosition, _ message: String) {
        items.append(Diagnostic(position, message))
    }

    public mutating func warning(_ position: SourcePosition, _ message: String) {
        items.append(Diagnostic(position, message, severity: .warning))
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        items.append(diagnostic)
    }

    public mutating func append(contentsOf other: Diagnostics) {
        items.append(contentsOf: other.items)
    }

    /// In file order, then line and column.
    public var sorted: [Diagnostic] {
        items.sorted {
            ($0.position.file, $0.position.line, $0.position.column) < ($1.position.file, $1.position.line, $1.position.column)
        }
    }
}
