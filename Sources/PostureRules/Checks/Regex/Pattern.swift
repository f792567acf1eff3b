import PostureInventory

/// A rule's regular expression, compiled when the rule loads into a linear-time program.
/// A pattern that cannot be compiled is a load error; a search that runs out of text or time says
/// so (`RegexMachine.Outcome.gaveUp`) and is never read as "no match".
public struct Pattern: Sendable, CustomStringConvertible {
    public let source: String
    let program: RegexProgram

    public var description: String { "/\(source)/" }

    /// Compiles `source`, or reports at the construct's column what is wrong or unsupported.
    /// `position` is where the YAML scalar starts; `quoted` says whether a quote comes first.
    static func compile(
        _ source: String, at position: SourcePosition, quoted: Bool = false, diagnostics: inout Diagnostics
    ) -> Pattern? {
        do {
            return try Pattern(source)
        } catch {
            var at = position
            at.column += error.column - 1 + (quoted ? 1 : 0)
            diagnostics.error(at, "invalid regular expression '\(source)': \(error.message)")
            return nil
        }
    }

    init(_ source: String) throws(RegexSyntaxError) {
        self.source = source
        program = try RegexProgram.compile(RegexParser.parse(source))
    }

    /// Whether `text` contains a match, within the rule's time budget (`RuleDeadline`).
    func search(_ text: String) -> RegexMachine.Outcome {
        RegexMachine(program: program).search(text, leftmost: false, deadline: RuleDeadline.current)
    }

    /// Whether `text` matches; nil when the search gave up (callers decide what that means).
    func matches(_ text: String) -> Bool? {
        switch search(text) {
        case .found: true
        case .notFound: false
        case .gaveUp: nil
        }
    }

    /// The line where the leftmost match starts, for evidence.
    enum LineSearch {
        case found(number: Int, line: String)
        case notFound
        case gaveUp(String)
    }

    func firstMatchingLine(in text: String) -> LineSearch {
        switch RegexMachine(program: program).search(text, leftmost: true, deadline: RuleDeadline.current) {
        case .notFound: return .notFound
        case .gaveUp(let why): return .gaveUp(why)
        case .found(let start):
            // Bytes, not Characters: "\r\n" is one Character and would hide the line break.
            let bytes = text.utf8
            let newline = UInt8(ascii: "\n")
            // A match may begin with the line break itself (`\s*x`): show the line it leads to.
            var start = start
            while start < bytes.endIndex, bytes[start] == newline || bytes[start] == UInt8(ascii: "\r") {
                start = bytes.index(after: start)
            }
            let before = bytes[..<start]
            let lineStart = before.lastIndex(of: newline).map { bytes.index(after: $0) } ?? bytes.startIndex
            let lineEnd = bytes[start...].firstIndex(of: newline) ?? bytes.endIndex
            let number = before.reduce(1) { $1 == newline ? $0 + 1 : $0 }
            return .found(number: number, line: String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
        }
    }
}

/// When the rule being evaluated must be done; the evaluator sets it, long searches consult it.
public enum RuleDeadline {
    @TaskLocal public static var current: ContinuousClock.Instant?
}
