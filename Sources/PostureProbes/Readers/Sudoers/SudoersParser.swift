import Foundation
import PostureInventory

/// Reads sudoers and every file it includes into a `SudoersDocument`, following sudo 1.9.13's
/// grammar (gram.y). A file sudo would refuse (`visudo -c` fails) stops the reading with
/// `file:line: reason`; nothing read after the error is kept.
struct SudoersParser {
    struct Failure: Error, Equatable, CustomStringConvertible {
        var file: String
        var line: Int
        var reason: String
        var description: String { "\(file):\(line): \(reason)" }
    }

    /// sudo's own include depth limit (MAX_SUDOERS_DEPTH), and our bounds on files and size.
    static let maximumDepth = 128
    static let maximumFiles = 1_000
    static let maximumBytes = 16 << 20

    let files: any ConfigFiles
    /// The short host name, for `%h` in include paths.
    let shortHostname: String
    var document = SudoersDocument()
    var bytesRead = 0

    init(files: any ConfigFiles, hostname: String) {
        self.files = files
        shortHostname = String(hostname.prefix { $0 != "." })
    }

    /// Parses `/etc/sudoers` (or `path`) and what it includes.
    static func read(_ files: any ConfigFiles, hostname: String, path: String = "/etc/sudoers") -> Result<SudoersDocument, Failure> {
        var parser = SudoersParser(files: files, hostname: hostname)
        do {
            try parser.parseFile(path, depth: 0, includedFrom: nil)
            try parser.checkDefaults()
            try parser.checkAliasSizes()
            return .success(parser.document)
        } catch {
            return .failure(error)
        }
    }

    mutating func parseFile(_ path: String, depth: Int, includedFrom: Failure?) throws(Failure) {
        let origin = includedFrom ?? Failure(file: path, line: 0, reason: "")
        guard depth <= Self.maximumDepth else {
            throw Failure(file: origin.file, line: origin.line, reason: "\(path): too many levels of includes")
        }
        guard document.files.count < Self.maximumFiles else {
            throw Failure(file: origin.file, line: origin.line, reason: "more than \(Self.maximumFiles) sudoers files")
        }
        let text: String
        do { text = try files.readText(path) } catch {
            throw Failure(file: origin.file, line: origin.line, reason: "\(path): \(error)")
        }
        bytesRead += text.utf8.count
        guard bytesRead <= Self.maximumBytes else { throw Failure(file: path, line: 1, reason: "sudoers files larger than 16 MiB in all") }
        document.files.append(path)
        var stream = SudoersTokenStream(tokens: SudoersLexer.tokens(of: text), file: path)
        while !stream.atEnd {
            try parseEntry(&stream, depth: depth)
        }
    }

    private mutating func parseEntry(_ stream: inout SudoersTokenStream, depth: Int) throws(Failure) {
        let first = stream.peek
        switch first.kind {
        case .newline:
            stream.advance()
        case .include, .includeDirectory:
            stream.advance()
            guard case .word(let target) = stream.peek.kind else { throw stream.failure("expected a file name after the include") }
            stream.advance()
            try stream.endOfLine()
            let resolved = includePath(target, from: stream.file)
            let at = Failure(file: stream.file, line: first.line, reason: "")
            if first.kind == .include {
                try parseFile(resolved, depth: depth + 1, includedFrom: at)
            } else {
                try parseDirectory(resolved, depth: depth + 1, includedFrom: at)
            }
        case .aliasKeyword(let kind):
            stream.advance()
            repeat {
                let nameToken = stream.peek
                guard case .alias(let name) = nameToken.kind else {
                    throw stream.failure(
                        Self.isReserved(nameToken.kind) ? "syntax error, reserved word used as an alias name" : "syntax error")
                }
                stream.advance()
                try stream.expect(.equals)
                let members = try kind == .command ? stream.commandList() : kind == .host ? stream.hostList() : stream.userList()
                if document.aliases[kind, default: [:]][name] != nil {
                    throw Failure(file: stream.file, line: nameToken.line, reason: "Alias \"\(name)\" already defined")
                }
                document.aliases[kind, default: [:]][name] = members
            } while stream.skip(.colon)
            try stream.endOfLine()
        case .defaults(let scopeCharacter):
            stream.advance()
            let scope: SudoersDocument.Setting.Scope
            switch scopeCharacter {
            case ":": scope = .user(try stream.userList())
            case ">": scope = .runas(try stream.userList())
            case "@": scope = .host(try stream.hostList())
            case "!": scope = .command(try stream.commandList())
            default: scope = .global
            }
            for setting in try stream.defaultsList() {
                document.settings.append(
                    SudoersDocument.Setting(
                        scope: scope, name: setting.name, operation: setting.operation,
                        value: setting.value, location: SourceLocation(file: stream.file, line: setting.line)))
            }
            try stream.endOfLine()
        case .error(let reason):
            throw stream.failure(reason)
        default:
            let location = SourceLocation(file: stream.file, line: first.line)
            let users = try stream.userList()
            var privileges: [SudoersDocument.Privilege] = []
            repeat {
                privileges.append(try stream.privilege())
            } while stream.skip(.colon)
            try stream.endOfLine()
            document.userSpecs.append(SudoersDocument.UserSpec(users: users, privileges: privileges, location: location))
        }
    }

    /// `@includedir`: regular files whose names neither end in `~` nor contain a dot, in byte order.
    /// A folder that does not exist is no error.
    private mutating func parseDirectory(_ path: String, depth: Int, includedFrom: Failure) throws(Failure) {
        let names: [String]
        do { names = try files.list(path) } catch {
            if case .notFound = error { return }
            throw Failure(file: includedFrom.file, line: includedFrom.line, reason: "\(path): \(error)")
        }
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        where !name.hasSuffix("~") && !name.contains(".") {
            try parseFile(path + "/" + name, depth: depth, includedFrom: includedFrom)
        }
    }

    /// A relative include is found beside the including file; `%h` is the short host name.
    func includePath(_ target: String, from file: String) -> String {
        var path = target.replacingOccurrences(of: "%h", with: shortHostname)
        if !path.hasPrefix("/"), let slash = file.lastIndex(of: "/") {
            path = String(file[...slash]) + path
        }
        return path
    }

    static func isReserved(_ kind: SudoersToken.Kind) -> Bool {
        switch kind {
        case .all, .option: return true
        default: return false
        }
    }

    /// Our bound, not sudo's: an alias whose expansion (aliases within aliases, counted with
    /// repetition) passes a million items would make every match slow, so it is refused.
    static let maximumAliasExpansion = 1_000_000

    func checkAliasSizes() throws(Failure) {
        var sizes: [String: Int] = [:]
        func size(_ kind: SudoersAliasKind, _ name: String, _ stack: Set<String>) -> Int {
            let key = kind.rawValue + " " + name
            if let known = sizes[key] { return known }
            guard let members = document.aliases[kind]?[name], !stack.contains(key) else { return 1 }
            var total = 0
            for member in members {
                if case .alias(let inner) = member.kind { total += size(kind, inner, stack.union([key])) } else { total += 1 }
                total = min(total, Self.maximumAliasExpansion + 1)
            }
            sizes[key] = total
            return total
        }
        for (kind, aliases) in document.aliases {
            for name in aliases.keys.sorted() where size(kind, name, []) > Self.maximumAliasExpansion {
                let file = document.files.first ?? "/etc/sudoers"
                throw Failure(
                    file: file, line: 0, reason: "\(kind.rawValue) \(name) expands to more than \(Self.maximumAliasExpansion) items")
            }
        }
    }

    /// What `visudo -c` checks in every Defaults entry: the name exists and the value fits its type.
    func checkDefaults() throws(Failure) {
        for setting in document.settings {
            if let problem = SudoersDefaultsTable.problem(name: setting.name, operation: setting.operation, value: setting.value) {
                throw Failure(file: setting.location.file, line: setting.location.line ?? 0, reason: problem)
            }
        }
    }
}
