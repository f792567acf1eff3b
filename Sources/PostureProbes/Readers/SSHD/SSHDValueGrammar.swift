/// Why sshd refuses one directive, in its words.
struct SSHDRefusal: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// The words after a keyword, taken one at a time as servconf.c's argv_next does.
struct SSHDArguments {
    let words: [String]
    private(set) var position = 0

    init(_ words: [String]) { self.words = words }

    var remaining: Int { words.count - position }
    var peek: String? { position < words.count ? words[position] : nil }

    mutating func next() -> String? {
        guard position < words.count else { return nil }
        position += 1
        return words[position - 1]
    }

    mutating func consumeAll() { position = words.count }
}

/// What sshd remembers across directives while it parses (first pass only).
struct SSHDParseState {
    var subsystems: Set<String> = []
    var ports = 0
    /// AuthenticationMethods entries stored so far (`any` must then be alone).
    var authenticationMethods = 0
}

/// One directive's value judged by its keyword's grammar: the value `sshd -T` would print for it,
/// or the reason sshd refuses it.
struct SSHDValueGrammar {
    let services: [String: Int]

    /// The value(s) the directive stores: one word (first-wins keywords) or a list.
    enum Stored: Equatable {
        case nothing
        case value(String)
        case words([String])
    }

    static func lower(_ word: String) -> String {
        String(decoding: word.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    func parse(
        _ keyword: SSHDKeyword, _ args: inout SSHDArguments, rest: String, active: Bool,
        state: inout SSHDParseState
    ) throws(SSHDRefusal) -> Stored {
        let name = keyword.name
        switch keyword.grammar {
        case .flag:
            return try choice(&args, ["yes": "yes", "no": "no"])
        case .choice(let words):
            return try choice(&args, words)
        case .integer:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) integer value missing") }
            guard let number = SSHDNumbers.strtonum(word, 0, Int(Int32.max)) else {
                throw SSHDRefusal("\(name) integer value invalid: '\(word)'")
            }
            return .value(String(number))
        case .time:
            return try time(&args, name)
        case .unusedConnectionTimeout:
            if let word = args.peek, Self.lower(word) == "none" {
                _ = args.next()
                return .value("none")
            }
            let stored = try time(&args, name)
            return stored == .value("0") ? .value("none") : stored
        case .logLevel:
            // Printed by value: QUIET is SILENT's other name, DEBUG1 DEBUG's.
            let names = [
                "quiet": "SILENT", "fatal": "FATAL", "error": "ERROR", "info": "INFO", "verbose": "VERBOSE",
                "debug": "DEBUG", "debug1": "DEBUG", "debug2": "DEBUG2", "debug3": "DEBUG3",
            ]
            guard let word = args.next(), let level = names[Self.lower(word)] else {
                throw SSHDRefusal("unsupported log level '\(args.words.first ?? "<NONE>")'")
            }
            return .value(level)
        case .logFacility:
            let names = [
                "daemon", "user", "auth", "authpriv", "local0", "local1", "local2", "local3", "local4", "local5",
                "local6", "local7",
            ]
            guard let word = args.next(), names.contains(Self.lower(word)) else {
                throw SSHDRefusal("unsupported log facility '\(args.words.first ?? "<NONE>")'")
            }
            return .value(Self.lower(word).uppercased())
        case .port:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("missing port number") }
            guard let port = SSHDNumbers.port(word, services: services), port > 0 else {
                throw SSHDRefusal("badly formatted port number '\(word)'")
            }
            state.ports += 1
            guard state.ports <= 256 else { throw SSHDRefusal("too many ports") }
            return .words([String(port)])
        case .listenAddress:
            return try listenAddress(&args)
        case .word:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            if name == "chrootdirectory", Self.lower(word) == "none" { return .value("none") }
            return .value(word)
        case .restOfLine:
            let value = String(rest.drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
            args.consumeAll()
            return .value(Self.lower(value) == "none" ? "none" : value)
        case .command:
            let value = rest.drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
            guard value.hasPrefix("/") || Self.lower(String(value)) == "none" else {
                throw SSHDRefusal("\(name) must be an absolute path")
            }
            args.consumeAll()
            return .value(String(value))
        case .versionAddendum:
            guard !rest.utf8.contains(0x0D) else { throw SSHDRefusal("invalid \(name) argument") }
            args.consumeAll()
            return .nothing
        case .userPatterns:
            var words: [String] = []
            while let word = args.next() {
                guard !word.isEmpty, Self.validUserPattern(word) else { throw SSHDRefusal("invalid \(name) pattern: \"\(word)\"") }
                words.append(word)
            }
            return .words(words)
        case .groupPatterns:
            var words: [String] = []
            while let word = args.next() {
                guard !word.isEmpty else { throw SSHDRefusal("empty \(name) pattern") }
                words.append(word)
            }
            return .words(words)
        case .acceptEnv:
            var words: [String] = []
            while let word = args.next() {
                guard !word.isEmpty, !word.contains("=") else { throw SSHDRefusal("invalid environment name '\(word)'") }
                words.append(word)
            }
            return .words(words)
        case .setEnv:
            while let word = args.next() {
                guard !word.isEmpty, word.contains("=") else { throw SSHDRefusal("invalid environment '\(word)'") }
            }
            return .nothing
        case .authenticationMethods:
            return try authenticationMethods(&args, active: active, state: &state)
        case .authorizedKeysFile:
            while let word = args.next() {
                guard !word.isEmpty else { throw SSHDRefusal("keyword \(name) empty argument") }
            }
            return .nothing
        case .ciphers, .macs, .kexAlgorithms, .keyAlgorithms, .gssKexAlgorithms:
            return try algorithms(&args, keyword.grammar, name)
        case .pubkeyAuthOptions:
            while let word = args.next() {
                guard ["none", "touch-required", "verify-required"].contains(Self.lower(word)) else {
                    throw SSHDRefusal("unsupported \(name) option \(word)")
                }
            }
            return .nothing
        case .logVerbose, .channelTimeout:
            var index = 0
            while let word = args.next() {
                if keyword.grammar == .logVerbose, word.isEmpty { throw SSHDRefusal("keyword \(name) empty argument") }
                if Self.lower(word) == "none" {
                    guard index == 0, args.remaining == 0 else { throw SSHDRefusal("keyword \(name) \"none\" argument must appear alone") }
                } else if keyword.grammar == .channelTimeout {
                    guard let equals = word.firstIndex(of: "="), equals != word.startIndex,
                        SSHDNumbers.seconds(String(word[word.index(after: equals)...])) != nil
                    else {
                        throw SSHDRefusal("invalid channel timeout \(word)")
                    }
                }
                index += 1
            }
            return .nothing
        case .maxStartups:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            let values = SSHDNumbers.scanColonSeparated(word, count: 3)
            let (begin, maximum): (Int, Int)
            if values.count == 3 {
                guard values[0] <= values[2], values[1] <= 100, values[1] >= 1 else { throw SSHDRefusal("invalid \(name) spec") }
                (begin, maximum) = (values[0], values[2])
            } else if values.count == 1 {
                (begin, maximum) = (values[0], values[0])
            } else {
                throw SSHDRefusal("invalid \(name) spec")
            }
            guard maximum > 0, begin > 0 else { throw SSHDRefusal("invalid \(name) spec") }
            return .nothing
        case .perSourceNetBlockSize:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            let values = SSHDNumbers.scanColonSeparated(word, count: 2)
            guard !values.isEmpty, (0...32).contains(values[0]), values.count == 1 || (0...128).contains(values[1]) else {
                throw SSHDRefusal("invalid \(name) spec")
            }
            return .nothing
        case .perSourceMaxStartups:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            guard word == "none" || SSHDNumbers.strtonum(word, 0, Int(Int32.max)) != nil else {
                throw SSHDRefusal("\(name) integer value invalid")
            }
            return .nothing
        case .rekeyLimit:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            if word != "default" {
                guard let bytes = SSHDNumbers.scaled(word) else { throw SSHDRefusal("bad \(name) number '\(word)'") }
                guard bytes == 0 || bytes >= 16 else { throw SSHDRefusal("\(name) too small") }
            }
            if args.remaining > 0 {
                if args.peek == "none" { _ = args.next() } else { _ = try time(&args, name) }
            }
            return .nothing
        case .permitTunnel:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            guard ["yes", "point-to-point", "ethernet", "no"].contains(word) else { throw SSHDRefusal("bad \(name) argument \(word)") }
            return .value(word)
        case .permitUserEnvironment:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            return .nothing
        case .permitOpen, .permitListen:
            return try permitOpen(&args, listen: keyword.grammar == .permitListen, name)
        case .ipQoS:
            guard let first = args.next(), !first.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            guard Self.validQoS(first) else { throw SSHDRefusal("bad \(name) value: \(first)") }
            if let second = args.next(), !Self.validQoS(second) { throw SSHDRefusal("bad \(name) value: \(second)") }
            return .nothing
        case .streamLocalBindMask:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            guard let parsed = SSHDNumbers.leadingInteger(Array(word.utf8), base: 8), !parsed.overflow,
                (0...0o777).contains(parsed.value)
            else { throw SSHDRefusal("invalid \(name)") }
            return .nothing
        case .fingerprintHash:
            guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            guard ["md5", "sha1", "sha256", "sha384", "sha512"].contains(Self.lower(word)) else {
                throw SSHDRefusal("invalid \(name) algorithm \"\(word)\"")
            }
            return .nothing
        case .routingDomain:
            // Debian's sshd is built without routing-domain support and refuses the keyword outright.
            throw SSHDRefusal("setting RDomain not supported on this platform")
        case .subsystem:
            guard let subsystem = args.next(), !subsystem.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
            guard active else {
                _ = args.next()
                return .nothing
            }
            guard !state.subsystems.contains(subsystem) else { throw SSHDRefusal("Subsystem '\(subsystem)' already defined") }
            guard state.subsystems.count < 256 else { throw SSHDRefusal("too many subsystems defined") }
            state.subsystems.insert(subsystem)
            guard let command = args.next(), !command.isEmpty else { throw SSHDRefusal("missing subsystem command") }
            args.consumeAll()
            return .nothing
        case .ignored:
            args.consumeAll()
            return .nothing
        case .include, .match:
            return .nothing  // the reader handles these itself
        }
    }

    private func choice(_ args: inout SSHDArguments, _ words: [String: String]) throws(SSHDRefusal) -> Stored {
        guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("missing argument") }
        guard let printed = words[Self.lower(word)] else { throw SSHDRefusal("unsupported option \"\(word)\"") }
        return .value(printed)
    }

    private func time(_ args: inout SSHDArguments, _ name: String) throws(SSHDRefusal) -> Stored {
        guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("missing time value") }
        guard let seconds = SSHDNumbers.seconds(word) else { throw SSHDRefusal("invalid time value '\(word)'") }
        return .value(String(seconds))
    }

    private func authenticationMethods(
        _ args: inout SSHDArguments, active: Bool,
        state: inout SSHDParseState
    ) throws(SSHDRefusal) -> Stored {
        let first = state.authenticationMethods == 0
        var sawAny = false
        var words: [String] = []
        while let word = args.next() {
            if word == "any" {
                guard state.authenticationMethods == 0 else { throw SSHDRefusal("\"any\" must appear alone in AuthenticationMethods") }
                sawAny = true
            } else if sawAny {
                throw SSHDRefusal("\"any\" must appear alone in AuthenticationMethods")
            } else if !Self.validMethodList(word) {
                throw SSHDRefusal("invalid AuthenticationMethods method list '\(word)'")
            }
            words.append(word)
            if first, active { state.authenticationMethods += 1 }
        }
        guard !words.isEmpty else { throw SSHDRefusal("no AuthenticationMethods specified") }
        return .words(words)
    }

    /// auth2_methods_valid: comma-separated method names, each with an optional `:submethod`.
    static let methods = ["none", "publickey", "gssapi-with-mic", "password", "keyboard-interactive", "hostbased"]
    static func validMethodList(_ list: String) -> Bool {
        guard !list.isEmpty else { return false }
        return list.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { method in
            methods.contains(String(method.prefix { $0 != ":" }))
        }
    }

    private func algorithms(_ args: inout SSHDArguments, _ grammar: SSHDKeyword.Grammar, _ name: String) throws(SSHDRefusal) -> Stored {
        guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
        if word.hasPrefix("-") { return .nothing }
        let list = word.hasPrefix("+") || word.hasPrefix("^") ? String(word.dropFirst()) : word
        let known: [String]
        switch grammar {
        case .ciphers: known = SSHDAlgorithms.ciphers
        case .macs: known = SSHDAlgorithms.macs
        case .kexAlgorithms: known = SSHDAlgorithms.kex
        case .gssKexAlgorithms: known = SSHDAlgorithms.gssKex
        default: known = SSHDAlgorithms.keys
        }
        guard !list.isEmpty else { throw SSHDRefusal("bad \(name) '\(word)'") }
        // sshd stops checking at the first empty element.
        for element in list.split(separator: ",", omittingEmptySubsequences: false) {
            if element.isEmpty { break }
            let text = String(element)
            if known.contains(text) { continue }
            if grammar == .keyAlgorithms, known.contains(where: { SSHDPatterns.matchList($0, text) != 0 }) { continue }
            throw SSHDRefusal("bad \(name) '\(word)'")
        }
        // Then kex_assemble_names: no negated names, and an explicit list must name something.
        let elements = list.split(separator: ",", omittingEmptySubsequences: false)
        if elements.contains(where: { $0.hasPrefix("!") }) { throw SSHDRefusal("\(name): negated names are not supported here") }
        if !word.hasPrefix("+"), !word.hasPrefix("^") {
            let all = name == "casignaturealgorithms" ? known.filter { !$0.hasSuffix("-cert-v01@openssh.com") } : known
            let matched = elements.contains { element in all.contains { SSHDPatterns.matchList($0, String(element)) == 1 } }
            if !matched { throw SSHDRefusal("\(name): '\(word)' names no algorithm this sshd supports") }
        }
        return .nothing
    }

    private func listenAddress(_ args: inout SSHDArguments) throws(SSHDRefusal) -> Stored {
        guard let word = args.next(), !word.isEmpty else { throw SSHDRefusal("missing address") }
        let colons = word.filter { $0 == ":" }.count
        if !word.contains("["), colons >= 2 {
            // a bare IPv6 address
        } else {
            guard let (_, port) = SSHDPatterns.hostAndPort(word) else { throw SSHDRefusal("bad address:port usage") }
            if let port {
                guard let number = SSHDNumbers.port(port, services: services), number > 0 else { throw SSHDRefusal("bad port number") }
            }
        }
        if let word = args.next() {
            guard word == "rdomain", args.next() != nil else { throw SSHDRefusal("bad ListenAddress syntax") }
            throw SSHDRefusal("bad routing domain (this sshd has no routing-domain support)")
        }
        return .nothing
    }

    private func permitOpen(_ args: inout SSHDArguments, listen: Bool, _ name: String) throws(SSHDRefusal) -> Stored {
        guard let first = args.next(), !first.isEmpty else { throw SSHDRefusal("\(name) missing argument") }
        if first == "any" || first == "none" { return .nothing }
        var word: String? = first
        while let current = word, !current.isEmpty {
            var port: String? = current
            if !(listen && !current.contains(":")) {
                guard let (_, rest) = SSHDPatterns.hostAndPort(current) else { throw SSHDRefusal("\(name) missing host") }
                port = rest
            }
            guard let port, port == "*" || (SSHDNumbers.port(port, services: services) ?? 0) > 0 else {
                throw SSHDRefusal("\(name) bad port number")
            }
            word = args.next()
        }
        return .nothing
    }

    static func validQoS(_ word: String) -> Bool {
        let names = [
            "none", "af11", "af12", "af13", "af21", "af22", "af23", "af31", "af32", "af33", "af41", "af42", "af43",
            "cs0", "cs1", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7", "ef", "le", "lowdelay", "throughput", "reliability",
        ]
        if names.contains(lower(word)) { return true }
        let bytes = Array(word.utf8)
        guard let parsed = SSHDNumbers.leadingInteger(bytes, base: 0), parsed.end == bytes.count, !parsed.overflow else { return false }
        return (0...255).contains(parsed.value)
    }

    /// match_user in test mode: a `user@host` pattern's host part must be a valid address list.
    static func validUserPattern(_ word: String) -> Bool {
        guard let at = word.firstIndex(of: "@") else { return true }
        return SSHDPatterns.addressListValid(String(word[word.index(after: at)...]))
    }
}
