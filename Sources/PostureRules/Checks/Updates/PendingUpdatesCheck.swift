import Foundation
import PostureInventory

/// Pending (security) updates against a bound, each with installed and candidate versions, judged
/// only while the package lists are fresh enough to know what is pending.
public struct PendingUpdatesCheck: Check {
    public static let description = CheckKindDescription(
        kind: "pending-updates",
        summary: "Counts updates waiting to be installed (only security ones with `security_only`) and fails above "
            + "`at_most`; every pending update is evidence, with installed and candidate versions. Package lists older "
            + "than `max_list_age_days` fail too: what is pending since then cannot be known.",
        parameters: [
            .init("security_only", "true | false", "count only updates from a security origin (default true)"),
            .init("at_most", "whole number", "the most pending updates allowed (default 0)"),
            .init("max_list_age_days", "whole number", "the oldest the package lists may be (default: not checked)"),
        ],
        examples: [
            .init(
                "one security update pending", expected: .fail,
                check: "kind: pending-updates\nsecurity_only: true",
                inventory:
                    #"{"updates": {"lists_updated_at": "2026-11-29", "pending": [{"name": "libssl3", "installed": "3.0.14-1~deb12u2", "candidate": "3.0.15-1~deb12u1", "security": true}]}}"#,
                subjects: ["libssl3"]),
            .init(
                "only a non-security update pending", expected: .pass,
                check: "kind: pending-updates\nsecurity_only: true\nmax_list_age_days: 7",
                inventory:
                    #"{"updates": {"lists_updated_at": "2026-11-29", "pending": [{"name": "tzdata", "installed": "2024a", "candidate": "2024b", "security": false}]}}"#
            ),
            .init(
                "nothing pending, but no security suite in the sources: no fix can arrive", expected: .fail,
                check: "kind: pending-updates\nsecurity_only: true",
                inventory:
                    #"{"updates": {"lists_updated_at": "2026-11-29", "pending": [], "source_files": ["/etc/apt/sources.list"], "sources": [{"type": "deb", "uri": "http://deb.debian.org/debian", "suite": "bookworm", "components": ["main"], "security": false, "location": "/etc/apt/sources.list:1"}]}}"#,
                subjects: ["package sources"]),
            .init(
                "nothing pending, but the lists are a month old", expected: .fail,
                check: "kind: pending-updates\nmax_list_age_days: 7",
                inventory: #"{"updates": {"lists_updated_at": "2026-10-30", "pending": []}}"#,
                subjects: ["package lists"]),
        ]
    )

    public let securityOnly: Bool
    public let atMost: Int
    public let maxListAgeDays: Int?

    public var facts: [FactPath] { [FactPath(.updates)] }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        securityOnly = reader.bool("security_only", diagnostics: &diagnostics) ?? true
        atMost = reader.integer("at_most", in: 0...100_000, diagnostics: &diagnostics) ?? 0
        maxListAgeDays = reader.integer("max_list_age_days", in: 0...3650, diagnostics: &diagnostics)
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let updates = context.inventory.updates else { return .unknown("the 'updates' facts were not collected") }
        if securityOnly, let outcome = noSecuritySource(updates, in: context) { return outcome }
        // Pending updates that could not be computed (no lists, a security suite never fetched).
        if let reason = context.collectionError(for: FactPath(components: ["updates", "pending"])) { return .error(reason) }
        let kind = securityOnly ? "security update" : "update"
        let pending = updates.pending.filter { !securityOnly || $0.security }
        var evidence = pending.enumerated().map { index, update in
            Evidence(
                subject: update.name, fact: "updates.pending",
                seen: "installed \(update.installed), candidate \(update.candidate)" + (update.origin.map { " from \($0)" } ?? ""),
                expected: "at most \(atMost) pending \(kind)s")
        }
        var problems: [String] = []
        if pending.count > atMost {
            problems.append("\(pending.count) pending \(kind)\(pending.count == 1 ? "" : "s") (\(CollectionCheck.list(evidence)))")
        }
        if let maxListAgeDays {
            guard let text = updates.listsUpdatedAt, let date = ISODate.parse(text) else {
                return .unknown("the age of the package lists is not known")
            }
            let age = ElapsedDays.since(date, now: context.now)
            if age > maxListAgeDays {
                problems.append("package lists are \(age) days old, so updates published since are not seen")
                evidence.insert(
                    Evidence(
                        subject: "package lists", fact: "updates.lists_updated_at", seen: "refreshed \(text)",
                        expected: "refreshed within \(maxListAgeDays) days"), at: 0)
            }
        }
        if !problems.isEmpty {
            return CheckOutcome.fail(problems.joined(separator: "; "), evidence)
        }
        return .pass([
            Evidence(
                fact: "updates.pending",
                seen: "\(pending.count) pending \(kind)s" + (updates.listsUpdatedAt.map { ", lists refreshed \($0)" } ?? ""),
                expected: "at most \(atMost)")
        ])
    }
}

extension PendingUpdatesCheck {
    /// A host whose package sources have no security suite cannot receive security fixes, so
    /// "0 pending" would be a pass over nothing: that fails, naming the files read.
    func noSecuritySource(_ updates: Updates, in context: EvaluationContext) -> CheckOutcome? {
        if let reason = context.collectionError(for: FactPath(components: ["updates", "sources"])) {
            return .error("the package sources could not be read: \(reason)")
        }
        guard let sources = updates.sources, !sources.contains(where: { $0.type == "deb" && $0.security }) else { return nil }
        let files = updates.sourceFiles ?? []
        let looked = files.isEmpty ? "no sources file exists" : files.joined(separator: ", ")
        var evidence = [
            Evidence(
                subject: "package sources", fact: "updates.sources",
                seen: "\(sources.filter { $0.type == "deb" }.count) binary source entr\(sources.count == 1 ? "y" : "ies"), "
                    + "none a security suite (read: \(looked))",
                expected: "a security suite such as DIST-security")
        ]
        evidence += sources.filter { $0.type == "deb" }.prefix(20).map { source in
            Evidence(
                subject: "\(source.uri) \(source.suite)", location: source.location,
                seen: "\(source.type) \(source.uri) \(source.suite) \(source.components.joined(separator: " "))",
                expected: "a security suite among the sources")
        }
        return .fail("no security suite in the package sources (\(looked)): the host cannot receive security fixes", evidence)
    }
}
