import Foundation
import PostureInventory

struct SudoersParser {
    let root: HostRoot
    var aliases: [String: [String: [String]]] = ["User_Alias": [:], "Runas_Alias": [:], "Host_Alias": [:], "Cmnd_Alias": [:]]
    var specs: [(users: [String], hosts: [String], runas: [String], commands: [String], nopasswd: Bool, location: SourceLocation)] = []
    var globalAuthenticate = true
    var userAuthenticate: [String: Bool] = [:]
    var problems: [String] = []
    var visited: Set<String> = []

    static let tags: Set<String> = ["NOPASSWD", "PASSWD", "NOEXEC", "EXEC", "SETENV", "NOSETENV", "LOG_INPUT",
                                    "NOLOG_INPUT", "LOG_OUTPUT", "NOLOG_OUTPUT", "MAIL", "NOMAIL", "FOLLOW", "NOFOLLOW",
                                    "INTERCEPT", "NOINTERCEPT"]

    init(root: HostRoot) { self.root = root }

    mutating func parseFile(_ path: String, depth: Int) {
        guard depth < 128 else { problems.append("\(path): includes nested too deeply"); return }
        guard visited.insert(path).inserted else { return }
        let text: String
        do { text = try root.readText(path) } catch {
            problems.append("\(path): \(error)")
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        var logical = ""
        var startLine = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if logical.isEmpty { startLine = index + 1 }
            if raw.hasSuffix("\\") {
                logical += raw.dropLast() + " "
                continue
            }
            logical += raw
            parseLine(logical, file: path, line: startLine, folder: folder, depth: depth)
            logical = ""
        }
        if !logical.isEmpty { parseLine(logical, file: path, line: startLine, folder: folder, depth: depth) }
    }

    mutating func parseLine(_ raw: String, file: String, line: Int, folder: String, depth: Int) {
        var text = raw.trimmingCharacters(in: .whitespaces)
        for directive in ["@includedir", "#includedir", "@include", "#include"] where text.hasPrefix(directive + " ") {
            var target = String(text.dropFirst(directive.count)).trimmingCharacters(in: .whitespaces)
            if target.hasPrefix("\""), target.hasSuffix("\""), target.count >= 2 { target = String(target.dropFirst().dropLast()) }
            if !target.hasPrefix("/") { target = folder + "/" + target }
            if directive.hasSuffix("dir") {
                // sudo skips names ending in ~ or containing a dot.
                for name in (try? root.list(target)) ?? [] where !name.hasSuffix("~") && !name.contains(".") {
                    parseFile(target + "/" + name, depth: depth + 1)
                }
            } else {
                parseFile(target, depth: depth + 1)
            }
            return
        }
        // A comment, unless # starts a numeric uid ("#1000 ALL = ...").
        if let hash = text.firstIndex(of: "#") {
            let after = text.index(after: hash)
            let isUID = hash == text.startIndex && after < text.endIndex && text[after].isNumber
            if !isUID { text = String(text[..<hash]).trimmingCharacters(in: .whitespaces) }
        }
        guard !text.isEmpty else { return }
        let location = SourceLocation(file: file, line: line)
        let firstWord = String(text.prefix { !$0.isWhitespace && $0 != ":" && $0 != "@" && $0 != "!" && $0 != ">" })
        if firstWord == "Defaults" {
            parseDefaults(text)
            return
        }
        if let kind = ["User_Alias", "Runas_Alias", "Host_Alias", "Cmnd_Alias", "Cmd_Alias"].first(where: { $0 == firstWord }) {
            let key = kind == "Cmd_Alias" ? "Cmnd_Alias" : kind
            for definition in Self.split(String(text.dropFirst(kind.count)), on: ":") {
                guard let equals = definition.firstIndex(of: "=") else {
                    problems.append("\(file):\(line): alias without '='")
                    continue
                }
                let name = definition[..<equals].trimmingCharacters(in: .whitespaces)
                let members = Self.split(String(definition[definition.index(after: equals)...]), on: ",")
                aliases[key]![name] = members
            }
            return
        }
        parseUserSpec(text, location: location)
    }

    mutating func parseDefaults(_ text: String) {
        // Defaults[@host|:user|>runas|!cmnd] setting, setting, ...
        var rest = Substring(text.dropFirst("Defaults".count))
        var scopeUser: String?
        if rest.first == ":" {
            rest = rest.dropFirst()
            let scope = rest.prefix { !$0.isWhitespace }
            scopeUser = String(scope)
            rest = rest.dropFirst(scope.count)
        } else if let first = rest.first, "@>!".contains(first) {
            rest = rest.drop { !$0.isWhitespace }
        }
        for setting in Self.split(String(rest), on: ",") {
            let value: Bool?
            switch setting {
            case "!authenticate": value = false
            case "authenticate": value = true
            default: value = nil
            }
            guard let value else { continue }
            if let scopeUser {
                for user in expand(Self.split(scopeUser, on: ","), "User_Alias") { userAuthenticate[user] = value }
            } else {
                globalAuthenticate = value
            }
        }
    }

    mutating func parseUserSpec(_ text: String, location: SourceLocation) {
        // users hosts = [(runas)] [TAG:] command, ... [: hosts = ...]
        guard let equals = Self.firstIndex(of: "=", in: text) else {
            problems.append("\(location.file):\(location.line ?? 0): not a sudoers line: \(String(text.prefix(60)))")
            return
        }
        let left = text[..<equals].replacingOccurrences(of: #"\s*,\s*"#, with: ",", options: .regularExpression)
        let words = left.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count == 2 else {
            problems.append("\(location.file):\(location.line ?? 0): expected 'users hosts = commands'")
            return
        }
        let users = expand(Self.split(words[0], on: ","), "User_Alias")
        let hosts = expand(Self.split(words[1], on: ","), "Host_Alias")
        var runas = ["root"]
        var nopasswd = false
        var groups: [(runas: [String], nopasswd: Bool, commands: [String])] = []
        for item in Self.split(String(text[text.index(after: equals)...]), on: ",") {
            var rest = Substring(item).trimmingCharacters(in: .whitespaces)[...]
            if rest.hasPrefix("(") {
                guard let close = rest.firstIndex(of: ")") else {
                    problems.append("\(location.file):\(location.line ?? 0): unclosed '(' in a runas list")
                    return
                }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                let parts = inside.split(separator: ":", omittingEmptySubsequences: false)
                let runUsers = expand(Self.split(String(parts.first ?? ""), on: ","), "Runas_Alias")
                let runGroups = parts.count > 1 ? Self.split(String(parts[1]), on: ",") : []
                runas = (runUsers.isEmpty ? ["root"] : runUsers) + runGroups.map { ":\($0)" }
                rest = rest[rest.index(after: close)...].drop { $0.isWhitespace }
            }
            // Tags persist for the following commands of the same line until changed.
            while let colon = rest.firstIndex(of: ":"), Self.tags.contains(String(rest[..<colon])) {
                let tag = String(rest[..<colon])
                if tag == "NOPASSWD" { nopasswd = true }
                if tag == "PASSWD" { nopasswd = false }
                rest = rest[rest.index(after: colon)...].drop { $0.isWhitespace }
            }
            let command = String(rest).trimmingCharacters(in: .whitespaces)
            guard !command.isEmpty else { continue }
            let commands = expand([command], "Cmnd_Alias")
            if let last = groups.last, last.runas == runas, last.nopasswd == nopasswd {
                groups[groups.count - 1].commands += commands
            } else {
                groups.append((runas, nopasswd, commands))
            }
        }
        for group in groups {
            specs.append((users, hosts, group.runas, group.commands, group.nopasswd, location))
        }
    }

    /// Expands alias names (recursively, with negation kept) into their members.
    func expand(_ items: [String], _ kind: String, depth: Int = 0) -> [String] {
        guard depth < 16 else { return items }
        return items.flatMap { item -> [String] in
            let negated = item.hasPrefix("!")
            let name = negated ? String(item.dropFirst()) : item
            guard let members = aliases[kind]?[name] else { return [item] }
            return expand(members, kind, depth: depth + 1).map { negated ? "!" + $0 : $0 }
        }
    }

    func rules() -> [SudoRule] {
        specs.flatMap { spec in
            spec.users.map { user in
                let authenticate = userAuthenticate[user] ?? globalAuthenticate
                return SudoRule(principal: user, hosts: spec.hosts, runas: spec.runas, commands: spec.commands,
                                nopasswd: spec.nopasswd, authenticate: authenticate, source: spec.location)
            }
        }
    }

    /// Splits on a separator outside parentheses, trimming items and dropping empty ones.
    static func split(_ text: String, on separator: Character) -> [String] {
        var items: [String] = []
        var current = ""
        var depth = 0
        var escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; current.append(character); continue }
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            if character == separator, depth == 0 {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func firstIndex(of character: Character, in text: String) -> String.Index? {
        var depth = 0
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case character where depth == 0: return index
            default: continue
            }
        }
        return nil
    }
}
