/// A place in a source file, 1-based.
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

/// One problem found in rule, waiver or profile content, printed the way compilers do:
/// `Rules/auth.yaml:12:7: error: unknown key 'severty' (did you mean 'severity'?)`.
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

    public var description: String { "\(position): \(severity.rawValue): \(message)" }
}

/// Diagnostics collected while loading, so one pass reports every problem in a file.
public struct Diagnostics: Sendable {
    public internal(set) var items: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    public var errorCount: Int { items.count { $0.severity == .error } }

    public mutating func error(_ position: SourcePosition, _ message: String) {
        items.append(Diagnostic(position, message))
    }

    public mutating func warning(_ position: SourcePosition, _ message: String) {
        items.append(Diagnostic(position, message, severity: .warning))
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

/// "did you mean" for a misspelt name: the closest candidate within a small edit distance.
func suggestion(for word: String, among candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(lowered, candidate.lowercased())
        if distance <= max(2, candidate.count / 3), distance < (best?.1 ?? .max) { best = (candidate, distance) }
    }
    return best?.0
}

func didYouMean(_ word: String, _ candidates: [String]) -> String {
    suggestion(for: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
