import Foundation
import PostureInventory
import Yams

/// A YAML document parsed with positions, and the limits that keep hostile input harmless.
public struct YAMLSource: Sendable {
    /// The largest rule, waiver or profile file read.
    public static let maximumBytes = 4 * 1024 * 1024
    /// Nodes one document may expand to, aliases counted each time they are used. A "billion
    /// laughs" document stays a few hundred bytes as text but expands past this at once.
    public static let maximumExpandedNodes = 200_000

    public let file: String
    public let text: String

    public init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    /// Parses the document; a syntax error becomes one diagnostic.
    func compose(into diagnostics: inout Diagnostics) -> YAMLNode? {
        guard text.utf8.count <= Self.maximumBytes else {
            diagnostics.error(
                SourcePosition(file: file, line: 1, column: 1),
                "file is \(text.utf8.count) bytes, more than the \(Self.maximumBytes) allowed")
            return nil
        }
        do {
            // The basic resolver reads every scalar as text: posture types values itself, and Yams' regex-based
            // tag resolution was half the loading time.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                diagnostics.error(SourcePosition(file: file, line: 1, column: 1), "file is empty")
                return nil
            }
            // Aliases are shared, not copied, so the tree is small in memory; walking it is what
            // explodes. Count the expanded size up front, stopping at the limit, and refuse early.
            var remaining = Self.maximumExpandedNodes
            guard Self.fits(node, within: &remaining) else {
                diagnostics.error(
                    SourcePosition(file: file, line: 1, column: 1),
                    "document expands to more than \(Self.maximumExpandedNodes) nodes (aliases counted "
                        + "each time they are used); refusing it")
                return nil
            }
            return YAMLNode(node: node, document: Document(file: file, remaining: Self.maximumExpandedNodes))
        } catch let error as YamlError {
            diagnostics.error(position(of: error), message(of: error))
        } catch {
            diagnostics.error(SourcePosition(file: file, line: 1, column: 1), "\(error)")
        }
        return nil
    }

    private static func fits(_ node: Node, within remaining: inout Int) -> Bool {
        remaining -= 1
        if remaining < 0 { return false }
        switch node {
        case .scalar, .alias: return true
        case .sequence(let sequence): return sequence.allSatisfy { fits($0, within: &remaining) }
        case .mapping(let mapping): return mapping.allSatisfy { fits($0.key, within: &remaining) && fits($0.value, within: &remaining) }
        }
    }

    private func position(of error: YamlError) -> SourcePosition {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            SourcePosition(file: file, line: mark.line, column: mark.column)
        default:
            SourcePosition(file: file, line: 1, column: 1)
        }
    }

    private func message(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            if let context, !context.text.isEmpty { return "YAML syntax: \(problem) \(context.text)" }
            return "YAML syntax: \(problem)"
        case .reader(let problem, let offset, _, _):
            return "YAML input: \(problem) at byte \(offset.map(String.init) ?? "?")"
        default:
            return "YAML: \(error)"
        }
    }
}

/// What every node view of one document shares: its file name and the count of nodes visited.
final class Document: @unchecked Sendable {
    // Used by the one task that loads the document; never shared across threads.
    let file: String
    var remaining: Int
    var exhausted = false

    init(file: String, remaining: Int) {
        self.file = file
        self.remaining = remaining
    }
}

/// A view of one YAML node with its file, for typed decoding that reports positions.
struct YAMLNode {
    let node: Node
    let document: Document

    var file: String { document.file }

    var position: SourcePosition {
        let mark = node.mark
        return SourcePosition(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func child(_ node: Node) -> YAMLNode { YAMLNode(node: node, document: document) }

    /// Charges one visit; false (with one diagnostic per document) once the budget is spent.
    func visit(_ diagnostics: inout Diagnostics) -> Bool {
        if document.exhausted { return false }
        document.remaining -= 1
        if document.remaining < 0 {
            document.exhausted = true
            diagnostics.error(
                position,
                "document expands to more than \(YAMLSource.maximumExpandedNodes) nodes "
                    + "(aliases counted each time they are used); refusing it")
            return false
        }
        return true
    }

    var kindName: String {
        switch node {
        case .scalar: "text"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// A scalar that YAML would read as null: empty, `~` or `null` written plainly.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The scalar's text exactly as written; YAML 1.1 coercions (yes/no/on/off) never apply.
    var scalarText: String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    var isQuoted: Bool {
        if case .scalar(let scalar) = node { return scalar.style == .singleQuoted || scalar.style == .doubleQuoted }
        return false
    }

    var pairs: [(key: YAMLNode, value: YAMLNode)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { (child($0.key), child($0.value)) }
    }

    var items: [YAMLNode]? {
        guard case .sequence(let sequence) = node else { return nil }
        return sequence.map { child($0) }
    }
}
