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

    private(set) var chains: [String: Chain] = [:]  // "family table chain" → chain
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

    private mutating func load(_ path: String, in files: some ConfigFiles, depth: Int, from: (file: String, line: Int)?) throws(ParseError)
    {
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
        let folder = String(absolute[..<slash])
        let namePattern = String(absolute[absolute.index(after: slash)...])
        for name in (try? files.list(folder.isEmpty ? "/" : folder)) ?? [] where !name.hasPrefix(".") && Glob.matches(namePattern, name) {
            try load("\(folder)/\(name)", in: files, depth: depth + 1, from: from)
        }
    }
}

/// Shell-style `*`, `?` and `[…]` matching of one name (fnmatch without flags). Iterative, with
/// one backtracking point for the last `*`: at most pattern × name steps, whatever the input
/// (a recursive matcher is exponential on patterns like `*a*a*a*a*b`).
enum Glob {
    static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        let s = Array(name.unicodeScalars)
        var pi = 0
        var si = 0
        var star: Int?
        var mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "*" {
                star = pi
                pi += 1
                mark = si
                continue
            }
            if pi < p.count, let next = single(p, at: pi, matching: s[si]) {
                pi = next
                si += 1
                continue
            }
            guard let star else { return false }
            pi = star + 1
            mark += 1
            si = mark
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Where the pattern continues when the element at `index` (`?`, a `[…]` class or a literal)
    /// matches `character`; nil when it does not. A `[` without its `]` is a literal.
    private static func single(_ p: [Unicode.Scalar], at index: Int, matching character: Unicode.Scalar) -> Int? {
        switch p[index] {
        case "?":
            return index + 1
        case "[":
            var cursor = index + 1
            let negated = cursor < p.count && (p[cursor] == "!" || p[cursor] == "^")
            if negated { cursor += 1 }
            // A `]` right after the opening (or its negation) belongs to the set.
            guard let close = (cursor < p.count && p[cursor] == "]" ? p[(cursor + 1)...] : p[cursor...]).firstIndex(of: "]") else {
                return p[index] == character ? index + 1 : nil
            }
            var found = false
            while cursor < close {
                if cursor + 2 < close, p[cursor + 1] == "-" {
                    if p[cursor] <= character && character <= p[cursor + 2] { found = true }
                    cursor += 3
                } else {
                    if p[cursor] == character { found = true }
                    cursor += 1
                }
            }
            return found != negated ? close + 1 : nil
        default:
            return p[index] == character ? index + 1 : nil
        }
    }
}
