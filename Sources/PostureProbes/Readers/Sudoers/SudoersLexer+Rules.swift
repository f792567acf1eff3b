/// The lexer rules that apply in sudo's inclusive start states (INITIAL, GOTDEFS, EXPECTPATH,
/// WANTDIGEST): each rule proposes a match length, the longest wins, the earlier rule breaks ties.
extension SudoersLexer {
    static let tags: Set<String> = [
        "NOPASSWD", "PASSWD", "NOEXEC", "EXEC", "INTERCEPT", "NOINTERCEPT", "SETENV", "NOSETENV",
        "LOG_OUTPUT", "NOLOG_OUTPUT", "LOG_INPUT", "NOLOG_INPUT", "MAIL", "NOMAIL", "FOLLOW", "NOFOLLOW",
    ]
    /// Options this build knows (SELinux yes; AppArmor and Solaris privileges no, so those names are aliases).
    static let options: [String] = ["TIMEOUT", "NOTBEFORE", "NOTAFTER", "CWD", "CHROOT", "ROLE", "TYPE"]
    static let digestKinds = ["sha224": 28, "sha256": 32, "sha384": 48, "sha512": 64]

    private struct Candidate {
        var length: Int
        var make: (inout SudoersLexer) -> SudoersToken
    }

    mutating func generalToken() -> SudoersToken {
        let start = position
        if state == .gotDefaults, let first = byte(0), Self.isBlank(first) || first == UInt8(ascii: ",") {
            var length = 0
            while Self.isBlank(byte(length)) { length += 1 }
            if byte(length) == UInt8(ascii: ",") {
                length += 1
                while Self.isBlank(byte(length)) { length += 1 }
                return make(.comma, start: start, length: length)
            }
            position += length
            state = .startDefaults
            return next()
        }
        var best: Candidate?
        func offer(_ length: Int, _ make: @escaping (inout SudoersLexer) -> SudoersToken) {
            if length > 0, length > (best?.length ?? 0) { best = Candidate(length: length, make: make) }
        }
        let initial = state == .initial
        let word = wordLength(at: 0)
        if initial, byte(0) == UInt8(ascii: "@") {
            for (keyword, kind) in [("@includedir", SudoersToken.Kind.includeDirectory), ("@include", .include)] where matches(keyword) {
                offer(keyword.utf8.count) { $0.includeKeyword(kind, length: keyword.utf8.count) }
            }
        }
        if initial, atLineStart {
            for (keyword, kind) in [("#includedir", SudoersToken.Kind.includeDirectory), ("#include", .include)]
            where matches(keyword) && Self.isBlank(byte(keyword.utf8.count)) {
                var length = keyword.utf8.count
                while let more = byte(length), more != 0x0A { length += 1 }
                offer(length + 1) { $0.includeKeyword(kind, length: keyword.utf8.count) }
            }
            if let defaults = defaultsLength() { offer(defaults.matched) { $0.defaultsKeyword(defaults.keep, scope: defaults.scope) } }
            if let alias = aliasKeywordLength() {
                offer(alias.length) { $0.make(.aliasKeyword(alias.kind), start: start, length: alias.length) }
            }
        }
        // Tags: NAME[[:blank:]]*:
        if Self.isUpper(byte(0)) {
            var name = 0
            while Self.isUpper(byte(name)) || byte(name) == UInt8(ascii: "_") { name += 1 }
            let tag = text(position, name)
            if Self.tags.contains(tag) {
                var length = name
                while Self.isBlank(byte(length)) { length += 1 }
                if byte(length) == UInt8(ascii: ":") { offer(length + 1) { $0.make(.tag(tag), start: start, length: length + 1) } }
            }
        }
        if initial || state == .gotDefaults, let first = byte(0), first == UInt8(ascii: "+") || first == UInt8(ascii: "%") {
            let bare = first == UInt8(ascii: "%") && byte(1) == UInt8(ascii: ":") ? 2 : 1
            offer(bare) { $0.make(.error(first == UInt8(ascii: "+") ? "empty netgroup" : "empty group"), start: start, length: bare) }
        }
        if byte(0) == UInt8(ascii: "+") {
            let length = wordLength(at: 1)
            if length > 0 {
                offer(length + 1) { $0.make(.netgroup(Self.unescaped($0.text(start + 1, length))), start: start, length: length + 1) }
            }
        }
        if byte(0) == UInt8(ascii: "%") {
            let colon = byte(1) == UInt8(ascii: ":") ? 1 : 0
            let length = max(wordLength(at: 1 + colon), idLength(at: 1 + colon))
            if length > 0 {
                offer(length + 1 + colon) {
                    $0.make(.userGroup(Self.unescaped($0.text(start + 1, length + colon))), start: start, length: length + 1 + colon)
                }
            }
        }
        let address = SudoersAddress.length(in: bytes, at: position)
        if address > 0 { offer(address) { $0.make(.networkAddress($0.text(start, address)), start: start, length: address) } }
        if matches("ALL") { offer(3) { $0.make(.all, start: start, length: 3) } }
        if initial {
            for option in Self.options where matches(option) {
                offer(option.utf8.count) { lexer in
                    if option == "CWD" || option == "CHROOT" { lexer.state = .expectPath }
                    return lexer.make(.option(option), start: start, length: option.utf8.count)
                }
            }
        }
        if Self.isUpper(byte(0)) {
            var length = 1
            while Self.isUpper(byte(length)) || Self.isDigit(byte(length)) || byte(length) == UInt8(ascii: "_") { length += 1 }
            offer(length) { $0.make(.alias($0.text(start, length)), start: start, length: length) }
        }
        let path = pathLength(at: 0)
        let regex = regexLength(at: 0)
        if state == .gotDefaults {
            let length = max(path, regex, matches("sudoedit") ? 8 : 0)
            offer(length) {
                $0.make(.command(SudoersLexer.unescaped($0.text(start, length)), arguments: nil), start: start, length: length)
            }
        }
        for (kind, _) in Self.digestKinds.sorted(by: { $0.key < $1.key }) where matches(kind) {
            offer(kind.utf8.count) { lexer in
                lexer.state = .wantDigest
                return lexer.make(.digestKind(kind), start: start, length: kind.utf8.count)
            }
        }
        if matches("sudoedit") { offer(8) { $0.commandToken(start: start, pathLength: 8) } }
        if state == .expectPath {
            let length = max(path, word)
            offer(length) { lexer in
                lexer.state = .initial
                return lexer.make(.word(Self.unescaped(lexer.text(start, length))), start: start, length: length)
            }
        }
        if state == .wantDigest {
            var length = 0
            while let current = byte(length), current.isBase64Character { length += 1 }
            offer(length) { lexer in
                lexer.state = .initial
                return lexer.make(.digest(lexer.text(start, length)), start: start, length: length)
            }
        }
        offer(path) { $0.commandToken(start: start, pathLength: path) }
        offer(regex) { $0.commandToken(start: start, pathLength: regex) }
        if initial || state == .gotDefaults, byte(0) == UInt8(ascii: "\"") {
            offer(1) { $0.quoted(asUserList: true) }
        }
        if initial || state == .gotDefaults {
            let length = max(word, idLength(at: 0))
            offer(length) { $0.make(.word(Self.unescaped($0.text(start, length))), start: start, length: length) }
        }
        let punctuation: [UInt8: SudoersToken.Kind] = [
            UInt8(ascii: "("): .openParen, UInt8(ascii: ")"): .closeParen,
            UInt8(ascii: ","): .comma, UInt8(ascii: "="): .equals, UInt8(ascii: ":"): .colon,
        ]
        if let first = byte(0), let kind = punctuation[first] { offer(1) { $0.make(kind, start: start, length: 1) } }
        if byte(0) == UInt8(ascii: "!") { offer(1) { $0.bangs() } }
        if let best { return best.make(&self) }
        return make(.error("syntax error"), start: start, length: 1)
    }

    func startsKeywordAfterBlanks() -> Bool {
        var offset = 0
        while Self.isBlank(byte(offset)) { offset += 1 }
        return ["Defaults", "Host_Alias", "Cmnd_Alias", "Cmd_Alias", "User_Alias", "Runas_Alias"].contains { matchesAt(offset, $0) }
    }

    func matches(_ keyword: String) -> Bool {
        for (offset, character) in keyword.utf8.enumerated() where byte(offset) != character { return false }
        return true
    }

    private mutating func includeKeyword(_ kind: SudoersToken.Kind, length: Int) -> SudoersToken {
        if continued { return make(.error("invalid line continuation"), start: position, length: length) }
        state = .gotInclude
        return make(kind, start: position, length: length)
    }

    /// `^[[:blank:]]*Defaults([:@>!][[:blank:]]*!*"?({ID}|{WORD}))?`: what it matches, and what it keeps.
    private func defaultsLength() -> (matched: Int, keep: Int, scope: Character?)? {
        var offset = 0
        while Self.isBlank(byte(offset)) { offset += 1 }
        guard matchesAt(offset, "Defaults") else { return nil }
        offset += 8
        guard let type = byte(offset), SudoersLexer.defaultsScopes.contains(type) else { return (offset, offset, nil) }
        var keep = offset + 1
        while Self.isBlank(byte(keep)) { keep += 1 }
        var scan = keep
        while byte(scan) == UInt8(ascii: "!") { scan += 1 }
        if byte(scan) == UInt8(ascii: "\"") { scan += 1 }
        let item = max(idLength(at: scan), wordLength(at: scan))
        guard item > 0 else { return (offset, offset, nil) }
        return (scan + item, keep, Character(UnicodeScalar(type)))
    }

    private mutating func defaultsKeyword(_ keep: Int, scope: Character?) -> SudoersToken {
        if continued { return make(.error("invalid line continuation"), start: position, length: keep) }
        state = .gotDefaults
        var offset = 0
        while Self.isBlank(byte(offset)) { offset += 1 }
        return make(.defaults(scope), start: position + offset, length: keep - offset)
    }

    private func aliasKeywordLength() -> (length: Int, kind: SudoersAliasKind)? {
        var offset = 0
        while Self.isBlank(byte(offset)) { offset += 1 }
        for (prefix, kind) in [("Host", SudoersAliasKind.host), ("Cmnd", .command), ("Cmd", .command), ("User", .user), ("Runas", .runas)]
        where matchesAt(offset, prefix + "_Alias") {
            return (offset + prefix.utf8.count + 6, kind)
        }
        return nil
    }

    private func matchesAt(_ offset: Int, _ keyword: String) -> Bool {
        for (index, character) in keyword.utf8.enumerated() where byte(offset + index) != character { return false }
        return true
    }
}

extension UInt8 {
    /// `[A-Za-z0-9+/=]`: hex and base64 digests.
    var isBase64Character: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || self == 0x2B || self == 0x2F
            || self == 0x3D
    }
}
