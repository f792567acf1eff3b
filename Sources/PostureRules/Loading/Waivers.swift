import Foundation
import PostureInventory

/// An accepted exception: a rule that may fail on some hosts, for a reason, with an owner, until a
/// date. Waived results leave the score but stay in every report; an expired waiver stops
/// applying and is itself reported.
public struct Waiver: Sendable {
    public var rule: String
    /// Hostname patterns (shell globs); empty means every host.
    public var hosts: [String]
    public var reason: String
    public var owner: String
    /// The last day the waiver applies (through 23:59:59 UTC).
    public var expires: Date
    public var position: SourcePosition

    func covers(hostname: String?) -> Bool {
        if hosts.isEmpty { return true }
        guard let hostname else { return false }
        // Hostnames compare without case, as DNS does.
        return hosts.contains { fnmatch($0.lowercased(), hostname.lowercased(), 0) == 0 }
    }

    public func info(now: Date) -> WaiverInfo {
        WaiverInfo(
            rule: rule, hosts: hosts, reason: reason, owner: owner, expires: String(ISODate.format(expires).prefix(10)),
            expired: now >= expires.addingTimeInterval(86_400), source: position.description)
    }
}

public enum WaiverLoader {
    static let keys = ["rule", "hosts", "reason", "owner", "expires"]

    /// Reads a waiver file, reporting every problem with its position. `ruleIDs` are the rules
    /// in force, so a waiver for a rule that does not exist is caught.
    public static func load(path: String, ruleIDs: [String]) -> ([Waiver], Diagnostics) {
        var diagnostics = Diagnostics()
        let items = YAMLListFile.items(path: path, key: "waivers", what: "a waiver file", diagnostics: &diagnostics)
        return (parse(items, ruleIDs: ruleIDs, diagnostics: &diagnostics), diagnostics)
    }

    /// The same for a document already read.
    public static func load(source: YAMLSource, ruleIDs: [String]) -> ([Waiver], Diagnostics) {
        var diagnostics = Diagnostics()
        let items = YAMLListFile.items(source: source, key: "waivers", what: "a waiver file", diagnostics: &diagnostics)
        return (parse(items, ruleIDs: ruleIDs, diagnostics: &diagnostics), diagnostics)
    }

    static func parse(_ items: [YAMLNode], ruleIDs: [String], diagnostics: inout Diagnostics) -> [Waiver] {
        var waivers: [Waiver] = []
        for node in items {
            guard let reader = MappingReader(node, what: "waiver", diagnostics: &diagnostics) else { continue }
            let before = diagnostics.items.count
            reader.rejectUnknownKeys(allowed: keys, diagnostics: &diagnostics)
            let rule = reader.text("rule", required: true, diagnostics: &diagnostics)
            if let rule, !ruleIDs.contains(rule) {
                diagnostics.error(reader.value("rule")!.position, "no rule '\(rule)' is in force\(didYouMean(rule, ruleIDs))")
            }
            let hosts = reader.textList("hosts", diagnostics: &diagnostics) ?? []
            let reason = reader.text("reason", required: true, diagnostics: &diagnostics)
            let owner = reader.text("owner", required: true, diagnostics: &diagnostics)
            var expires: Date?
            if let text = reader.text("expires", required: true, diagnostics: &diagnostics) {
                expires = CalendarDate.parse(text)
                if expires == nil { diagnostics.error(reader.value("expires")?.position ?? node.position, CalendarDate.problem(text)) }
            }
            guard diagnostics.items.count == before, let rule, let reason, let owner, let expires else { continue }
            waivers.append(Waiver(rule: rule, hosts: hosts, reason: reason, owner: owner, expires: expires, position: node.position))
        }
        return waivers
    }
}

/// A YAML file whose top level is one key holding a list (waivers, attestations): the list's
/// items, with every problem reading it reported.
enum YAMLListFile {
    static func items(path: String, key: String, what: String, diagnostics: inout Diagnostics) -> [YAMLNode] {
        switch RuleLoader.readText(path) {
        case .failure(let problem):
            diagnostics.append(problem)
            return []
        case .success(let text):
            return items(source: YAMLSource(file: path, text: text), key: key, what: what, diagnostics: &diagnostics)
        }
    }

    static func items(source: YAMLSource, key: String, what: String, diagnostics: inout Diagnostics) -> [YAMLNode] {
        guard let root = source.compose(into: &diagnostics),
            let top = MappingReader.top(root, key: key, what: what, diagnostics: &diagnostics)
        else { return [] }
        top.rejectUnknownKeys(allowed: [key], diagnostics: &diagnostics)
        guard let list = top.requireKey(key, diagnostics: &diagnostics) else { return [] }
        guard let items = list.items else {
            diagnostics.error(list.position, "expected '\(key)' as a list, found \(list.kindName)")
            return []
        }
        return items
    }
}
