/// Where `--ssh` points: `[user@]host[:port]`, with `[v6-address]:port` for IPv6. The host goes to
/// the system `ssh` after `--`, so a name starting with `-` could never become an option; it is
/// refused here anyway, with anything else ssh would not take as a host or user name.
public struct RemoteTarget: Sendable, Equatable, CustomStringConvertible {
    public var user: String?
    public var host: String
    public var port: Int?

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformed(String, String)

        public var description: String {
            switch self {
            case .malformed(let text, let why): "--ssh '\(text)': \(why); expected [user@]host[:port]"
            }
        }
    }

    public init(user: String? = nil, host: String, port: Int? = nil) {
        self.user = user
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws(ParseError) {
        guard !text.isEmpty, text.utf8.count <= 1024 else { throw .malformed(text, "empty or longer than 1024 bytes") }
        var rest = Substring(text)
        if let at = rest.lastIndex(of: "@") {
            let name = rest[..<at]
            guard !name.isEmpty else { throw .malformed(text, "the user name before '@' is empty") }
            guard name.first != "-", name.allSatisfy(Self.isNameCharacter) else {
                throw .malformed(text, "the user name has a character ssh would not accept")
            }
            user = String(name)
            rest = rest[rest.index(after: at)...]
        }
        var portText: Substring?
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { throw .malformed(text, "'[' without ']'") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw .malformed(text, "text after ']' that is not ':port'") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .malformed(text, "'[...]' holds no IPv6 address")
            }
        } else {
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, let name = parts.first else {
                throw .malformed(text, "more than one ':' (write an IPv6 address as [address]:port)")
            }
            if parts.count == 2 { portText = parts.last }
            host = String(name)
            guard !host.isEmpty else { throw .malformed(text, "the host is empty") }
            guard host.first != "-", host.allSatisfy(Self.isNameCharacter) else {
                throw .malformed(text, "the host name has a character ssh would not accept")
            }
        }
        if let portText {
            guard portText.count <= 5, let number = Int(portText), (1...65535).contains(number) else {
                throw .malformed(text, "the port '\(portText)' is not a number from 1 to 65535")
            }
            port = number
        }
    }

    /// Letters, digits and `._-` (host names, ssh_config Host aliases, user names).
    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
    }

    /// The arguments naming this target, for ssh: `[-p PORT] [-l USER] -- HOST`.
    var sshArguments: [String] {
        var arguments: [String] = []
        if let port { arguments += ["-p", String(port)] }
        if let user { arguments += ["-l", user] }
        return arguments + ["--", host]
    }

    public var description: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return (user.map { "\($0)@" } ?? "") + name + (port.map { ":\($0)" } ?? "")
    }
}
