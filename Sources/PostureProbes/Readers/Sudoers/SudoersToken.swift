/// One token of a sudoers file, as sudo's lexer (toke.l, sudo 1.9.13) cuts it.
struct SudoersToken: Equatable {
    enum Kind: Equatable {
        /// A user, host or group name, `#uid`, or a value.
        case word(String)
        /// `%group`, `%#gid`, `%:nonunix`: the text after `%`.
        case userGroup(String)
        case netgroup(String)
        /// An upper-case name: an alias, or an unknown upper-case word.
        case alias(String)
        case all
        /// An IPv4 or IPv6 address, with an optional mask.
        case networkAddress(String)
        /// A command path (or regex, or `sudoedit`) with its arguments; `nil` arguments means any.
        case command(String, arguments: String?)
        case openParen, closeParen, comma, equals, colon, bang, newline
        /// `+=` and `-=` inside Defaults.
        case appendEquals, removeEquals
        /// A command tag such as `NOPASSWD:` (name without the colon).
        case tag(String)
        /// `CWD`, `CHROOT`, `TIMEOUT`, `NOTBEFORE`, `NOTAFTER`, `ROLE`, `TYPE`.
        case option(String)
        case include, includeDirectory
        /// `Defaults`, and its scoped forms: `:` user, `@` host, `>` runas, `!` command.
        case defaults(Character?)
        /// `User_Alias` and the other three kinds (`Cmd_Alias` is read as `Cmnd_Alias`).
        case aliasKeyword(SudoersAliasKind)
        /// A Defaults variable name.
        case defaultsVariable(String)
        /// `sha224` … `sha512` before a digest, and the digest itself.
        case digestKind(String)
        case digest(String)
        /// Text no rule of the lexer accepts, or a malformed token, with sudo's reason.
        case error(String)
        case end
    }

    var kind: Kind
    /// 1-based line and column where the token starts.
    var line: Int
    var column: Int
}

/// The four alias namespaces of sudoers.
enum SudoersAliasKind: String, CaseIterable, Sendable {
    case user = "User_Alias"
    case runas = "Runas_Alias"
    case host = "Host_Alias"
    case command = "Cmnd_Alias"
}

/// A set of ASCII bytes as a bit mask, for the lexer's character classes.
struct ByteSet {
    private let low: UInt64, high: UInt64

    init(_ characters: StaticString) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        characters.withUTF8Buffer { buffer in
            for byte in buffer where byte < 128 {
                if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
            }
        }
        self.low = low
        self.high = high
    }

    func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
    }
}
