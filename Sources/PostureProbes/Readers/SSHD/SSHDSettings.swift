import PostureInventory

/// The values sshd uses, folded from the directives it accepted: the global options (first
/// pass), overridden by `Match all` blocks for the keywords a Match block may set (servconf.c
/// copy_set_server_options), then sshd's built-in defaults; and each Match block's own values.
struct SSHDSettings {
    /// One value as `sshd -T` prints it, and the directive that decided it.
    struct Setting: Equatable {
        var printed: String
        var words: [String]
        var location: String
    }

    let global: [String: Setting]
    let matchAll: [String: Setting]
    let effective: [String: Setting]
    let blocks: [(block: SSHDConfig.MatchBlock, settings: [String: Setting])]

    /// Keys whose value a Match block may set (and so `Match all` overrides).
    static let settableInMatch: Set<String> = Set(SSHDKeyword.all.filter(\.allowedInMatch).compactMap(\.printedAs))

    init(_ config: SSHDConfig) {
        global = Self.fold(config.directives.filter(\.global))
        matchAll = Self.fold(config.directives.filter(\.matchAll))
        var effective: [String: Setting] = [:]
        for (key, value) in SSHDKeyword.defaults { effective[key] = Setting(printed: value, words: [value], location: "") }
        for (key, value) in global { effective[key] = value }
        for (key, value) in matchAll where Self.settableInMatch.contains(key) { effective[key] = value }
        self.effective = effective
        blocks = config.blocks.enumerated().map { index, block in
            (block, Self.fold(config.directives.filter { $0.block == index }))
        }
    }

    /// The global value of a key (first pass, or the default) — what sshd checks at startup.
    func globalValue(_ key: String) -> String? { global[key]?.printed ?? SSHDKeyword.defaults[key] }

    static func fold(_ directives: [SSHDConfig.Directive]) -> [String: Setting] {
        var result: [String: Setting] = [:]
        for directive in directives {
            guard let key = directive.keyword.printedAs else { continue }
            switch (directive.keyword.combine, directive.stored) {
            case (.first, .value(let value)):
                if result[key] == nil { result[key] = Setting(printed: value, words: [value], location: directive.location) }
            case (.append, .words(let words)) where !words.isEmpty:
                var setting = result[key] ?? Setting(printed: "", words: [], location: directive.location)
                setting.words += words
                setting.printed = setting.words.joined(separator: " ")
                result[key] = setting
            case (.firstLine, .words(let words)) where !words.isEmpty:
                if result[key] == nil {
                    result[key] = Setting(printed: words.joined(separator: " "), words: words, location: directive.location)
                }
            default:
                continue
            }
        }
        return result
    }

    /// `settings.sshd`: every reported key → value; `locations` (key → file:line of the deciding
    /// directive, absent for a default); `match_blocks`, `match_conditions`; and `matches`, each Match
    /// block with its criteria, file:line and the values it sets.
    var facts: JSONValue {
        var object = effective.mapValues { JSONValue.string($0.printed) }
        object["locations"] = .object(effective.filter { !$0.value.location.isEmpty }.mapValues { .string($0.location) })
        object["match_blocks"] = .number(Double(blocks.count))
        if !blocks.isEmpty { object["match_conditions"] = .array(blocks.map { .string($0.block.criteria) }) }
        object["matches"] = .array(
            blocks.map { item in
                let (block, settings) = item
                var entry: [String: JSONValue] = [
                    "criteria": .string(block.criteria),
                    "location": .string(block.location),
                    "settings": .object(settings.mapValues { .string($0.printed) }),
                    "locations": .object(settings.mapValues { .string($0.location) }),
                ]
                if let outer = block.outer, outer < blocks.count {
                    entry["inside"] = .string("Match \(blocks[outer].block.criteria) at \(blocks[outer].block.location)")
                }
                return .object(entry)
            })
        return .object(object)
    }
}
