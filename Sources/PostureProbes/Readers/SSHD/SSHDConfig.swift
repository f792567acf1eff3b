import Foundation

/// sshd_config read the way OpenSSH 9.2's sshd reads it (servconf.c), over any `ConfigFiles`.
///
/// sshd parses the file twice for `sshd -T`: once for the global options (lines outside Match
/// blocks, and `Match all` blocks, first value wins), then again for the connection, where only
/// matching blocks count and override the global values. With no connection only `Match all`
/// matches, so its values are what sshd uses for everyone. Each directive is recorded with
/// whether it counts in each pass; `SSHDSettings` folds them into values.
struct SSHDConfig {
    /// One directive that sshd accepted.
    struct Directive {
        let keyword: SSHDKeyword
        let stored: SSHDValueGrammar.Stored
        let location: String
        /// Counts for the global options (first pass).
        let global: Bool
        /// Counts when no connection is known (second pass: inside a `Match all` block).
        let matchAll: Bool
        /// The Match block it lies in (its index in `blocks`), when any.
        let block: Int?
    }

    /// One `Match` line and where it is.
    struct MatchBlock {
        let criteria: String
        let location: String
        let isAll: Bool
        /// The block it is nested in through an Include, when any.
        let outer: Int?
    }

    /// What one file's lines see: sshd's `activep` and `inc_flags` for each pass, and the open block.
    struct Context {
        var global: Bool
        var matchAll: Bool
        var neverMatchGlobal = false
        var neverMatchAll = false
        var matchOnly = false
        var block: Int?
        /// The block the Include that opened this file lies in.
        var outerBlock: Int?
    }

    static let mainFile = "/etc/ssh/sshd_config"
    static let maximumDepth = 16
    static let maximumFileParses = 512
    static let maximumLines = 200_000
    static let maximumLineBytes = 65536
    static let maximumWords = 4096
    static let maximumProblems = 20

    let files: any ConfigFiles
    let grammar: SSHDValueGrammar
    private(set) var directives: [Directive] = []
    private(set) var blocks: [MatchBlock] = []
    private(set) var problems: [String] = []
    private(set) var problemCount = 0
    private var state = SSHDParseState()
    private var fileParses = 0
    private var lines = 0
    private var cache: [String: [UInt8]] = [:]

    /// Reads `path` (normally /etc/ssh/sshd_config) and everything it includes.
    static func read(_ files: any ConfigFiles, path: String = mainFile) -> SSHDConfig {
        let services = (try? files.readText("/etc/services")).map(SSHDNumbers.services) ?? [:]
        var config = SSHDConfig(files: files, grammar: SSHDValueGrammar(services: services))
        var context = Context(global: true, matchAll: false, matchOnly: true)
        if let bytes = config.load(path, at: nil) {
            config.parse(bytes, file: path, depth: 0, context: &context)
        }
        config.checkAfterLoading()
        return config
    }

    mutating func problem(_ location: String, _ reason: String) {
        problemCount += 1
        if problems.count < Self.maximumProblems { problems.append("\(location): error: \(reason)") }
    }

    /// A file's bytes; a directory reads as empty (fopen succeeds, getline fails), others refuse.
    private mutating func load(_ path: String, at location: String?) -> [UInt8]? {
        if let cached = cache[path] { return cached }
        do {
            let bytes = Array(try files.readText(path).utf8)
            cache[path] = bytes
            return bytes
        } catch {
            if case .notRegularFile(let type) = error, type.contains("directory") { return [] }
            if error == .notFound, files.exists(path) { return [] }
            problem(location ?? path, "cannot read \(path): \(error)")
            return nil
        }
    }

    private mutating func parse(_ bytes: [UInt8], file: String, depth: Int, context: inout Context) {
        fileParses += 1
        guard fileParses <= Self.maximumFileParses else {
            if fileParses == Self.maximumFileParses + 1 {
                problem(file, "more than \(Self.maximumFileParses) included files; not read further")
            }
            return
        }
        for (index, line) in SSHDTokens.lines(bytes).enumerated() {
            lines += 1
            guard lines <= Self.maximumLines else {
                problem("\(file):\(index + 1)", "more than \(Self.maximumLines) lines in all; not read further")
                return
            }
            parseLine(line, location: "\(file):\(index + 1)", file: file, depth: depth, context: &context)
        }
    }

    private mutating func parseLine(_ raw: ArraySlice<UInt8>, location: String, file: String, depth: Int, context: inout Context) {
        guard raw.count <= Self.maximumLineBytes else {
            problem(location, "line longer than \(Self.maximumLineBytes) bytes; not read")
            return
        }
        let line = SSHDTokens.trimmedTrailing(raw)
        var (word, rest) = SSHDTokens.strdelim(line)
        if let first = word, first.isEmpty { (word, rest) = SSHDTokens.strdelim(rest) }
        guard let word, let first = word.first, first != SSHDTokens.hash else { return }
        let written = String(decoding: word, as: UTF8.self)
        guard let rest, !rest.isEmpty else {
            problem(location, "no argument after keyword \"\(written)\"")
            return
        }
        let keyword = SSHDKeyword.named(written)
        guard let words = SSHDTokens.arguments(rest, limit: Self.maximumWords) else {
            problem(location, keyword == nil ? "bad configuration option: \(written)" : "invalid quotes")
            return
        }
        guard words.count < Self.maximumWords else {
            problem(location, "more than \(Self.maximumWords) words on one line; not read")
            return
        }
        guard context.global || keyword?.allowedInMatch == true else {
            problem(location, "directive '\(written)' is not allowed within a Match block")
            return
        }
        guard let keyword else {
            problem(location, "bad configuration option: \(written)")
            return
        }
        var arguments = SSHDArguments(words.map { String(decoding: $0, as: UTF8.self) })
        let restText = String(decoding: rest, as: UTF8.self)
        switch keyword.grammar {
        case .include:
            include(&arguments, location: location, depth: depth, context: &context)
            return
        case .match:
            match(rest, location: location, arguments: &arguments, context: &context)
        default:
            do {
                let stored = try grammar.parse(keyword, &arguments, rest: restText, active: context.global, state: &state)
                directives.append(
                    Directive(
                        keyword: keyword, stored: stored, location: location, global: context.global,
                        matchAll: context.matchAll, block: context.block))
            } catch {
                problem(location, error.reason)
                return
            }
        }
        if arguments.remaining > 0 { problem(location, "keyword \(written) extra arguments at end of line") }
    }

    /// Include: each word a glob(3) pattern, relative ones under /etc/ssh; an included file starts
    /// in the includer's Match state and cannot change it; a Match it opens ends with it.
    private mutating func include(_ arguments: inout SSHDArguments, location: String, depth: Int, context: inout Context) {
        var count = 0
        while let word = arguments.next() {
            guard !word.isEmpty else {
                problem(location, "keyword Include empty argument")
                return
            }
            count += 1
            let pattern = word.hasPrefix("/") || word.hasPrefix("~") ? word : "/etc/ssh/" + word
            let paths: [String]
            do { paths = try SSHDGlob(files: files).expand(pattern) } catch {
                problem(location, "include \"\(pattern)\" matches more than \(SSHDGlob.maximumMatches) paths; not read")
                return
            }
            let saved = context
            for path in paths {
                guard depth + 1 <= Self.maximumDepth else {
                    problem(location, "too many recursive configuration includes (more than \(Self.maximumDepth))")
                    return
                }
                guard let bytes = load(path, at: location) else { continue }
                var inner = Context(
                    global: saved.global, matchAll: saved.matchAll,
                    neverMatchGlobal: !saved.global, neverMatchAll: !saved.matchOnly && !saved.matchAll,
                    matchOnly: saved.matchOnly, block: saved.block, outerBlock: saved.block)
                parse(bytes, file: path, depth: depth + 1, context: &inner)
                context.global = saved.global
                context.matchAll = saved.matchAll
            }
        }
        if count == 0 { problem(location, "Include missing filename argument") }
    }

    /// Match: criteria split by strdelim; without a connection only `all` matches.
    private mutating func match(_ rest: ArraySlice<UInt8>, location: String, arguments: inout SSHDArguments, context: inout Context) {
        switch SSHDMatchCriteria.parse(rest, services: grammar.services) {
        case .failure(let refusal):
            problem(location, "bad Match condition: \(refusal.reason)")
            arguments.consumeAll()
        case .success(let criteria):
            context.global = !context.neverMatchGlobal && criteria.isAll
            context.matchAll = !context.neverMatchAll && criteria.isAll
            context.matchOnly = false
            blocks.append(
                MatchBlock(
                    criteria: criteria.text, location: location, isAll: criteria.isAll,
                    outer: context.outerBlock))
            context.block = blocks.count - 1
            if criteria.consumedAll { arguments.consumeAll() }
        }
    }

    /// What sshd checks once the whole file is read (sshd.c): AuthenticationMethods must be
    /// satisfiable by the enabled methods; a keys or principals command needs its user.
    private mutating func checkAfterLoading() {
        let settings = SSHDSettings(self)
        if let methods = settings.global["authenticationmethods"]?.words, methods != ["any"] {
            let enabled: [String: String] = [
                "publickey": "pubkeyauthentication", "password": "passwordauthentication",
                "keyboard-interactive": "kbdinteractiveauthentication",
                "hostbased": "hostbasedauthentication", "gssapi-with-mic": "gssapiauthentication",
            ]
            let satisfiable = methods.contains { list in
                list.split(separator: ",").allSatisfy { method in
                    let name = String(method.prefix { $0 != ":" })
                    guard let slot = enabled[name] else { return name == "none" }
                    return settings.globalValue(slot) == "yes"
                }
            }
            if !satisfiable {
                problem(
                    settings.global["authenticationmethods"]?.location ?? Self.mainFile,
                    "AuthenticationMethods cannot be satisfied by enabled authentication methods")
            }
        }
        for (command, user) in [
            ("authorizedkeyscommand", "authorizedkeyscommanduser"),
            ("authorizedprincipalscommand", "authorizedprincipalscommanduser"),
        ] {
            let first = directives.first { $0.global && $0.keyword.name == command }
            guard let first, case .value(let value) = first.stored, SSHDValueGrammar.lower(value) != "none" else { continue }
            if !directives.contains(where: { $0.global && $0.keyword.name == user }) {
                problem(first.location, "\(command) set without \(user)")
            }
        }
    }
}
