@testable import PostureProbes

/// Random sshd_config setups: mostly valid directives (so values get compared), some invalid
/// ones, spelled every way sshd allows (case, `=`, quotes, comments, CRLF), with Match blocks and
/// drop-ins pulled in by Include.
struct SSHDCaseGenerator {
    var random: SeededGenerator

    static let flags = ["yes", "no", "YES", "No", "\"no\"", "'yes'"]
    static let badFlags = ["maybe", "1", "on", "\"\""]
    static let vocabulary: [(keyword: String, good: [String], bad: [String])] = [
        ("PermitRootLogin", ["yes", "no", "prohibit-password", "without-password", "forced-commands-only", "NO"], ["maybe", "root"]),
        ("PasswordAuthentication", flags, badFlags),
        ("PermitEmptyPasswords", flags, badFlags),
        ("KbdInteractiveAuthentication", flags, badFlags),
        ("ChallengeResponseAuthentication", flags, badFlags),
        ("UsePAM", flags, badFlags),
        ("PubkeyAuthentication", flags, badFlags),
        ("X11Forwarding", flags, badFlags),
        ("X11UseLocalhost", flags, badFlags),
        ("HostbasedAuthentication", flags, badFlags),
        ("PermitTTY", flags, badFlags),
        ("AllowAgentForwarding", flags, badFlags),
        ("GSSAPIAuthentication", flags, badFlags),
        ("StrictModes", flags, badFlags),
        ("PrintMotd", flags, badFlags),
        ("TCPKeepAlive", flags, badFlags),
        ("DisableForwarding", flags, badFlags),
        ("MaxAuthTries", ["0", "3", "6", "10", "+4", "007"], ["-1", "abc", "3x", "99999999999"]),
        ("MaxSessions", ["1", "10", "20"], ["ten"]),
        ("ClientAliveCountMax", ["0", "3"], ["-3"]),
        ("X11DisplayOffset", ["10", "20"], ["x"]),
        ("ClientAliveInterval", ["0", "30", "1m", "2h", "1h30m", "5S"], ["5x", "-1", "1y"]),
        ("LoginGraceTime", ["0", "120", "2m", "1W"], ["forever"]),
        ("AllowUsers", ["alice", "bob carol", "*@10.0.0.0/8", "\"dave\"", "ops-*"], ["x@10.0.0.1/8"]),
        ("DenyUsers", ["mallory", "guest nobody", "root@*"], ["\"\""]),
        ("AllowGroups", ["staff", "wheel admins"], ["\"\""]),
        ("DenyGroups", ["nogroup", "games"], ["\"\""]),
        (
            "AuthenticationMethods",
            [
                "publickey", "publickey,password", "publickey,keyboard-interactive:pam publickey,password",
                "any", "keyboard-interactive",
            ], ["bogus", "publickey any", "publickey,,password"]
        ),
        ("LogLevel", ["INFO", "debug", "VERBOSE", "quiet", "DEBUG3"], ["loud"]),
        ("SyslogFacility", ["AUTH", "authpriv", "LOCAL7"], ["kern"]),
        ("Compression", ["yes", "no", "delayed"], ["fast"]),
        ("AddressFamily", ["any", "inet", "INET6"], ["ipx"]),
        ("GatewayPorts", ["no", "yes", "clientspecified"], ["all"]),
        ("AllowTcpForwarding", ["yes", "no", "local", "remote", "all"], ["both"]),
        ("AllowStreamLocalForwarding", ["yes", "no", "local"], ["none"]),
        ("IgnoreRhosts", ["yes", "no", "shosts-only"], ["never"]),
        ("PermitTunnel", ["no", "yes", "point-to-point", "ethernet"], ["Yes"]),
        ("ForceCommand", ["/usr/bin/true", "internal-sftp -d /srv", "none"], []),
        ("ChrootDirectory", ["/srv/%u", "none"], []),
        ("RequiredRSASize", ["2048", "1024"], ["big"]),
        ("Port", ["22", "2222", "ssh"], ["0", "70000"]),
        ("AcceptEnv", ["LANG LC_*", "TZ"], ["A=B"]),
        ("Banner", ["/etc/issue.net", "none"], []),
        ("UseDNS", flags, badFlags),
        ("Protocol", ["2"], []),
        ("UsePrivilegeSeparation", ["sandbox"], []),
    ]
    static let matches = [
        "all", "All", "User bob", "Group staff", "Address 192.168.0.0/16", "User alice,!root Host *.example.com",
        "LocalPort 2222", "all # everyone",
    ]
    static let badMatches = ["all User bob", "Address 10.0.0.1/8", "Weekday monday", "User"]

    /// Keywords whose acceptance depends on this machine beyond the file (host keys to load, names to
    /// resolve, interfaces), left out of the wild directives.
    static let machineDependent: Set<String> = [
        "hostkey", "hostdsakey", "hostcertificate", "hostkeyagent",
        "listenaddress", "include", "match", "securitykeyprovider", "pidfile",
    ]
    static let wildKeywords = SSHDKeyword.all.map(\.name).filter { !machineDependent.contains($0) }
    static let wildValues = [
        "yes", "no", "0", "-1", "7", "none", "any", "all", "\"a b\"", "'x'", "a\\ b", "\\\"", "#", "=", "*",
        "a,b", "10.0.0.0/8", "1h", "/bin/x", "\"open", "\"\"", "publickey,password", "LANG", "A=B", "sftp",
        "af21", "10:30:60", "24", "x=1m", "+aes128-ctr", "-hmac-md5", "ssh-ed25519", "local", "INFO",
    ]
    /// A known keyword with words drawn from a pool of plausible and hostile values.
    mutating func wildDirective() -> String {
        let words = (0..<Int.random(in: 1...3, using: &random)).map { _ in pick(Self.wildValues) }
        return keywordSpelling(pick(Self.wildKeywords)) + pick([" ", "=", "\t"]) + words.joined(separator: " ")
    }

    /// The line with one byte sshd's tokenizer cares about inserted somewhere.
    mutating func mutated(_ line: String) -> String {
        var characters = Array(line)
        let position = Int.random(in: 0...characters.count, using: &random)
        characters.insert(pick([" ", "\t", "\"", "'", "\\", "=", "#", "\r", ",", "\u{0C}"]), at: position)
        return String(characters)
    }

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    mutating func keywordSpelling(_ keyword: String) -> String {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: keyword.lowercased()
        case 1: keyword.uppercased()
        default: keyword
        }
    }

    mutating func directive(allowBad: Bool) -> String {
        let entry = pick(Self.vocabulary)
        let bad = allowBad && !entry.bad.isEmpty && chance(4)
        let value = bad ? pick(entry.bad) : pick(entry.good)
        let separator = pick([" ", "\t", "=", " = ", "  "])
        var line = keywordSpelling(entry.keyword) + separator + value
        if chance(10) { line += pick([" # note", "\t#", " #x y"]) }
        if chance(8) { line = pick([" ", "\t", "  "]) + line }
        return line
    }

    mutating func file(lines count: Int, allowBad: Bool, includes: [String]) -> String {
        var lines: [String] = []
        var includesLeft = includes
        for _ in 0..<count {
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 8 {
                lines.append("Match " + (allowBad && chance(5) ? pick(Self.badMatches) : pick(Self.matches)))
            } else if roll < 12, !includesLeft.isEmpty {
                lines.append("Include " + includesLeft.removeFirst())
            } else if roll < 15 {
                lines.append(pick(["", "# comment", "   ", "#PermitRootLogin yes"]))
            } else if roll < 16, allowBad {
                lines.append(pick(["Bogus yes", "PermitRootLogin", "PasswordAuthentication \"no"]))
            } else if roll < 24, allowBad {
                lines.append(wildDirective())
            } else {
                lines.append(directive(allowBad: allowBad))
            }
            if allowBad, chance(6), let last = lines.popLast() { lines.append(mutated(last)) }
        }
        // Includes not placed yet go first, as Debian's file does.
        lines = includesLeft.map { "Include " + $0 } + lines
        let end = chance(15) ? "\r\n" : "\n"
        return lines.joined(separator: end) + (chance(90) ? end : "")
    }

    /// One case: a main file and sometimes drop-ins (some of them dot-files) in sshd_config.d.
    mutating func next(_ index: Int) -> SSHDCase {
        let allowBad = chance(35)
        var others: [String: String] = [:]
        var includes: [String] = []
        if chance(45) {
            for number in 0..<Int.random(in: 1...3, using: &random) {
                let name = (chance(15) ? "." : "") + "\(number * 10 + Int.random(in: 0..<10, using: &random))-gen.conf"
                others["sshd_config.d/" + name] = file(lines: Int.random(in: 1...6, using: &random), allowBad: allowBad, includes: [])
            }
            includes.append(
                pick([
                    "sshd_config.d/*.conf", "/etc/ssh/sshd_config.d/*", "sshd_config.d/.*", "\"sshd_config.d/*.conf\"",
                    "*/*.conf",
                ]))
        }
        let main = file(lines: Int.random(in: 0...14, using: &random), allowBad: allowBad, includes: includes)
        return SSHDCase("random \(index)", main, others)
    }
}
