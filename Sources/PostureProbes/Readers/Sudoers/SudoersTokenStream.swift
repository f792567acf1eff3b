import Foundation
import PostureInventory

/// The tokens of one sudoers file and the grammar rules for its lists (gram.y): user, host,
/// runas and command lists, privileges with options and tags, and Defaults entries.
struct SudoersTokenStream {
    typealias Member = SudoersDocument.Member

    let tokens: [SudoersToken]
    let file: String
    private var index = 0

    init(tokens: [SudoersToken], file: String) {
        self.tokens = tokens
        self.file = file
    }

    var peek: SudoersToken {
        index < tokens.count ? tokens[index] : SudoersToken(kind: .end, line: tokens.last?.line ?? 1, column: 1)
    }
    var atEnd: Bool { peek.kind == .end }

    mutating func advance() { if index < tokens.count { index += 1 } }

    func failure(_ reason: String? = nil) -> SudoersParser.Failure {
        if case .error(let lexical) = peek.kind { return SudoersParser.Failure(file: file, line: peek.line, reason: lexical) }
        return SudoersParser.Failure(file: file, line: peek.line, reason: reason ?? "syntax error near \(Self.describe(peek.kind))")
    }

    static func describe(_ kind: SudoersToken.Kind) -> String {
        switch kind {
        case .newline: return "the end of the line"
        case .end: return "the end of the file"
        case .word(let text), .alias(let text), .networkAddress(let text), .defaultsVariable(let text): return "'\(text)'"
        default: return "\(kind)"
        }
    }

    mutating func skip(_ kind: SudoersToken.Kind) -> Bool {
        guard peek.kind == kind else { return false }
        advance()
        return true
    }

    mutating func expect(_ kind: SudoersToken.Kind) throws(SudoersParser.Failure) {
        guard skip(kind) else { throw failure() }
    }

    /// A line ends with a newline (a comment counts) or the end of the file.
    mutating func endOfLine() throws(SudoersParser.Failure) {
        if atEnd { return }
        try expect(.newline)
    }

    private mutating func negation() -> Bool { skip(.bang) }

    /// A comma-separated list of `[!]member`, each member made from its token by `member` (nil:
    /// a token that list does not take, a syntax error as sudo reports it).
    private mutating func memberList(_ member: (SudoersToken.Kind) -> Member.Kind?) throws(SudoersParser.Failure) -> [Member] {
        var members: [Member] = []
        repeat {
            let negated = negation()
            guard let kind = member(peek.kind) else { throw failure() }
            advance()
            members.append(Member(kind: kind, negated: negated))
        } while skip(.comma)
        return members
    }

    /// `userlist`: `[!](ALIAS | ALL | +netgroup | %group | WORD)`, comma separated.
    mutating func userList() throws(SudoersParser.Failure) -> [Member] {
        try memberList { token in
            switch token {
            case .alias(let name): .alias(name)
            case .all: .all
            case .netgroup(let name): .netgroup(name)
            case .userGroup(let name): .userGroup(name)
            case .word(let name): .word(name)
            default: nil
            }
        }
    }

    /// `hostlist`: `[!](ALIAS | ALL | +netgroup | address | WORD)`, comma separated.
    mutating func hostList() throws(SudoersParser.Failure) -> [Member] {
        try memberList { token in
            switch token {
            case .alias(let name): .alias(name)
            case .all: .all
            case .netgroup(let name): .netgroup(name)
            case .networkAddress(let address): .networkAddress(address)
            case .word(let name): .word(name)
            default: nil
            }
        }
    }

    /// `grouplist` inside a runas spec: `[!](ALIAS | ALL | WORD)`.
    private mutating func groupList() throws(SudoersParser.Failure) -> [Member] {
        try memberList { token in
            switch token {
            case .alias(let name): .alias(name)
            case .all: .all
            case .word(let name): .word(name)
            default: nil
            }
        }
    }

    /// `cmndlist`: commands with optional digests, comma separated.
    mutating func commandList() throws(SudoersParser.Failure) -> [Member] {
        var members: [Member] = []
        repeat { members.append(try digestCommand()) } while skip(.comma)
        return members
    }

    /// `digcmnd`: `[sha256:DIGEST, ...] [!] (ALL | ALIAS | COMMAND | list)`.
    private mutating func digestCommand() throws(SudoersParser.Failure) -> Member {
        var hasDigest = false
        while case .digestKind = peek.kind {
            advance()
            try expect(.colon)
            guard case .digest = peek.kind else { throw failure() }
            advance()
            hasDigest = true
            guard skip(.comma) else { break }
        }
        let negated = negation()
        let kind: Member.Kind
        switch peek.kind {
        case .all: kind = .all
        case .alias(let name):
            if hasDigest { throw failure("a digest is only allowed for a command") }
            kind = .alias(name)
        case .command(let path, let arguments): kind = .command(path, arguments: arguments)
        case .word("list"): kind = .command("list", arguments: nil)
        default: throw failure()
        }
        advance()
        return Member(kind: kind, negated: negated)
    }

    /// `privilege`: `hostlist = cmndspec, cmndspec, ...`, with runas, options and tags carried
    /// from one command to the next as sudo does.
    mutating func privilege() throws(SudoersParser.Failure) -> SudoersDocument.Privilege {
        let hosts = try hostList()
        try expect(.equals)
        var specs: [SudoersDocument.CommandSpec] = []
        repeat {
            let line = peek.line
            var runasUsers: [Member]?
            var runasGroups: [Member]?
            var explicitRunas = false
            if skip(.openParen) {
                explicitRunas = true
                if skip(.closeParen) {
                    runasUsers = [Member(kind: .myself)]
                } else {
                    if peek.kind != .colon { runasUsers = try userList() }
                    if skip(.colon) {
                        if peek.kind == .closeParen, runasUsers == nil {
                            runasUsers = [Member(kind: .myself)]
                        } else {
                            runasGroups = try groupList()
                        }
                    }
                    try expect(.closeParen)
                }
            }
            var notBefore: Double?
            var notAfter: Double?
            while case .option(let option) = peek.kind {
                advance()
                try expect(.equals)
                guard case .word(let value) = peek.kind else { throw failure() }
                try Self.validate(option: option, value: value, stream: self)
                if option == "NOTBEFORE" { notBefore = SudoersTime.generalized(value) }
                if option == "NOTAFTER" { notAfter = SudoersTime.generalized(value) }
                advance()
            }
            var nopasswd: Bool?
            while case .tag(let tag) = peek.kind {
                if tag == "NOPASSWD" { nopasswd = true }
                if tag == "PASSWD" { nopasswd = false }
                advance()
            }
            let command = try digestCommand()
            var spec = SudoersDocument.CommandSpec(
                runasUsers: runasUsers, runasGroups: runasGroups, nopasswd: nopasswd,
                notBefore: notBefore, notAfter: notAfter, command: command,
                location: SourceLocation(file: file, line: line))
            if let previous = specs.last {
                if spec.nopasswd == nil { spec.nopasswd = previous.nopasswd }
                if spec.notBefore == nil { spec.notBefore = previous.notBefore }
                if spec.notAfter == nil { spec.notAfter = previous.notAfter }
                if !explicitRunas, previous.runasUsers != nil || previous.runasGroups != nil {
                    spec.runasUsers = previous.runasUsers
                    spec.runasGroups = previous.runasGroups
                }
            }
            specs.append(spec)
        } while skip(.comma)
        return SudoersDocument.Privilege(hosts: hosts, commands: specs)
    }

    static func validate(option: String, value: String, stream: SudoersTokenStream) throws(SudoersParser.Failure) {
        switch option {
        case "CWD", "CHROOT":
            guard value.hasPrefix("/") || value.hasPrefix("~") || value == "*" else {
                throw stream.failure("values for \"\(option)\" must start with a '/', '~', or '*'")
            }
        case "TIMEOUT":
            guard SudoersTime.timeout(value) != nil else { throw stream.failure("invalid timeout value") }
        case "NOTBEFORE", "NOTAFTER":
            guard SudoersTime.generalized(value) != nil else { throw stream.failure("invalid \(option.lowercased()) value") }
        default: break
        }
    }

    /// `defaults_list`: `[!]name [= | += | -= value]`, comma separated.
    mutating func defaultsList() throws(SudoersParser.Failure) -> [(
        name: String, operation: SudoersDocument.Setting.Operation, value: String?, line: Int
    )] {
        var entries: [(name: String, operation: SudoersDocument.Setting.Operation, value: String?, line: Int)] = []
        repeat {
            let line = peek.line
            let negated = negation()
            guard case .defaultsVariable(let name) = peek.kind else { throw failure() }
            advance()
            var operation: SudoersDocument.Setting.Operation = negated ? .negate : .set
            var value: String?
            if !negated, [.equals, .appendEquals, .removeEquals].contains(peek.kind) {
                operation = peek.kind == .equals ? .set : peek.kind == .appendEquals ? .append : .remove
                advance()
                guard case .word(let text) = peek.kind else { throw failure() }
                value = text
                advance()
            }
            entries.append((name, operation, value, line))
        } while skip(.comma)
        return entries
    }
}
