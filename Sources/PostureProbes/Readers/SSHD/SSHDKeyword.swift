/// One sshd_config keyword as OpenSSH 9.2p1 (Debian bookworm) knows it: its value grammar,
/// whether it may appear inside `Match`, and the name `sshd -T` prints its value under.
struct SSHDKeyword: Sendable {
    /// The value grammar, one case per handler in servconf.c.
    enum Grammar: Sendable, Equatable {
        case flag
        /// Case-insensitive words; each maps to the word `sshd -T` prints.
        case choice([String: String])
        case integer
        case time
        case unusedConnectionTimeout
        case logLevel, logFacility
        case port
        case listenAddress
        /// One non-empty word (a file name, a user, a path).
        case word
        /// The rest of the line, raw (ForceCommand).
        case restOfLine
        /// The rest of the line, an absolute path or `none` (AuthorizedKeysCommand).
        case command
        case versionAddendum
        case userPatterns, groupPatterns
        case acceptEnv, setEnv
        case authenticationMethods
        case authorizedKeysFile
        case ciphers, macs, kexAlgorithms, keyAlgorithms, gssKexAlgorithms
        case pubkeyAuthOptions, logVerbose, channelTimeout
        case maxStartups, perSourceNetBlockSize, perSourceMaxStartups
        case rekeyLimit, permitTunnel, permitUserEnvironment, permitOpen, permitListen
        case ipQoS, streamLocalBindMask, fingerprintHash, routingDomain, subsystem
        case include, match
        /// Deprecated, unsupported or ignored: sshd logs it and consumes the arguments.
        case ignored
    }

    /// How repeated directives combine into the value `sshd -T` prints.
    enum Combine: Sendable {
        /// The first active directive wins.
        case first
        /// Every active directive adds its words (AllowUsers, Port).
        case append
        /// The first active directive's words, all of them (AuthenticationMethods).
        case firstLine
    }

    let name: String
    let grammar: Grammar
    /// May appear in a Match block (SSHCFG_ALL); global-only keywords there are fatal.
    let allowedInMatch: Bool
    /// The key of its value in `sshd -T` and in the inventory; nil when the reader does not report it.
    let printedAs: String?

    var combine: Combine {
        switch grammar {
        case .userPatterns, .groupPatterns, .acceptEnv, .port: .append
        case .authenticationMethods: .firstLine
        default: .first
        }
    }

    init(_ name: String, _ grammar: Grammar, match: Bool, reported: Bool = false, as printed: String? = nil) {
        self.name = name
        self.grammar = grammar
        allowedInMatch = match
        printedAs = reported ? (printed ?? name) : nil
    }

    /// The keyword for a word as written, compared without case.
    static func named(_ word: String) -> SSHDKeyword? { table[SSHDValueGrammar.lower(word)] }

    static let table: [String: SSHDKeyword] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    static let permitRootLogin: [String: String] = [
        "without-password": "without-password", "prohibit-password": "without-password",
        "forced-commands-only": "forced-commands-only", "yes": "yes", "no": "no",
    ]
    static let forwarding: [String: String] = ["yes": "yes", "all": "yes", "no": "no", "remote": "remote", "local": "local"]

    /// Every keyword of servconf.c's table, plus Debian's GSSAPI key exchange and DebianBanner.
    static let all: [SSHDKeyword] = [
        .init("usepam", .flag, match: false, reported: true),
        .init("pamauthenticationviakbdint", .ignored, match: false),
        .init("port", .port, match: false, reported: true),
        .init("hostkey", .word, match: false),
        .init("hostdsakey", .word, match: false),
        .init("hostkeyagent", .word, match: false),
        .init("pidfile", .word, match: false),
        .init("modulifile", .word, match: false),
        .init("serverkeybits", .ignored, match: false),
        .init("logingracetime", .time, match: false, reported: true),
        .init("keyregenerationinterval", .ignored, match: false),
        .init("permitrootlogin", .choice(permitRootLogin), match: true, reported: true),
        .init("syslogfacility", .logFacility, match: false, reported: true),
        .init("loglevel", .logLevel, match: true, reported: true),
        .init("logverbose", .logVerbose, match: true),
        .init("rhostsauthentication", .ignored, match: false),
        .init("rhostsrsaauthentication", .ignored, match: true),
        .init("hostbasedauthentication", .flag, match: true, reported: true),
        .init("hostbasedusesnamefrompacketonly", .flag, match: true, reported: true),
        .init("hostbasedacceptedalgorithms", .keyAlgorithms, match: true),
        .init("hostbasedacceptedkeytypes", .keyAlgorithms, match: true),
        .init("hostkeyalgorithms", .keyAlgorithms, match: false),
        .init("rsaauthentication", .ignored, match: true),
        .init("pubkeyauthentication", .flag, match: true, reported: true),
        .init("pubkeyacceptedalgorithms", .keyAlgorithms, match: true),
        .init("pubkeyacceptedkeytypes", .keyAlgorithms, match: true),
        .init("pubkeyauthoptions", .pubkeyAuthOptions, match: true),
        .init("dsaauthentication", .flag, match: false, reported: true, as: "pubkeyauthentication"),
        .init("kerberosauthentication", .flag, match: true, reported: true),
        .init("kerberosorlocalpasswd", .flag, match: false, reported: true),
        .init("kerberosticketcleanup", .flag, match: false, reported: true),
        .init("kerberosgetafstoken", .ignored, match: false),
        .init("kerberostgtpassing", .ignored, match: false),
        .init("afstokenpassing", .ignored, match: false),
        .init("gssapiauthentication", .flag, match: true, reported: true),
        .init("gssapicleanupcredentials", .flag, match: false, reported: true),
        .init("gssapistrictacceptorcheck", .flag, match: false, reported: true),
        .init("gssapikeyexchange", .flag, match: false, reported: true),
        .init("gssapistorecredentialsonrekey", .flag, match: false, reported: true),
        .init("gssapikexalgorithms", .gssKexAlgorithms, match: false),
        .init("passwordauthentication", .flag, match: true, reported: true),
        .init("kbdinteractiveauthentication", .flag, match: true, reported: true),
        .init("challengeresponseauthentication", .flag, match: true, reported: true, as: "kbdinteractiveauthentication"),
        .init("skeyauthentication", .flag, match: true, reported: true, as: "kbdinteractiveauthentication"),
        .init("checkmail", .ignored, match: false),
        .init("listenaddress", .listenAddress, match: false),
        .init("addressfamily", .choice(["inet": "inet", "inet6": "inet6", "any": "any"]), match: false, reported: true),
        .init("printmotd", .flag, match: false, reported: true),
        .init("printlastlog", .flag, match: false, reported: true),
        .init("ignorerhosts", .choice(["yes": "yes", "no": "no", "shosts-only": "shosts-only"]), match: true, reported: true),
        .init("ignoreuserknownhosts", .flag, match: false, reported: true),
        .init("x11forwarding", .flag, match: true, reported: true),
        .init("x11displayoffset", .integer, match: true, reported: true),
        .init("x11uselocalhost", .flag, match: true, reported: true),
        .init("xauthlocation", .word, match: false),
        .init("strictmodes", .flag, match: false, reported: true),
        .init("permitemptypasswords", .flag, match: true, reported: true),
        .init("permituserenvironment", .permitUserEnvironment, match: false),
        .init("uselogin", .ignored, match: false),
        .init("compression", .choice(["yes": "yes", "delayed": "yes", "no": "no"]), match: false, reported: true),
        .init("rekeylimit", .rekeyLimit, match: true),
        .init("tcpkeepalive", .flag, match: false, reported: true),
        .init("keepalive", .flag, match: false, reported: true, as: "tcpkeepalive"),
        .init("allowtcpforwarding", .choice(forwarding), match: true, reported: true),
        .init("allowagentforwarding", .flag, match: true, reported: true),
        .init("allowusers", .userPatterns, match: true, reported: true),
        .init("denyusers", .userPatterns, match: true, reported: true),
        .init("allowgroups", .groupPatterns, match: true, reported: true),
        .init("denygroups", .groupPatterns, match: true, reported: true),
        .init("ciphers", .ciphers, match: false),
        .init("macs", .macs, match: false),
        .init("protocol", .ignored, match: false),
        .init("gatewayports", .choice(["clientspecified": "clientspecified", "yes": "yes", "no": "no"]), match: true, reported: true),
        .init("subsystem", .subsystem, match: false),
        .init("maxstartups", .maxStartups, match: false),
        .init("persourcemaxstartups", .perSourceMaxStartups, match: false),
        .init("persourcenetblocksize", .perSourceNetBlockSize, match: false),
        .init("maxauthtries", .integer, match: true, reported: true),
        .init("maxsessions", .integer, match: true, reported: true),
        .init("banner", .word, match: true),
        .init("usedns", .flag, match: false, reported: true),
        .init("verifyreversemapping", .ignored, match: false),
        .init("reversemappingcheck", .ignored, match: false),
        .init("clientaliveinterval", .time, match: true, reported: true),
        .init("clientalivecountmax", .integer, match: true, reported: true),
        .init("authorizedkeysfile", .authorizedKeysFile, match: true),
        .init("authorizedkeysfile2", .ignored, match: true),
        .init("useprivilegeseparation", .ignored, match: false),
        .init("acceptenv", .acceptEnv, match: true, reported: true),
        .init("setenv", .setEnv, match: true),
        .init("permittunnel", .permitTunnel, match: true, reported: true),
        .init("permittty", .flag, match: true, reported: true),
        .init("permituserrc", .flag, match: true, reported: true),
        .init("match", .match, match: true),
        .init("permitopen", .permitOpen, match: true),
        .init("permitlisten", .permitListen, match: true),
        .init("forcecommand", .restOfLine, match: true, reported: true),
        .init("chrootdirectory", .word, match: true, reported: true),
        .init("hostcertificate", .word, match: false),
        .init("revokedkeys", .word, match: true),
        .init("trustedusercakeys", .word, match: true),
        .init("authorizedprincipalsfile", .word, match: true),
        .init("kexalgorithms", .kexAlgorithms, match: false),
        .init("include", .include, match: true),
        .init("ipqos", .ipQoS, match: true),
        .init("authorizedkeyscommand", .command, match: true),
        .init("authorizedkeyscommanduser", .word, match: true),
        .init("authorizedprincipalscommand", .command, match: true),
        .init("authorizedprincipalscommanduser", .word, match: true),
        .init("versionaddendum", .versionAddendum, match: false),
        .init("authenticationmethods", .authenticationMethods, match: true, reported: true),
        .init("streamlocalbindmask", .streamLocalBindMask, match: true),
        .init("streamlocalbindunlink", .flag, match: true, reported: true),
        .init("allowstreamlocalforwarding", .choice(forwarding), match: true, reported: true),
        .init("fingerprinthash", .fingerprintHash, match: false),
        .init("disableforwarding", .flag, match: true, reported: true),
        .init("exposeauthinfo", .flag, match: true, reported: true),
        .init("rdomain", .routingDomain, match: true),
        .init("casignaturealgorithms", .keyAlgorithms, match: true),
        .init("securitykeyprovider", .word, match: false),
        .init("requiredrsasize", .integer, match: true, reported: true),
        .init("channeltimeout", .channelTimeout, match: true),
        .init("unusedconnectiontimeout", .unusedConnectionTimeout, match: true),
        .init("debianbanner", .flag, match: false),
    ]

    /// What `sshd -T` prints for every reported value when sshd_config sets nothing (OpenSSH 9.2p1, Debian).
    static let defaults: [String: String] = [
        "usepam": "no", "port": "22", "logingracetime": "120", "permitrootlogin": "without-password",
        "syslogfacility": "AUTH", "loglevel": "INFO", "hostbasedauthentication": "no",
        "hostbasedusesnamefrompacketonly": "no", "pubkeyauthentication": "yes", "kerberosauthentication": "no",
        "kerberosorlocalpasswd": "yes", "kerberosticketcleanup": "yes", "gssapiauthentication": "no",
        "gssapicleanupcredentials": "yes", "gssapistrictacceptorcheck": "yes", "gssapikeyexchange": "no",
        "gssapistorecredentialsonrekey": "no", "passwordauthentication": "yes", "kbdinteractiveauthentication": "yes",
        "addressfamily": "any", "printmotd": "yes", "printlastlog": "yes", "ignorerhosts": "yes",
        "ignoreuserknownhosts": "no", "x11forwarding": "no", "x11displayoffset": "10", "x11uselocalhost": "yes",
        "strictmodes": "yes", "permitemptypasswords": "no", "compression": "yes", "tcpkeepalive": "yes",
        "allowtcpforwarding": "yes", "allowagentforwarding": "yes", "gatewayports": "no", "maxauthtries": "6",
        "maxsessions": "10", "usedns": "no", "clientaliveinterval": "0", "clientalivecountmax": "3",
        "permittunnel": "no", "permittty": "yes", "permituserrc": "yes", "forcecommand": "none", "chrootdirectory": "none",
        "authenticationmethods": "any", "streamlocalbindunlink": "no", "allowstreamlocalforwarding": "yes",
        "disableforwarding": "no", "exposeauthinfo": "no", "requiredrsasize": "1024",
    ]
}
