import Foundation
import PostureInventory

/// What a check's input left unseen: a file read only in part, folders the walk did not enter,
/// files it could not read. The one place where that becomes a verdict: an absence ("no line
/// matches", "no card numbers") claimed over input not seen in full is `unknown`, with what was
/// not seen and how much; a failure found in what was read stands, since its evidence was seen.
struct UnseenInput {
    private(set) var parts: [String] = []
    private(set) var evidence: [Evidence] = []

    var isEmpty: Bool { parts.isEmpty }

    /// A file whose content was read up to a limit.
    mutating func truncated(_ path: String, read: Int, of total: Int?) {
        // Exact counts: rounded sizes would say "read 1 MB of 1 MB" of a file just over the limit.
        let read = read % 1_048_576 == 0 ? "\(read / 1_048_576) MiB" : "\(read) bytes"
        let whole = total.map { " of \($0) bytes" } ?? ""
        parts.append("\(path): read \(read)\(whole); the rest was not seen")
        evidence.append(Evidence(subject: path, fact: "files", seen: "read \(read)\(whole)", expected: "the whole file read"))
    }

    /// Folders under `root` the walk did not enter; `samples` names the first few.
    mutating func unreadFolders(_ count: Int, under root: String, samples: [SkippedEntry]) {
        guard count > 0 else { return }
        let named = samples.prefix(5).map { "\($0.path) (\($0.reason))" }.joined(separator: ", ")
        parts.append("\(count) folder\(count == 1 ? "" : "s") under \(root) not read: \(named)\(count > 5 ? ", …" : "")")
        evidence.append(
            Evidence(subject: root, fact: "trees", seen: "\(count) folder\(count == 1 ? "" : "s") not read", expected: "every folder read"))
    }

    /// Files the scan could not read.
    mutating func unreadFiles(_ count: Int, under root: String, samples: [SkippedEntry]) {
        guard count > 0 else { return }
        let named = samples.prefix(5).map { "\($0.path) (\($0.reason))" }.joined(separator: ", ")
        parts.append("\(count) file\(count == 1 ? "" : "s") under \(root) could not be read: \(named)")
        evidence.append(
            Evidence(subject: root, fact: "trees", seen: "\(count) unreadable file\(count == 1 ? "" : "s")", expected: "every file read"))
    }

    /// The verdict in place of a pass that would rest on what was not seen.
    func unknown(instead claim: String) -> CheckOutcome {
        CheckOutcome(.unknown, reason: "cannot say \(claim): " + parts.joined(separator: "; "), evidence: evidence)
    }
}
