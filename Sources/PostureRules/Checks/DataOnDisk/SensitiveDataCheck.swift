import Foundation
import PostureInventory

/// Card numbers and SSNs stored in files under a folder.
public struct SensitiveDataCheck: Check {
    public static let description = CheckKindDescription(
        kind: "sensitive-data",
        summary: "Reads the text files under `path` (matching `include`) for card numbers (brand prefix and length, Luhn, "
            + "plain or grouped by spaces or dashes) and US SSNs (never-issued ranges excluded); fails above `at_most` "
            + "files with a match. Evidence shows each file and line with the number masked (a card as its first six and "
            + "last four digits, an SSN as its last four). Binary files and files over `max_file_mb` are not read, and "
            + "the evidence says so. Without a match, folders the walk did not enter (unreadable, on another filesystem "
            + "unless `same_filesystem: true`) and files it could not read make the result `unknown`, naming them.",
        parameters: [
            .init("path", "absolute path", required: true, "the folder to read"),
            .init("kinds", "list of card, ssn", "what to look for (default both)"),
            .init("include", "list of globs", "file names to read (default all files)"),
            .init("max_file_mb", "whole number", "larger files are not read, and are reported (default 1024)"),
            .init("at_most", "whole number", "how many files with matches are tolerated (default 0)"),
            .init(
                "same_filesystem", "true or false",
                "true: folders on other filesystems (network home folders, mounts) are left out on purpose and named in "
                    + "the evidence; false (default): they are unread, and a result without matches is unknown"),
        ],
        examples: [
            .init(
                "a card number pasted into notes", expected: .fail,
                check: "kind: sensitive-data\npath: /home",
                inventory:
                    #"{"trees": [{"root": "/home", "exists": true, "files": 2, "content": {"include": ["*"], "kinds": ["card", "ssn"], "max_file_bytes": 1073741824, "scanned_files": 2, "scanned_bytes": 900, "skipped_binary": 0, "skipped_large": 0, "skipped_unreadable": 0, "skipped_samples": []}}], "sensitive": [{"kind": "card", "path": "/home/ann/notes.txt", "line": 12, "count": 1, "sample": "411111******1111"}]}"#,
                subjects: ["/home/ann/notes.txt"]),
            .init(
                "files are there, but none was read (all unreadable): no pass over nothing", expected: .unknown,
                check: "kind: sensitive-data\npath: /home",
                inventory:
                    #"{"trees": [{"root": "/home", "exists": true, "files": 2, "content": {"include": ["*"], "kinds": ["card", "ssn"], "max_file_bytes": 1073741824, "scanned_files": 0, "scanned_bytes": 0, "skipped_binary": 0, "skipped_large": 0, "skipped_unreadable": 2, "skipped_samples": []}}], "sensitive": []}"#
            ),
            .init(
                "nothing found, but a folder on another filesystem (a network home folder) was not entered", expected: .unknown,
                check: "kind: sensitive-data\npath: /home\nkinds: [card]",
                inventory:
                    #"{"trees": [{"root": "/home", "exists": true, "files": 2, "unread_folders": 1, "other_filesystem_folders": 1, "skipped": [{"path": "/home/bob", "reason": "on another filesystem"}], "content": {"include": ["*"], "kinds": ["card"], "max_file_bytes": 1073741824, "scanned_files": 2, "scanned_bytes": 900, "skipped_binary": 0, "skipped_large": 0, "skipped_unreadable": 0, "skipped_samples": []}}], "sensitive": []}"#
            ),
            .init(
                "the rule leaves other filesystems out on purpose (same_filesystem: true), and the evidence says so",
                expected: .pass,
                check: "kind: sensitive-data\npath: /home\nkinds: [card]\nsame_filesystem: true",
                inventory:
                    #"{"trees": [{"root": "/home", "exists": true, "files": 2, "unread_folders": 1, "other_filesystem_folders": 1, "skipped": [{"path": "/home/bob", "reason": "on another filesystem"}], "content": {"include": ["*"], "kinds": ["card"], "max_file_bytes": 1073741824, "scanned_files": 2, "scanned_bytes": 900, "skipped_binary": 0, "skipped_large": 0, "skipped_unreadable": 0, "skipped_samples": []}}], "sensitive": []}"#
            ),
            .init(
                "nothing found, but a file could not be read", expected: .unknown,
                check: "kind: sensitive-data\npath: /home\nkinds: [card]",
                inventory:
                    #"{"trees": [{"root": "/home", "exists": true, "files": 2, "unread_folders": 0, "content": {"include": ["*"], "kinds": ["card"], "max_file_bytes": 1073741824, "scanned_files": 1, "scanned_bytes": 900, "skipped_binary": 0, "skipped_large": 0, "skipped_unreadable": 1, "skipped_samples": [{"path": "/home/ann/locked.txt", "reason": "permission denied"}]}}], "sensitive": []}"#
            ),
            .init(
                "nothing found in what was read", expected: .pass,
                check: "kind: sensitive-data\npath: /home\nkinds: [card]",
                inventory:
                    #"{"trees": [{"root": "/home", "exists": true, "files": 2, "content": {"include": ["*"], "kinds": ["card"], "max_file_bytes": 1073741824, "scanned_files": 2, "scanned_bytes": 900, "skipped_binary": 1, "skipped_large": 0, "skipped_unreadable": 0, "skipped_samples": []}}], "sensitive": []}"#
            ),
        ]
    )

    public let path: String
    public let kinds: [String]
    public let include: [String]
    public let maxFileBytes: Int
    public let atMost: Int
    public let sameFilesystem: Bool

    public var facts: [FactPath] { [FactPath(.trees), FactPath(.sensitive)] }

    /// One content scan per folder, covering every kind, glob and size any rule asks for.
    public func contribute(to request: inout FactRequest) {
        request.needs(facts)
        var tree = request.trees[path, default: TreeRequest()]
        if var content = tree.content {
            content.kinds.formUnion(kinds)
            content.include =
                content.include.contains("*") || include.contains("*")
                ? ["*"] : Array(Set(content.include + include)).sorted()
            content.maxFileBytes = max(content.maxFileBytes, maxFileBytes)
            tree.content = content
        } else {
            tree.content = .init(include: include, kinds: Set(kinds), maxFileBytes: maxFileBytes)
        }
        request.trees[path] = tree
    }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        let path = treePath(reader, diagnostics: &diagnostics)
        let kinds = reader.textList("kinds", diagnostics: &diagnostics) ?? ["card", "ssn"]
        for kind in kinds where !["card", "ssn"].contains(kind) {
            diagnostics.error(reader.value("kinds")!.position, "unknown kind '\(kind)'; expected card or ssn")
        }
        include = includeGlobs(reader, diagnostics: &diagnostics)
        maxFileBytes = (reader.integer("max_file_mb", in: 1...1_048_576, diagnostics: &diagnostics) ?? 1024) * 1024 * 1024
        atMost = reader.integer("at_most", in: 0...1_000_000, diagnostics: &diagnostics) ?? 0
        sameFilesystem = reader.bool("same_filesystem", diagnostics: &diagnostics) ?? false
        guard let path else { return nil }
        self.path = path
        self.kinds = kinds.sorted()
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        let tree: TreeFact
        switch walkedTree(path, in: context, absent: "no \(kinds.joined(separator: " or ")) numbers") {
        case .walked(let walked): tree = walked
        case .settled(let outcome): return outcome
        }
        guard let content = tree.content else { return .unknown("\(path) was walked without reading its content") }
        let prefix = path == "/" ? "/" : path + "/"
        let found = (context.inventory.sensitive ?? []).filter { kinds.contains($0.kind) && ($0.path.hasPrefix(prefix) || $0.path == path) }
        var limits: [String] = []
        if content.skippedBinary > 0 { limits.append("\(content.skippedBinary) binary file\(content.skippedBinary == 1 ? "" : "s")") }
        if content.skippedLarge > 0 {
            limits.append("\(content.skippedLarge) file\(content.skippedLarge == 1 ? "" : "s") over \(sizeText(content.maxFileBytes))")
        }
        if content.skippedUnreadable > 0 { limits.append("\(content.skippedUnreadable) unreadable") }
        let limitNote = limits.isEmpty ? "" : "; not read: " + limits.joined(separator: ", ")
        let files = Set(found.map(\.path))
        let read = "\(content.scannedFiles) files (\(sizeText(content.scannedBytes))) read\(limitNote)"
        guard files.count > atMost else {
            // Nothing read where files exist is not a pass: say what was looked at.
            let matching = content.scannedFiles + content.skippedBinary + content.skippedLarge + content.skippedUnreadable
            if content.scannedFiles == 0, matching > 0 {
                return .unknown("none of the \(matching) files under \(path) was read\(limitNote)")
            }
            // Folders not entered and files not read may hold what was looked for.
            var unseen = UnseenInput()
            let otherFilesystems = tree.otherFilesystemFolders ?? 0
            let unreadFolders =
                (tree.unreadFolders ?? (tree.skipped ?? []).filter { !$0.reason.hasPrefix("already walked") }.count)
                - (sameFilesystem ? otherFilesystems : 0)
            let folderSamples = (tree.skipped ?? []).filter {
                !$0.reason.hasPrefix("already walked") && !(sameFilesystem && $0.reason == "on another filesystem")
            }
            unseen.unreadFolders(unreadFolders, under: path, samples: folderSamples)
            unseen.unreadFiles(
                content.skippedUnreadable, under: path,
                samples: content.skippedSamples.filter { !$0.reason.hasPrefix("binary") && !$0.reason.hasPrefix("larger than") })
            if !unseen.isEmpty { return unseen.unknown(instead: "that there are no \(kinds.joined(separator: " or ")) numbers") }
            var evidence: [Evidence] = []
            if sameFilesystem, otherFilesystems > 0 {
                let named = (tree.skipped ?? []).filter { $0.reason == "on another filesystem" }.prefix(5).map(\.path)
                evidence.append(
                    Evidence(
                        subject: path, fact: "trees",
                        seen: "\(otherFilesystems) folder\(otherFilesystems == 1 ? "" : "s") on other filesystems left out "
                            + "(same_filesystem: true): \(named.joined(separator: ", "))",
                        expected: "folders on other filesystems not required"))
            }
            let seen =
                tree.files == 0
                ? "the folder exists and holds no files"
                : matching == 0 ? "no file of the \(tree.files) under it matches \(include.joined(separator: ", "))" : read
            return .pass(
                [Evidence(subject: path, fact: "trees", seen: seen, expected: "no \(kinds.joined(separator: " or ")) numbers")] + evidence)
        }
        let names = ["card": "card number", "ssn": "SSN"]
        var evidence = found.map { match in
            Evidence(
                subject: match.path, location: match.line.map { "\(match.path):\($0)" } ?? match.path,
                seen: "\(match.count) \(names[match.kind] ?? match.kind)\(match.count == 1 ? "" : "s"), e.g. \(match.sample ?? "(masked)")",
                expected: "none stored; mask, tokenise or delete them")
        }
        evidence.append(Evidence(subject: path, fact: "trees", seen: read, expected: "every text file read"))
        let total = found.reduce(0) { $0 + $1.count }
        let noun = kinds == ["card"] ? "card number" : kinds == ["ssn"] ? "SSN" : "card number or SSN"
        return CheckOutcome.fail(
            "\(total) unmasked \(noun)\(total == 1 ? "" : "s") in \(files.count) file\(files.count == 1 ? "" : "s") under \(path)",
            evidence)
    }
}

extension SensitiveDataCheck {
    /// An exported inventory that summarised this folder is judged like a collected one.
    public func carriesFacts(in context: EvaluationContext) -> Bool {
        context.inventory.trees?.contains { $0.root == path } == true
    }
}
