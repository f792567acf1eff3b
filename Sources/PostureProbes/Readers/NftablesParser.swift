/// The words of an nft file: quoted strings, `#` comments to the end of the line, backslash line
/// continuations, and `{ … }` groups nested into a tree.
enum NftablesTokens {
    indirect enum Item: Equatable {
        case word(String, line: Int)
        /// `;` or an unescaped newline: ends a statement at its level.
        case end(line: Int)
        case group([Item], line: Int)

        var line: Int {
            switch self {
            case .word(_, let line), .end(let line), .group(_, let line): line
            }
        }
    }

    static let maximumDepth = 64

    static func split(_ text: String, file: String) throws(NftablesRuleset.ParseError) -> [Item] {
        var stack: [[Item]] = [[]]
        var openLines: [Int] = []
        var line = 1
        var word = ""
        var wordLine = 1
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func flush() {
            if !word.isEmpty {
                stack[stack.count - 1].append(.word(word, line: wordLine))
                word = ""
            }
        }
        while index < scalars.count {
            let c = scalars[index]
            switch c {
            case "#":
                flush()
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
                continue
            case "\\" where index + 1 < scalars.count && scalars[index + 1] == "\n":
                flush()
                index += 2
                line += 1
                continue
            case "\"":
                flush()
                let start = line
                var value = ""
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\n" { line += 1 }
                    value.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count else {
                    throw NftablesRuleset.ParseError(file: file, line: start, message: "unterminated string")
                }
                stack[stack.count - 1].append(.word("\"" + value + "\"", line: start))
            case " ", "\t", "\r":
                flush()
            case "\n", ";":
                flush()
                stack[stack.count - 1].append(.end(line: line))
                if c == "\n" { line += 1 }
            case "{":
                flush()
                guard stack.count < maximumDepth else {
                    throw NftablesRuleset.ParseError(file: file, line: line, message: "blocks nest deeper than \(maximumDepth)")
                }
                stack.append([])
                openLines.append(line)
            case "}":
                flush()
                guard stack.count > 1, let opened = openLines.popLast(), let inner = stack.popLast() else {
                    throw NftablesRuleset.ParseError(file: file, line: line, message: "syntax error, unexpected '}'")
                }
                stack[stack.count - 1].append(.group(inner, line: opened))
            default:
                if word.isEmpty { wordLine = line }
                word.unicodeScalars.append(c)
            }
            index += 1
        }
        flush()
        if let opened = openLines.last {
            throw NftablesRuleset.ParseError(file: file, line: opened, message: "syntax error, '{' is never closed")
        }
        return stack[0]
    }

    /// Items split into statements at `;` and newlines of this level.
    static func statements(_ items: [Item]) -> [[Item]] {
        var result: [[Item]] = []
        var current: [Item] = []
        for item in items {
            if case .end = item {
                if !current.isEmpty {
                    result.append(current)
                    current = []
                }
            } else {
                current.append(item)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Every word, groups flattened in (a rule's anonymous set `{ 22, 80 }` becomes `{ 22, 80 }`).
    static func flatWords(_ items: [Item]) -> [String] {
        var words: [String] = []
        for item in items {
            switch item {
            case .word(let word, _): words.append(word)
            case .group(let inner, _):
                words.append("{")
                words += flatWords(inner)
                words.append("}")
            case .end: continue
            }
        }
        return words
    }
}

/// Applies the statements of one file to a ruleset.
struct NftablesParser {
    let tokens: [NftablesTokens.Item]
    let file: String

    static let ignoredCommands: Set<String> = ["list", "reset", "monitor", "describe", "export", "import", "rename", "replace", "get"]
    static let tableObjects: Set<String> = [
        "set", "map", "flowtable", "counter", "quota", "ct", "limit", "secmark", "synproxy", "comment", "tunnel",
    ]

    func parseTop(into ruleset: inout NftablesRuleset, files: some ConfigFiles, depth: Int) throws(NftablesRuleset.ParseError) {
        for statement in NftablesTokens.statements(tokens) {
            let words = statement.compactMap { if case .word(let word, _) = $0 { word } else { nil } }
            let group = statement.lazy.compactMap { if case .group(let inner, _) = $0 { inner } else { nil } }.first
            let line = statement.first?.line ?? 0
            guard let command = words.first else { throw error(line, "syntax error, a block without a command") }
            let rest = Array(words.dropFirst())
            switch command {
            case "include":
                guard let path = rest.first, path.hasPrefix("\""), path.count >= 2 else {
                    throw error(line, "include needs a quoted file name")
                }
                try ruleset.include(String(path.dropFirst().dropLast()), in: files, depth: depth, from: (file, line))
            case "define", "redefine", "undefine":
                continue
            case "table":
                try table(rest, group, line: line, into: &ruleset)
            case "add", "create", "insert":
                guard let object = rest.first else { throw error(line, "syntax error, '\(command)' needs an object") }
                let arguments = Array(rest.dropFirst())
                switch object {
                case "table": try table(arguments, group, line: line, into: &ruleset)
                case "chain": try chain(arguments, group, line: line, into: &ruleset)
                case "rule":
                    let (family, names) = Self.family(arguments)
                    guard names.count >= 3 else {
                        throw error(line, "syntax error, '\(command) rule' needs a table, a chain and a statement")
                    }
                    let ruleWords = NftablesTokens.flatWords(Array(statement.dropFirst(2 + (names.count == arguments.count ? 0 : 1) + 2)))
                    ruleset.withChain(family: family, table: names[0], name: names[1], location: "\(file):\(line)") { chain in
                        if command == "insert" { chain.rules.insert(ruleWords, at: 0) } else { chain.rules.append(ruleWords) }
                    }
                default: continue  // sets, maps, elements and other objects do not decide the input path
                }
            case "flush":
                let (family, names) = Self.family(Array(rest.dropFirst()))
                switch rest.first {
                case "ruleset": ruleset.flushRuleset(family: rest.count > 1 ? rest[1] : nil)
                case "table" where names.count >= 1: ruleset.flushTable(family: family, table: names[0])
                case "chain" where names.count >= 2:
                    ruleset.withChain(family: family, table: names[0], name: names[1], location: "\(file):\(line)") { $0.rules.removeAll() }
                default: continue
                }
            case "delete", "destroy":
                let (family, names) = Self.family(Array(rest.dropFirst()))
                switch rest.first {
                case "table" where names.count >= 1: ruleset.deleteTable(family: family, table: names[0])
                case "chain" where names.count >= 2: ruleset.deleteChain(family: family, table: names[0], name: names[1])
                default: continue
                }
            default:
                guard Self.ignoredCommands.contains(command) else { throw error(line, "syntax error, unexpected '\(command)'") }
            }
        }
    }

    /// `[family] name` with the family defaulting to ip, as nft does.
    static func family(_ words: [String]) -> (String, [String]) {
        if let first = words.first, NftablesRuleset.families.contains(first), words.count > 1 { return (first, Array(words.dropFirst())) }
        return ("ip", words)
    }

    private func error(_ line: Int, _ message: String) -> NftablesRuleset.ParseError {
        NftablesRuleset.ParseError(file: file, line: line, message: message)
    }

    private func table(_ words: [String], _ body: [NftablesTokens.Item]?, line: Int, into ruleset: inout NftablesRuleset)
        throws(NftablesRuleset.ParseError)
    {
        let (family, names) = Self.family(words)
        guard let table = names.first else { throw error(line, "syntax error, table without a name") }
        // A table declared again keeps its chains and adds to them.
        guard let body else { return }
        try requireTerminated(body)
        for statement in NftablesTokens.statements(body) {
            let words = statement.compactMap { if case .word(let word, _) = $0 { word } else { nil } }
            let group = statement.lazy.compactMap { if case .group(let inner, _) = $0 { inner } else { nil } }.first
            let statementLine = statement.first?.line ?? line
            guard let keyword = words.first else { throw error(statementLine, "syntax error, a block without a keyword") }
            switch keyword {
            case "chain":
                guard words.count >= 2 else { throw error(statementLine, "syntax error, chain without a name") }
                try chainBody(family: family, table: table, name: words[1], group, line: statementLine, into: &ruleset)
            case "flags":
                ruleset.setDormant(family: family, table: table, words.dropFirst().joined(separator: " ").contains("dormant"))
            default:
                guard Self.tableObjects.contains(keyword) else {
                    throw error(statementLine, "syntax error, unexpected '\(keyword)' in table \(table)")
                }
            }
        }
    }

    /// nft wants every statement in a table or chain block ended by `;` or a newline before `}`.
    private func requireTerminated(_ body: [NftablesTokens.Item]) throws(NftablesRuleset.ParseError) {
        guard let last = body.last else { return }
        if case .end = last { return }
        throw error(last.line, "syntax error, unexpected '}', expecting newline or semicolon")
    }

    private func chain(_ words: [String], _ body: [NftablesTokens.Item]?, line: Int, into ruleset: inout NftablesRuleset)
        throws(NftablesRuleset.ParseError)
    {
        let (family, names) = Self.family(words)
        guard names.count >= 2 else { throw error(line, "syntax error, 'add chain' needs a table and a chain name") }
        try chainBody(family: family, table: names[0], name: names[1], body, line: line, into: &ruleset)
    }

    private func chainBody(
        family: String, table: String, name: String, _ body: [NftablesTokens.Item]?, line: Int,
        into ruleset: inout NftablesRuleset
    ) throws(NftablesRuleset.ParseError) {
        let location = "\(file):\(line)"
        ruleset.withChain(family: family, table: table, name: name, location: location) { _ in }
        guard let body else { return }
        try requireTerminated(body)
        for statement in NftablesTokens.statements(body) {
            let words = NftablesTokens.flatWords(statement)
            guard let keyword = words.first else { continue }
            switch keyword {
            case "type":
                // type TYPE hook HOOK [device DEV] priority PRIORITY
                guard words.count >= 4, words[2] == "hook" else {
                    throw error(statement.first?.line ?? line, "syntax error, 'type' needs 'hook'")
                }
                ruleset.withChain(family: family, table: table, name: name, location: location) { chain in
                    chain.type = words[1]
                    chain.hook = words[3]
                    chain.location = "\(file):\(statement.first?.line ?? line)"
                }
            case "policy":
                guard words.count == 2 else { throw error(statement.first?.line ?? line, "syntax error, 'policy' takes one verdict") }
                ruleset.withChain(family: family, table: table, name: name, location: location) { $0.policy = words[1] }
            case "comment", "devices", "device":
                continue
            default:
                ruleset.withChain(family: family, table: table, name: name, location: location) { $0.rules.append(words) }
            }
        }
    }
}
