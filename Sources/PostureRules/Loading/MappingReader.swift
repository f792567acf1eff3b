import PostureInventory

/// Typed access to a YAML mapping's keys, recording a positioned diagnostic for every problem:
/// a wrong type, a missing required key, a duplicate or an unknown key (with a did-you-mean).
/// Public only as a type (check kinds receive one); its members are the module's own.
public struct MappingReader {
    let node: YAMLNode
    /// What the mapping is, for messages ("rule", "check of kind 'fact'").
    var what: String
    private(set) var entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []

    /// nil (after a diagnostic) when the node is not a mapping.
    init?(_ node: YAMLNode, what: String, diagnostics: inout Diagnostics) {
        self.node = node
        self.what = what
        guard node.visit(&diagnostics) else { return nil }
        guard let pairs = node.pairs else {
            diagnostics.error(node.position, "expected \(what) as a mapping, found \(node.kindName)")
            return nil
        }
        var seen: Set<String> = []
        for (key, value) in pairs {
            guard key.visit(&diagnostics) else { return nil }
            guard let name = key.scalarText else {
                diagnostics.error(key.position, "expected a plain key in \(what), found \(key.kindName)")
                continue
            }
            if !seen.insert(name).inserted {
                diagnostics.error(key.position, "duplicate key \(Self.quoted(name)) in \(what)")
                continue
            }
            entries.append((name, key, value))
        }
    }

    var keys: [String] { entries.map(\.key) }

    /// The top of a file that must be a mapping holding `key` (`rules`, `waivers`, …). Anything
    /// else is "not a YAML rule file", said without quoting a byte of it: the path may lead to
    /// any file on the machine (a link to /etc/shadow must not print its hashes).
    static func top(_ root: YAMLNode, key: String, what: String, diagnostics: inout Diagnostics) -> MappingReader? {
        let noun = what.hasPrefix("an ") ? what.dropFirst(3) : what.hasPrefix("a ") ? what.dropFirst(2) : Substring(what)
        guard root.pairs != nil else {
            diagnostics.error(root.position, "not a YAML \(noun): expected a mapping with '\(key)' at the top, found \(root.kindName)")
            return nil
        }
        var quiet = Diagnostics()
        guard let reader = MappingReader(root, what: what, diagnostics: &quiet) else {
            for item in quiet.items { diagnostics.error(item.position, item.message) }
            return nil
        }
        guard reader.has(key) else {
            diagnostics.error(
                root.position, "not a YAML \(noun): no '\(key)' key at the top (\(reader.entries.count) other keys; contents not shown)")
            return nil
        }
        for item in quiet.items { diagnostics.error(item.position, item.message) }
        return reader
    }

    /// Text from an input file as a message may quote it: at most 60 characters, control
    /// characters escaped, card numbers masked.
    static func quoted(_ text: String) -> String {
        let cut = text.count > 60
        return "'" + HostText.printable(String(text.prefix(60))) + (cut ? "…'" : "'")
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    func value(_ key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }

    func keyNode(_ key: String) -> YAMLNode? { entries.first { $0.key == key }?.keyNode }

    /// Reports keys not in `allowed`.
    func rejectUnknownKeys(allowed: [String], diagnostics: inout Diagnostics) {
        for entry in entries where !allowed.contains(entry.key) {
            diagnostics.error(
                entry.keyNode.position,
                "unknown key \(Self.quoted(entry.key)) in \(what)\(didYouMean(entry.key, allowed))")
        }
    }

    func requireKey(_ key: String, diagnostics: inout Diagnostics) -> YAMLNode? {
        guard let value = value(key) else {
            diagnostics.error(node.position, "\(what) is missing required key '\(key)'")
            return nil
        }
        return value
    }

    /// Text as written. Plain `yes`/`no`/`on` stay text; null and containers are errors.
    func text(_ key: String, required: Bool = false, diagnostics: inout Diagnostics) -> String? {
        guard let value = required ? requireKey(key, diagnostics: &diagnostics) : value(key) else { return nil }
        return Self.text(value, what: "'\(key)'", diagnostics: &diagnostics)
    }

    static func text(_ value: YAMLNode, what: String, diagnostics: inout Diagnostics) -> String? {
        guard value.visit(&diagnostics) else { return nil }
        guard let text = value.scalarText else {
            diagnostics.error(value.position, "expected text for \(what), found \(value.kindName)")
            return nil
        }
        if value.isNull {
            diagnostics.error(value.position, "expected text for \(what), found an empty value")
            return nil
        }
        return text
    }

    /// Only `true` or `false`: YAML 1.1's yes/no/on/off are refused, not guessed.
    func bool(_ key: String, diagnostics: inout Diagnostics) -> Bool? {
        guard let value = value(key) else { return nil }
        return Self.bool(value, what: "'\(key)'", diagnostics: &diagnostics)
    }

    static func bool(_ value: YAMLNode, what: String, diagnostics: inout Diagnostics) -> Bool? {
        guard value.visit(&diagnostics) else { return nil }
        switch value.isQuoted ? nil : value.scalarText {
        case "true": return true
        case "false": return false
        default:
            let found = value.scalarText.map(Self.quoted) ?? value.kindName
            diagnostics.error(value.position, "expected true or false for \(what), found \(found)")
            return nil
        }
    }

    /// A decimal integer, optionally bounded.
    func integer(_ key: String, in range: ClosedRange<Int>? = nil, diagnostics: inout Diagnostics) -> Int? {
        guard let value = value(key) else { return nil }
        return Self.integer(value, what: "'\(key)'", in: range, diagnostics: &diagnostics)
    }

    static func integer(
        _ value: YAMLNode, what: String, in range: ClosedRange<Int>? = nil,
        diagnostics: inout Diagnostics
    ) -> Int? {
        guard value.visit(&diagnostics) else { return nil }
        guard let text = value.scalarText, !value.isQuoted, let number = Int(text) else {
            let found = value.scalarText.map(Self.quoted) ?? value.kindName
            diagnostics.error(value.position, "expected a whole number for \(what), found \(found)")
            return nil
        }
        if let range, !range.contains(number) {
            diagnostics.error(value.position, "\(what) must be from \(range.lowerBound) to \(range.upperBound), found \(number)")
            return nil
        }
        return number
    }

    /// A number (integer or decimal).
    static func number(_ value: YAMLNode, what: String, diagnostics: inout Diagnostics) -> Double? {
        guard value.visit(&diagnostics) else { return nil }
        guard let text = value.scalarText, !value.isQuoted, let number = Double(text), number.isFinite else {
            let found = value.scalarText.map(Self.quoted) ?? value.kindName
            diagnostics.error(value.position, "expected a number for \(what), found \(found)")
            return nil
        }
        return number
    }

    /// A list of text; a single scalar is accepted as a list of one.
    func textList(_ key: String, diagnostics: inout Diagnostics) -> [String]? {
        guard let value = value(key) else { return nil }
        return Self.textList(value, what: "'\(key)'", diagnostics: &diagnostics)
    }

    static func textList(_ value: YAMLNode, what: String, diagnostics: inout Diagnostics) -> [String]? {
        if value.scalarText != nil {
            return text(value, what: what, diagnostics: &diagnostics).map { [$0] }
        }
        guard value.visit(&diagnostics) else { return nil }
        guard let items = value.items else {
            diagnostics.error(value.position, "expected a list of text for \(what), found \(value.kindName)")
            return nil
        }
        var result: [String] = []
        for item in items {
            guard let text = text(item, what: "an item of \(what)", diagnostics: &diagnostics) else { continue }
            result.append(text)
        }
        return result
    }

    /// One of a fixed set of words.
    func choice<T: RawRepresentable & CaseIterable>(
        _ key: String, as type: T.Type, required: Bool = false,
        diagnostics: inout Diagnostics
    ) -> T? where T.RawValue == String {
        guard let text = text(key, required: required, diagnostics: &diagnostics) else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue)
        diagnostics.error(
            value(key)!.position,
            "'\(text)' is not a valid \(key); expected one of: " + allowed.joined(separator: ", ") + didYouMean(text, allowed))
        return nil
    }
}
