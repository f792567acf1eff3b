/// An nftables ruleset file (`nft -f`, nft(8)) reduced to what decides the input path: the base
/// chains on the `input` hook, their policy, and their rules in order. Tables, chains and rules
/// come from blocks (`table inet filter { chain input { … } }`) and from commands (`add chain`,
/// `add rule`, `insert rule`, `flush ruleset`, `delete table`), and `include` files are followed.
/// A file nft would refuse for its structure (an unclosed brace or quote, an unknown command) is
/// an error naming `file:line`.
struct NftablesRuleset {
    /// A chain, with its hook when it is a base chain.
    struct Chain: Equatable {
        var family: String
        var table: String
        var name: String
        var type: String?
        var hook: String?
        var policy: String?
        /// Each rule's words, in order (nested `{ … }` sets flattened in).
        var rules: [[String]] = []
        var location: String
    }

    struct ParseError: Error, Equatable, CustomStringConvertible {
        var file: String
        var line: Int
        var message: String
        var description: String { "\(file):\(line): error: \(message)" }
    }

    static let families: Set<String> = ["ip", "ip6", "inet", "arp", "bridge", "netdev"]
    static let maximumIncludeDepth = 16
    static let maximumTokens = 2_000_000

    private(set) var chains: [String: Chain] = [:]   // "family table chain" → chain
    private(set) var chainOrder: [String] = []
    /// Tables marked `flags dormant`: their chains see no packets.
    private(set) var dormantTables: Set<String> = []
    private(set) var filesRead: [String] = []

    var allChains: [Chain] { chainOrder.compactMap { chains[$0] } }

    /// Reads `path` and what it includes.
    static func read(_ path: String, in files: some ConfigFiles) -> Result<NftablesRuleset, ParseError> {
        var ruleset = NftablesRuleset()
        do {
            try ruleset.load(path, in: files, depth: 0, from: nil)
        } catch {
            return .failure(error)
        }
        return .success(ruleset)
    }

    private mutating func load(_ path: String, in files: some ConfigFiles, depth: Int, from: (file: String, line: Int)?) throws(ParseError) {
        let fail = { (message: String) in ParseError(file: from?.file ?? path, line: from?.line ?? 0, message: message) }
        guard depth <= Self.maximumIncludeDepth else { throw fail("includes nest deeper than \(Self.maximumIncludeDepth) (a loop?)") }
        let text: String
        do {
            text = try files.readText(path)
        } catch {
            throw fail("\(path): \(error)")
        }
        filesRead.append(path)
        let tokens = try NftablesTokens.split(text, file: path)
        guard tokens.count <= Self.maximumTokens else { throw fail("\(path) has more than \(Self.maximumTokens) words") }
        let parser = NftablesParser(tokens: tokens, file: path)
        try parser.parseTop(into: &self, files: files, depth: depth)
    }

    // MARK: changes, applied as nft applies its commands in order

    mutating func flushRuleset(family: String?) {
        for key in chainOrder where family == nil || chains[key]?.family == family { chains[key] = nil }
        chainOrder.removeAll { chains[$0] == nil }
        if family == nil { dormantTables.removeAll() } else { dormantTables = dormantTables.filter { !$0.hasPrefix(family! + " ") } }
    }

    mutating func deleteTable(family: String, table: String) {
        for key in chainOrder where chains[key]?.family == family && chains[key]?.table == table { chains[key] = nil }
        chainOrder.removeAll { chains[$0] == nil }
        dormantTables.remove("\(family) \(table)")
    }

    mutating func flushTable(family: String, table: String) {
        for key in chainOrder where chains[key]?.family == family && chains[key]?.table == table { chains[key]?.rules.removeAll() }
    }

    mutating func setDormant(family: String, table: String, _ dormant: Bool) {
        if dormant { dormantTables.insert("\(family) \(table)") } else { dormantTables.remove("\(family) \(table)") }
    }

    /// The chain, created when new (later declarations add to it, as nft does).
    mutating func withChain(family: String, table: String, name: String, location: String, _ change: (inout Chain) -> Void) {
        let key = "\(family) \(table) \(name)"
        if chains[key] == nil {
            chains[key] = Chain(family: family, table: table, name: name, location: location)
            chainOrder.append(key)
        }
        change(&chains[key]!)
    }

    mutating func deleteChain(family: String, table: String, name: String) {
        let key = "\(family) \(table) \(name)"
        chains[key] = nil
        chainOrder.removeAll { $0 == key }
    }

    mutating func include(_ pattern: String, in files: some ConfigFiles, depth: Int, from: (file: String, line: Int)) throws(ParseError) {
        // Relative paths are looked up in nft's default include directory, /etc.
        let absolute = pattern.hasPrefix("/") ? pattern : "/etc/" + pattern
        guard absolute.contains("*") || absolute.contains("?") || absolute.contains("[") else {
            try load(absolute, in: files, depth: depth + 1, from: from)
            return
        }
        // A glob in the last component; no match is not an error for a glob.
        let slash = absolute.lastIndex(of: "/")!
        let folder = String(absolute[..<slash]), namePattern = String(absolute[absolute.index(after: slash)...])
        for name in (try? files.list(folder.isEmpty ? "/" : folder)) ?? [] where !name.hasPrefix(".") && Glob.matches(namePattern, name) {
            try load("\(folder)/\(name)", in: files, depth: depth + 1, from: from)
        }
    }
}

/// Shell-style `*`, `?` and `[…]` matching of one name.
enum Glob {
    static func matches(_ pattern: String, _ name: String) -> Bool {
        matches(Array(pattern.unicodeScalars)[...], Array(name.unicodeScalars)[...], budget: 10_000)
    }

    private static func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ name: ArraySlice<Unicode.Scalar>, budget: Int) -> Bool {
        guard budget > 0 else { return false }
        guard let first = pattern.first else { return name.isEmpty }
        switch first {
        case "*":
            var rest = name
            while true {
                if matches(pattern.dropFirst(), rest, budget: budget - 1) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        case "?":
            return !name.isEmpty && matches(pattern.dropFirst(), name.dropFirst(), budget: budget - 1)
        case "[":
            guard let close = pattern.dropFirst().firstIndex(of: "]"), let character = name.first else { return false }
            var set = pattern[(pattern.startIndex + 1)..<close]
            let negated = set.first == "!" || set.first == "^"
            if negated { set = set.dropFirst() }
            var found = false
            var index = set.startIndex
            while index < set.endIndex {
                if index + 2 < set.endIndex, set[index + 1] == "-" {
                    if (set[index]...set[index + 2]).contains(character) { found = true }
                    index += 3
                } else {
                    if set[index] == character { found = true }
                    index += 1
                }
            }
            return found != negated && matches(pattern[(close + 1)...], name.dropFirst(), budget: budget - 1)
        default:
            return name.first == first && matches(pattern.dropFirst(), name.dropFirst(), budget: budget - 1)
        }
    }
}
