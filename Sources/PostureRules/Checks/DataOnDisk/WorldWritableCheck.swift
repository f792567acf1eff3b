import Foundation
import PostureInventory

/// Files and folders anyone on the host may change.
public struct WorldWritableCheck: Check {
    public static let description = CheckKindDescription(
        kind: "world-writable",
        summary: "Walks `path` on its filesystem (like find -xdev) for regular files, and with `include_directories` "
            + "folders without the sticky bit, that every user may write to; fails above `at_most`. Evidence: the counts and "
            + "the first 20 paths.",
        parameters: [
            .init("path", "absolute path", required: true, "the folder to walk"),
            .init("include_directories", "true | false", "count world-writable folders too (default true)"),
            .init("at_most", "whole number", "how many are tolerated (default 0)"),
        ],
        examples: [
            .init(
                "a world-writable script in /etc", expected: .fail, check: "kind: world-writable\npath: /etc",
                inventory:
                    #"{"trees": [{"root": "/etc", "exists": true, "files": 900, "world_writable": {"files": 1, "directories": 0, "samples": ["/etc/cron.daily/backup"]}}]}"#,
                subjects: ["/etc/cron.daily/backup"]),
            .init(
                "nothing writable by all", expected: .pass, check: "kind: world-writable\npath: /etc",
                inventory:
                    #"{"trees": [{"root": "/etc", "exists": true, "files": 900, "world_writable": {"files": 0, "directories": 0, "samples": []}}]}"#
            ),
        ]
    )

    public let path: String
    public let includeDirectories: Bool
    public let atMost: Int

    public var facts: [FactPath] { [FactPath(.trees)] }

    public func contribute(to request: inout FactRequest) {
        request.needs(facts)
        request.trees[path, default: TreeRequest()].worldWritable = true
    }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        let path = treePath(reader, diagnostics: &diagnostics)
        includeDirectories = reader.bool("include_directories", diagnostics: &diagnostics) ?? true
        atMost = reader.integer("at_most", in: 0...100_000_000, diagnostics: &diagnostics) ?? 0
        guard let path else { return nil }
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
        let seen =
            "\(fact.files) file\(fact.files == 1 ? "" : "s")"
            + (includeDirectories ? " and \(fact.directories) folder\(fact.directories == 1 ? "" : "s")" : "")
            + " writable by everyone, of \(tree.files) files"
        let expected = atMost == 0 ? "nothing writable by everyone" : "at most \(atMost)"
        guard count > atMost else { return .pass([Evidence(subject: path, fact: "trees", seen: seen, expected: expected)]) }
        var evidence = [Evidence(subject: path, fact: "trees", seen: seen, expected: expected)]
        evidence += fact.samples.map { Evidence(subject: $0, location: $0, seen: "writable by everyone", expected: "o-w") }
        var outcome = CheckOutcome.fail("\(count) world-writable entr\(count == 1 ? "y" : "ies") under \(path)", evidence)
        outcome.evidenceTotal = count + 1
        return outcome
    }
}

extension WorldWritableCheck {
    /// An exported inventory that summarised this folder is judged like a collected one.
    public func carriesFacts(in context: EvaluationContext) -> Bool {
        context.inventory.trees?.contains { $0.root == path } == true
    }
}
