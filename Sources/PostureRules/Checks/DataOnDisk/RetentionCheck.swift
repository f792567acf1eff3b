import Foundation
import PostureInventory

/// Customer data kept past its retention period: files under a folder, matching globs, last
/// changed more than N days ago.
public struct RetentionCheck: Check {
    public static let description = CheckKindDescription(
        kind: "retention",
        summary: "Counts files under `path` whose names match `include` and that were last modified more than "
            + "`older_than_days` days ago; fails above `at_most`. Evidence: how many, how many bytes, and the oldest "
            + "(at most 20), never a list of every file. One walk of the folder serves every rule that asks about it.",
        parameters: [
            .init("path", "absolute path", required: true, "the folder to walk (symlinks are not followed)"),
            .init(
                "include", "list of globs",
                "file names to count, like \"*.wav\" (a glob with a / matches the path below `path`; default all files)"),
            .init("older_than_days", "whole number", required: true, "the retention period"),
            .init("at_most", "whole number", "how many such files are tolerated (default 0)"),
        ],
        examples: [
            .init(
                "call recordings kept past a year", expected: .fail,
                check: "kind: retention\npath: /home\ninclude: [\"*.wav\"]\nolder_than_days: 365",
                inventory:
                    #"{"trees": [{"root": "/home", "exists": true, "files": 3, "retention": [{"include": ["*.wav"], "older_than_days": 365, "count": 2, "bytes": 9000, "samples": [{"path": "/home/ann/call-2023-01-04.wav", "modified_at": "2023-01-04T10:00:00Z", "size": 5000}]}]}]}"#,
                subjects: ["/home/ann/call-2023-01-04.wav"]),
            .init(
                "nothing past the period", expected: .pass,
                check: "kind: retention\npath: /home\ninclude: [\"*.wav\"]\nolder_than_days: 365",
                inventory:
                    #"{"trees": [{"root": "/home", "exists": true, "files": 3, "retention": [{"include": ["*.wav"], "older_than_days": 365, "count": 0, "bytes": 0, "samples": []}]}]}"#
            ),
            .init(
                "a folder that does not exist is not evidence", expected: .notApplicable,
                check: "kind: retention\npath: /srv/exports\nolder_than_days: 90",
                inventory: #"{"trees": [{"root": "/srv/exports", "exists": false, "files": 0}]}"#),
        ]
    )

    public let path: String
    public let include: [String]
    public let olderThanDays: Int
    public let atMost: Int

    public var facts: [FactPath] { [FactPath(.trees)] }

    /// One walk per folder: every retention question and content scan on it are merged.
    public func contribute(to request: inout FactRequest) {
        request.needs(facts)
        request.trees[path, default: TreeRequest()].retention.insert(.init(include: include, olderThanDays: olderThanDays))
    }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        let path = treePath(reader, diagnostics: &diagnostics)
        include = includeGlobs(reader, diagnostics: &diagnostics)
        let days = reader.integer("older_than_days", in: 0...36_500, diagnostics: &diagnostics)
        atMost = reader.integer("at_most", in: 0...100_000_000, diagnostics: &diagnostics) ?? 0
        guard let path, let days else { return nil }
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
        let expected =
            atMost == 0 ? "no \(what) older than \(olderThanDays) days" : "at most \(atMost) \(what) older than \(olderThanDays) days"
        var notes = ""
        if let skipped = tree.skipped, !skipped.isEmpty {
            notes = "; \(skipped.count) entr\(skipped.count == 1 ? "y" : "ies") could not be read"
        }
        guard fact.count > atMost else {
            let seen = tree.files == 0 ? "the folder exists and holds no files\(notes)" : "\(fact.count) of \(tree.files) files\(notes)"
            return .pass([Evidence(subject: path, fact: "trees", seen: seen, expected: expected)])
        }
        var evidence = [
            Evidence(
                subject: path, fact: "trees",
                seen: "\(fact.count) \(what) (\(sizeText(fact.bytes))) older than \(olderThanDays) days\(notes)",
                expected: expected)
        ]
        evidence += fact.samples.map { sample in
            Evidence(
                subject: sample.path, location: sample.path,
                seen: "last modified \(sample.modifiedAt.prefix(10)), \(sizeText(sample.size))",
                expected: "deleted after \(olderThanDays) days")
        }
        var outcome = CheckOutcome.fail(
            "\(fact.count) \(what) under \(path) are older than \(olderThanDays) days "
                + "(\(sizeText(fact.bytes)); the oldest from \(fact.samples.first.map { String($0.modifiedAt.prefix(10)) } ?? "?"))",
            evidence)
        outcome.evidenceTotal = fact.count + 1
        return outcome
    }
}

extension RetentionCheck {
    /// An exported inventory that summarised this folder is judged like a collected one.
    public func carriesFacts(in context: EvaluationContext) -> Bool {
        context.inventory.trees?.contains { $0.root == path } == true
    }
}
