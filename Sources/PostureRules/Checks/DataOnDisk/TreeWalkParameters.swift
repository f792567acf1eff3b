import Foundation
import PostureInventory

// What the folder-walking kinds (retention, sensitive-data, world-writable) share.

/// Reads the `include` globs parameter shared by the tree kinds.
func includeGlobs(_ reader: MappingReader, diagnostics: inout Diagnostics) -> [String] {
    let globs = reader.textList("include", diagnostics: &diagnostics) ?? ["*"]
    return globs.isEmpty ? ["*"] : globs
}

func treePath(_ reader: MappingReader, diagnostics: inout Diagnostics) -> String? {
    guard let path = reader.text("path", diagnostics: &diagnostics) else { return nil }
    guard path.hasPrefix("/") else {
        diagnostics.error(reader.value("path")!.position, "path '\(path)' must be absolute")
        return nil
    }
    return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
}

/// The walk of `path`, or the outcome when there is none to judge: not collected (unknown), not
/// walkable (error), or no such folder (not applicable: an absent folder is not evidence that
/// nothing is stored, only that this place holds nothing; an empty folder that exists is).
enum WalkedTree {
    case walked(TreeFact)
    case settled(CheckOutcome)
}

func walkedTree(_ path: String, in context: EvaluationContext, absent: String) -> WalkedTree {
    guard let trees = context.inventory.trees else { return .settled(.unknown("the 'trees' facts were not collected")) }
    guard let tree = trees.first(where: { $0.root == path }) else { return .settled(.unknown("\(path) was not walked")) }
    if let error = tree.error { return .settled(.error("\(path): \(error)")) }
    if tree.exists == false {
        return .settled(
            CheckOutcome(
                .notApplicable, reason: "\(path) does not exist, so nothing was looked at (expected: \(absent))",
                evidence: [Evidence(subject: path, fact: "trees", seen: "the folder does not exist", expected: absent)]))
    }
    return .walked(tree)
}

func sizeText(_ bytes: Int) -> String {
    ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
}
