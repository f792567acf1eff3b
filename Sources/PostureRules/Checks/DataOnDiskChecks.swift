import Foundation
import PostureInventory

/// Reads the `include` globs parameter shared by the tree kinds.
private func includeGlobs(_ reader: MappingReader, diagnostics: inout Diagnostics) -> [String] {
    let globs = reader.textList("include", diagnostics: &diagnostics) ?? ["*"]
    return globs.isEmpty ? ["*"] : globs
}

private func treePath(_ reader: MappingReader, diagnostics: inout Diagnostics) -> String? {
    guard let path = reader.text("path", required: true, diagnostics: &diagnostics) else { return nil }
    guard path.hasPrefix("/") else {
        diagnostics.error(reader.value("path")!.position, "path '\(path)' must be absolute")
        return nil
    }
    return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
}

/// The walk of `path`, or the outcome when there is none to judge: not collected (unknown), not
/// walkable (error), or no such folder (not applicable: an absent folder is not evidence that
/// nothing is stored, only that this place holds nothing; an empty folder that exists is).
private enum WalkedTree {
    case walked(TreeFact)
    case settled(CheckOutcome)
}

private func walkedTree(_ path: String, in context: EvaluationContext, absent: String) -> WalkedTree {
    guard let trees = context.inventory.trees else { return .settled(.unknown("the 'trees' facts were not collected")) }
    guard let tree = trees.first(where: { $0.root == path }) else { return .settled(.unknown("\(path) was not walked")) }
    if let error = tree.error { return .settled(.error("\(path): \(error)")) }
    if tree.exists == false {
        return .settled(CheckOutcome(.notApplicable, reason: "\(path) does not exist, so nothing was looked at (expected: \(absent))",
                                     evidence: [Evidence(subject: path, fact: "trees", seen: "the folder does not exist", expected: absent)]))
    }
    return .walked(tree)
}

private func sizeText(_ bytes: Int) -> String {
    ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
}

/// Customer data kept past its retention period: files under a folder, matching globs, last
/// changed more than N days ago.
public struct RetentionCheck: Check {
    public static let description = CheckKindDescription(
        kind: "retention",
        summary: "Counts files under `path` whose names match `include` and that were last modified more than " +
            "`older_than_days` days ago; fails above `at_most`. Evidence: how many, how many bytes, and the oldest " +
            "(at most 20), never a list of every file. One walk of the folder serves every rule that asks about it.",
        parameters: [
            .init("path", "absolute path", required: true, "the folder to walk (symlinks are not followed)"),
            .init("include", "list of globs", "file names to count, like \"*.wav\" (a glob with a / matches the path below `path`; default all files)"),
            .init("older_than_days", "whole number", required: true, "the retention period"),
            .init("at_most", "whole number", "how many such files are tolerated (default 0)"),
        ],
        examples: [
            .init("call recordings kept past a year", expected: .fail,
                  check: "kind: retention\npath: /home\ninclude: [\"*.wav\"]\nolder_than_days: 365",
                  inventory: #"{"trees": [{"root": "/home", "exists": true, "files": 3, "retention": [{"include": ["*.wav"], "older_than_days": 365, "count": 2, "bytes": 9000, "samples": [{"path": "/home/ann/call-2023-01-04.wav", "modified_at": "2023-01-04T10:00:00Z", "size": 5000}]}]}]}"#),
            .init("nothing past the period", expected: .pass,
                  check: "kind: retention\npath: /home\ninclude: [\"*.wav\"]\nolder_than_days: 365",
                  inventory: #"{"trees": [{"root": "/home", "exists": true, "files": 3, "retention": [{"include": ["*.wav"], "older_than_days": 365, "count": 0, "bytes": 0, "samples": []}]}]}"#),
            .init("a folder that does not exist is not evidence", expected: .notApplicable,
                  check: "kind: retention\npath: /srv/exports\nolder_than_days: 90",
                  inventory: #"{"trees": [{"root": "/srv/exports", "exists": false, "files": 0}]}"#),
        ]
    )

    public let path: String
    public let include: [String]
    public let olderThanDays: Int
    public let atMost: Int

    public var facts: [FactPath] { [FactPath(components: ["trees"])] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        let path = treePath(reader, diagnostics: &diagnostics)
        include = includeGlobs(reader, diagnostics: &diagnostics)
        let days = reader.integer("older_than_days", in: 0...36_500, diagnostics: &diagnostics)
        if days == nil, !reader.has("older_than_days") {
            diagnostics.error(reader.node.position, "check of kind 'retention' is missing required key 'older_than_days'")
        }
        atMost = reader.integer("at_most", in: 0...100_000_000, diagnostics: &diagnostics) ?? 0
        guard diagnostics.items.count == before, let path, let days else { return nil }
        self.path = path
        olderThanDays = days
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        let tree: TreeFact
        switch walkedTree(path, in: context, absent: "no file older than \(olderThanDays) days") {
        case .walked(let walked): tree = walked
        case .settled(let outcome): return outcome
        }
        guard let fact = tree.retention?.first(where: { $0.include == include && $0.olderThanDays == olderThanDays }) else {
            return .unknown("\(path) was walked without this retention question")
        }
        let what = include == ["*"] ? "files" : "files matching " + include.joined(separator: ", ")
        let expected = atMost == 0 ? "no \(what) older than \(olderThanDays) days" : "at most \(atMost) \(what) older than \(olderThanDays) days"
        var notes = ""
        if let skipped = tree.skipped, !skipped.isEmpty { notes = "; \(skipped.count) entr\(skipped.count == 1 ? "y" : "ies") could not be read" }
        guard fact.count > atMost else {
            let seen = tree.files == 0 ? "the folder exists and holds no files\(notes)" : "\(fact.count) of \(tree.files) files\(notes)"
            return .pass([Evidence(subject: path, fact: "trees", seen: seen, expected: expected)])
        }
        var evidence = [Evidence(subject: path, fact: "trees",
                                 seen: "\(fact.count) \(what) (\(sizeText(fact.bytes))) older than \(olderThanDays) days\(notes)",
                                 expected: expected)]
        evidence += fact.samples.map { sample in
            Evidence(subject: sample.path, location: sample.path, seen: "last modified \(sample.modifiedAt.prefix(10)), \(sizeText(sample.size))",
                     expected: "deleted after \(olderThanDays) days")
        }
        var outcome = CheckOutcome.fail("\(fact.count) \(what) under \(path) are older than \(olderThanDays) days " +
                                        "(\(sizeText(fact.bytes)); the oldest from \(fact.samples.first.map { String($0.modifiedAt.prefix(10)) } ?? "?"))",
                                        evidence)
        outcome.evidenceTotal = fact.count + 1
        return outcome
    }
}

/// Card numbers and SSNs stored in files under a folder.
public struct SensitiveDataCheck: Check {
    public static let description = CheckKindDescription(
        kind: "sensitive-data",
        summary: "Reads the text files under `path` (matching `include`) for card numbers (brand prefix and length, Luhn, " +
            "plain or grouped by spaces or dashes) and US SSNs (never-issued ranges excluded); fails above `at_most` " +
            "files with a match. Evidence shows each file and line with the number masked (a card as its first six and " +
            "last four digits, an SSN as its last four). Binary files and files over `max_file_mb` are not read, and " +
            "the evidence says so.",
        parameters: [
            .init("path", "absolute path", required: true, "the folder to read"),
            .init("kinds", "list of card, ssn", "what to look for (default both)"),
            .init("include", "list of globs", "file names to read (default all files)"),
            .init("max_file_mb", "whole number", "larger files are not read, and are reported (default 1024)"),
            .init("at_most", "whole number", "how many files with matches are tolerated (default 0)"),
        ],
        examples: [
            .init("a card number pasted into notes", expected: .fail,
                  check: "kind: sensitive-data\npath: /home",
                  inventory: #"{"trees": [{"root": "/home", "exists": true, "files": 2, "content": {"include": ["*"], "kinds": ["card", "ssn"], "max_file_bytes": 1073741824, "scanned_files": 2, "scanned_bytes": 900, "skipped_binary": 0, "skipped_large": 0, "skipped_unreadable": 0, "skipped_samples": []}}], "sensitive": [{"kind": "card", "path": "/home/ann/notes.txt", "line": 12, "count": 1, "sample": "411111******1111"}]}"#),
            .init("files are there, but none was read (all unreadable): no pass over nothing", expected: .unknown,
                  check: "kind: sensitive-data\npath: /home",
                  inventory: #"{"trees": [{"root": "/home", "exists": true, "files": 2, "content": {"include": ["*"], "kinds": ["card", "ssn"], "max_file_bytes": 1073741824, "scanned_files": 0, "scanned_bytes": 0, "skipped_binary": 0, "skipped_large": 0, "skipped_unreadable": 2, "skipped_samples": []}}], "sensitive": []}"#),
            .init("nothing found in what was read", expected: .pass,
                  check: "kind: sensitive-data\npath: /home\nkinds: [card]",
                  inventory: #"{"trees": [{"root": "/home", "exists": true, "files": 2, "content": {"include": ["*"], "kinds": ["card"], "max_file_bytes": 1073741824, "scanned_files": 2, "scanned_bytes": 900, "skipped_binary": 1, "skipped_large": 0, "skipped_unreadable": 0, "skipped_samples": []}}], "sensitive": []}"#),
        ]
    )

    public let path: String
    public let kinds: [String]
    public let include: [String]
    public let maxFileBytes: Int
    public let atMost: Int

    public var facts: [FactPath] { [FactPath(components: ["trees"]), FactPath(components: ["sensitive"])] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        let path = treePath(reader, diagnostics: &diagnostics)
        let kinds = reader.textList("kinds", diagnostics: &diagnostics) ?? ["card", "ssn"]
        for kind in kinds where !["card", "ssn"].contains(kind) {
            diagnostics.error(reader.value("kinds")!.position, "unknown kind '\(kind)'; expected card or ssn")
        }
        include = includeGlobs(reader, diagnostics: &diagnostics)
        maxFileBytes = (reader.integer("max_file_mb", in: 1...1_048_576, diagnostics: &diagnostics) ?? 1024) * 1024 * 1024
        atMost = reader.integer("at_most", in: 0...1_000_000, diagnostics: &diagnostics) ?? 0
        guard diagnostics.items.count == before, let path else { return nil }
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
        if content.skippedLarge > 0 { limits.append("\(content.skippedLarge) file\(content.skippedLarge == 1 ? "" : "s") over \(sizeText(content.maxFileBytes))") }
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
            let seen = tree.files == 0 ? "the folder exists and holds no files"
                : matching == 0 ? "no file of the \(tree.files) under it matches \(include.joined(separator: ", "))" : read
            return .pass([Evidence(subject: path, fact: "trees", seen: seen, expected: "no \(kinds.joined(separator: " or ")) numbers")])
        }
        let names = ["card": "card number", "ssn": "SSN"]
        var evidence = found.map { match in
            Evidence(subject: match.path, location: match.line.map { "\(match.path):\($0)" } ?? match.path,
                     seen: "\(match.count) \(names[match.kind] ?? match.kind)\(match.count == 1 ? "" : "s"), e.g. \(match.sample ?? "(masked)")",
                     expected: "none stored; mask, tokenise or delete them")
        }
        evidence.append(Evidence(subject: path, fact: "trees", seen: read, expected: "every text file read"))
        let total = found.reduce(0) { $0 + $1.count }
        let noun = kinds == ["card"] ? "card number" : kinds == ["ssn"] ? "SSN" : "card number or SSN"
        return CheckOutcome.fail("\(total) unmasked \(noun)\(total == 1 ? "" : "s") in \(files.count) file\(files.count == 1 ? "" : "s") under \(path)",
                                 evidence).capped()
    }
}

/// Files and folders anyone on the host may change.
public struct WorldWritableCheck: Check {
    public static let description = CheckKindDescription(
        kind: "world-writable",
        summary: "Walks `path` on its filesystem (like find -xdev) for regular files, and with `include_directories` " +
            "folders without the sticky bit, that every user may write to; fails above `at_most`. Evidence: the counts and " +
            "the first 20 paths.",
        parameters: [
            .init("path", "absolute path", required: true, "the folder to walk"),
            .init("include_directories", "true | false", "count world-writable folders too (default true)"),
            .init("at_most", "whole number", "how many are tolerated (default 0)"),
        ],
        examples: [
            .init("a world-writable script in /etc", expected: .fail, check: "kind: world-writable\npath: /etc",
                  inventory: #"{"trees": [{"root": "/etc", "exists": true, "files": 900, "world_writable": {"files": 1, "directories": 0, "samples": ["/etc/cron.daily/backup"]}}]}"#),
            .init("nothing writable by all", expected: .pass, check: "kind: world-writable\npath: /etc",
                  inventory: #"{"trees": [{"root": "/etc", "exists": true, "files": 900, "world_writable": {"files": 0, "directories": 0, "samples": []}}]}"#),
        ]
    )

    public let path: String
    public let includeDirectories: Bool
    public let atMost: Int

    public var facts: [FactPath] { [FactPath(components: ["trees"])] }

    public init?(parameters: MappingReaderBox, diagnostics: inout Diagnostics) {
        let reader = parameters.reader
        let before = diagnostics.items.count
        let path = treePath(reader, diagnostics: &diagnostics)
        includeDirectories = reader.bool("include_directories", diagnostics: &diagnostics) ?? true
        atMost = reader.integer("at_most", in: 0...100_000_000, diagnostics: &diagnostics) ?? 0
        guard diagnostics.items.count == before, let path else { return nil }
        self.path = path
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        let tree: TreeFact
        switch walkedTree(path, in: context, absent: "nothing world-writable") {
        case .walked(let walked): tree = walked
        case .settled(let outcome): return outcome
        }
        guard let fact = tree.worldWritable else { return .unknown("\(path) was walked without looking at permissions") }
        let count = fact.files + (includeDirectories ? fact.directories : 0)
        let seen = "\(fact.files) file\(fact.files == 1 ? "" : "s")" + (includeDirectories ? " and \(fact.directories) folder\(fact.directories == 1 ? "" : "s")" : "") +
            " writable by everyone, of \(tree.files) files"
        let expected = atMost == 0 ? "nothing writable by everyone" : "at most \(atMost)"
        guard count > atMost else { return .pass([Evidence(subject: path, fact: "trees", seen: seen, expected: expected)]) }
        var evidence = [Evidence(subject: path, fact: "trees", seen: seen, expected: expected)]
        evidence += fact.samples.map { Evidence(subject: $0, location: $0, seen: "writable by everyone", expected: "o-w") }
        var outcome = CheckOutcome.fail("\(count) world-writable entr\(count == 1 ? "y" : "ies") under \(path)", evidence)
        outcome.evidenceTotal = count + 1
        return outcome
    }
}
