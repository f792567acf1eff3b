/// One sshd_config setup: files keyed by their path under /etc/ssh, the main file included.
struct SSHDCase: Sendable, CustomStringConvertible {
    let name: String
    let files: [String: String]

    init(_ name: String, _ main: String, _ others: [String: String] = [:]) {
        self.name = name
        var files = ["/etc/ssh/sshd_config": main]
        for (path, text) in others { files[path.hasPrefix("/") ? path : "/etc/ssh/" + path] = text }
        self.files = files
    }

    var description: String {
        files.keys.sorted().map { "--- \($0)\n\(files[$0]?.debugDescription ?? "")" }.joined(separator: "\n")
    }
}

/// Edge cases written by hand: each known way the old reader went wrong, and each corner of
/// sshd_config(5) and servconf.c that decides accept/refuse or a value.
enum SSHDHandwrittenCases {
    static let dropIn = "sshd_config.d/50-site.conf"

    static let all: [SSHDCase] = [
        // Comments, line ends, whitespace.
        .init("end-of-line comment", "PermitRootLogin no # temp\n"),
        .init("comment glued to the value", "PermitRootLogin no#temp\n"),
        .init("CRLF line ends", "PermitRootLogin no\r\nPasswordAuthentication no\r\nPermitEmptyPasswords yes\r\n"),
        .init("a trailing CR on the last line", "PermitRootLogin no\r"),
        .init("CR inside a line", "PermitRootLogin no\rPasswordAuthentication no\n"),
        .init("form feed at the end", "PermitRootLogin no\u{0C}\n"),
        .init("leading tabs and spaces", " \t PermitRootLogin no\n\t\tMaxAuthTries 3\n"),
        .init("only comments", "# PermitRootLogin no\n   # PasswordAuthentication no\n\n"),
        .init("empty file", ""),
        .init("NUL byte joins the next line", "PermitRootLogin no\u{0}junk\nPasswordAuthentication no\n"),
        .init("NUL byte before a keyword", "X11Forwarding yes\n\u{0}PasswordAuthentication no\nMaxAuthTries 2\n"),
        .init("leading equals sign", "=PermitRootLogin no\n"),
        // Separators and quotes.
        .init("equals separator", "PermitRootLogin=no\nMaxAuthTries = 3\nX11Forwarding =yes\n"),
        .init("double equals", "PermitRootLogin==no\n"),
        .init("double-quoted value", "PermitRootLogin \"no\"\n"),
        .init("single-quoted value", "PermitRootLogin 'no'\n"),
        .init("unterminated quote in the value", "PermitRootLogin \"no\n"),
        .init("unterminated quote in the keyword is ignored", "\"PermitRootLogin no\nMaxAuthTries 2\n"),
        .init("quoted keyword", "\"PermitRootLogin\" no\n"),
        .init("escaped space in a user", "AllowUsers a\\ b carol\n"),
        .init("quoted user with a space", "DenyUsers \"x y\" z\n"),
        .init("escaped quote", "AllowUsers \\\"bob\n"),
        .init("empty quoted value", "PermitRootLogin \"\"\n"),
        .init("empty quoted integer", "MaxAuthTries \"\"\n"),
        // Keywords: case, first wins, aliases, unknown, deprecated.
        .init("keywords ignore case", "pErMiTrOoTlOgIn No\nPASSWORDAUTHENTICATION NO\n"),
        .init("first value wins", "PermitRootLogin no\nPermitRootLogin yes\nMaxAuthTries 2\nMaxAuthTries 9\n"),
        .init("ChallengeResponseAuthentication is an alias", "ChallengeResponseAuthentication no\nKbdInteractiveAuthentication yes\n"),
        .init("SKeyAuthentication alias", "SKeyAuthentication no\n"),
        .init("KeepAlive alias", "KeepAlive no\n"),
        .init("DSAAuthentication alias", "DSAAuthentication no\n"),
        .init("unknown keyword", "PermitRootLogin no\nPermitRootLogins no\n"),
        .init("keyword without a value", "PermitRootLogin\n"),
        .init("keyword with only a comment", "PermitRootLogin # no\n"),
        .init("AllowUsers with only a comment", "AllowUsers # nobody\n"),
        .init("deprecated keywords are accepted", "UsePrivilegeSeparation sandbox\nProtocol 2\nRSAAuthentication yes\nUseLogin no\n"),
        .init("unsupported keywords are accepted", "KerberosGetAFSToken yes\nAFSTokenPassing no\n"),
        .init("Debian keywords", "DebianBanner no\nGSSAPIKeyExchange yes\nGSSAPIStoreCredentialsOnRekey yes\n"),
        .init("extra arguments", "PermitRootLogin no yes\n"),
        // Values.
        .init("bad PermitRootLogin", "PermitRootLogin maybe\n"),
        .init("every PermitRootLogin value", "PermitRootLogin prohibit-password\n"),
        .init("without-password", "PermitRootLogin WITHOUT-PASSWORD\n"),
        .init("forced-commands-only", "PermitRootLogin forced-commands-only\n"),
        .init("flag in capitals", "PasswordAuthentication YES\nUsePAM Yes\n"),
        .init("flag as a number", "PasswordAuthentication 1\n"),
        .init("negative integer", "MaxAuthTries -1\n"),
        .init("integer with junk", "MaxAuthTries 3x\n"),
        .init("integer with a plus", "MaxAuthTries +3\n"),
        .init("integer with leading zeros", "X11DisplayOffset 007\n"),
        .init("integer too large", "MaxSessions 99999999999\n"),
        .init("time units", "ClientAliveInterval 1h30m\nLoginGraceTime 2M\n"),
        .init("bad time", "LoginGraceTime 1y\n"),
        .init("log levels", "LogLevel debug\nSyslogFacility local0\n"),
        .init("bad log level", "LogLevel loud\n"),
        .init("ports", "Port 2222\nPort ssh\n"),
        .init("port zero", "Port 0\n"),
        .init("port too large", "Port 70000\n"),
        .init("compression delayed", "Compression delayed\nGatewayPorts clientspecified\nAllowTcpForwarding all\n"),
        .init("permit tunnel", "PermitTunnel point-to-point\n"),
        .init("permit tunnel is case-sensitive", "PermitTunnel Yes\n"),
        .init("ForceCommand keeps the raw line", "ForceCommand /bin/echo \"hi there\" # not a comment\n"),
        .init("ForceCommand none", "ForceCommand NONE\nChrootDirectory None\n"),
        .init("AllowUsers accumulate", "AllowUsers alice\nAllowUsers bob carol\nDenyGroups nogroup\nDenyGroups other\n"),
        .init("user@CIDR", "AllowUsers alice@10.0.0.0/8\n"),
        .init("user@CIDR with host bits", "AllowUsers alice@10.0.0.1/8\n"),
        .init("AcceptEnv with =", "AcceptEnv LANG=C\n"),
        .init("AuthenticationMethods two factors", "AuthenticationMethods publickey,password publickey,keyboard-interactive:pam\n"),
        .init("AuthenticationMethods first line wins", "AuthenticationMethods publickey,password\nAuthenticationMethods publickey\n"),
        .init("AuthenticationMethods any", "AuthenticationMethods any\n"),
        .init("AuthenticationMethods any not alone", "AuthenticationMethods publickey any\n"),
        .init("AuthenticationMethods any after a list", "AuthenticationMethods publickey\nMatch User x\nAuthenticationMethods any\n"),
        .init("AuthenticationMethods unknown method", "AuthenticationMethods publickey,otp\n"),
        .init("AuthenticationMethods cannot be satisfied", "PasswordAuthentication no\nAuthenticationMethods password\n"),
        .init("AuthenticationMethods one list satisfiable", "PasswordAuthentication no\nAuthenticationMethods password publickey\n"),
        .init("AuthorizedKeysCommand without user", "AuthorizedKeysCommand /usr/bin/keys\n"),
        .init("AuthorizedKeysCommand relative", "AuthorizedKeysCommand keys\nAuthorizedKeysCommandUser nobody\n"),
        .init("Subsystem twice", "Subsystem sftp /usr/lib/openssh/sftp-server\nSubsystem sftp internal-sftp\n"),
        .init("Ciphers", "Ciphers aes128-ctr,aes256-gcm@openssh.com\nMACs +hmac-sha1\nKexAlgorithms -diffie-hellman-group1-sha1\n"),
        .init("bad cipher", "Ciphers aes128-ctr,rot13\n"),
        .init("key types with wildcard", "PubkeyAcceptedAlgorithms ssh-ed25519*,rsa-sha2-*\n"),
        .init("MaxStartups", "MaxStartups 10:30:60\nPerSourceNetBlockSize 24:56\nPerSourceMaxStartups none\n"),
        .init("bad MaxStartups", "MaxStartups 10:0:60\n"),
        .init("IPQoS", "IPQoS af21 cs1\nRekeyLimit 1G 1h\nStreamLocalBindMask 0077\nFingerprintHash md5\n"),
        .init("bad IPQoS", "IPQoS fast\n"),
        .init("ChannelTimeout", "ChannelTimeout session=5m *=10m\nUnusedConnectionTimeout none\n"),
        .init("PermitOpen", "PermitOpen localhost:8080 [::1]:22\nPermitListen 8080\n"),
        .init("ListenAddress", "ListenAddress 127.0.0.1:2222\nListenAddress ::1\n"),
        // Match.
        .init("Match all overrides the global value", "PermitRootLogin yes\nMatch all\nPermitRootLogin no\n"),
        .init("Match all sets an unset value", "Match all\nPasswordAuthentication no\nMaxAuthTries 2\n"),
        .init("Match all with a comment", "Match all # everyone\nPasswordAuthentication no\n"),
        .init("Match all with other criteria", "Match all User bob\nPasswordAuthentication no\n"),
        .init("Match User then all", "Match User bob all\n"),
        .init("Match all then global-only keyword", "Match all\nPort 2222\nUsePAM yes\n"),
        .init("Match User: not applied", "PasswordAuthentication no\nMatch User backup\nPasswordAuthentication yes\n"),
        .init("Match User then global-only keyword", "Match User bob\nPort 22\n"),
        .init("Match Group then X11", "Match Group staff\nX11Forwarding yes\nAllowTcpForwarding no\n"),
        .init("Match block ends at the next Match", "Match User bob\nX11Forwarding yes\nMatch all\nX11Forwarding no\n"),
        .init("Match all AllowUsers replace", "AllowUsers alice\nMatch all\nAllowUsers bob\n"),
        .init("two Match all blocks", "Match all\nMaxAuthTries 4\nMatch all\nMaxAuthTries 5\nPermitRootLogin no\n"),
        .init("Match Address", "Match Address 10.0.0.0/8,!10.1.0.0/16\nPermitRootLogin yes\n"),
        .init("Match Address with host bits", "Match Address 10.0.0.1/8\nPermitRootLogin yes\n"),
        .init("Match Address wildcard", "Match Address 192.168.*\nPermitRootLogin yes\n"),
        .init("Match LocalPort", "Match LocalPort 2222\nPermitRootLogin yes\n"),
        .init("Match bad LocalPort", "Match LocalPort http2\n"),
        .init("Match unknown criterion", "Match Weekday monday\n"),
        .init("Match without criteria", "Match\n"),
        .init("Match User without a pattern", "Match User\n"),
        .init("Match with equals", "Match User=bob\nPasswordAuthentication yes\n"),
        .init("Match Host and RDomain", "Match Host *.example.com RDomain rdomain1\nPermitRootLogin yes\n"),
        .init("Match criteria in capitals", "Match USER bob ADDRESS 10.0.0.0/8\nPermitRootLogin yes\n"),
        .init("Match all then comment argument", "Match all #\nPermitRootLogin no\n"),
        // Include.
        .init("Match in a drop-in ends with the drop-in", "Include sshd_config.d/*.conf\nPermitEmptyPasswords yes\n",
              [dropIn: "Match User bob\nX11Forwarding yes\n"]),
        .init("Match all in a drop-in", "Include sshd_config.d/*.conf\nPermitRootLogin yes\n",
              [dropIn: "Match all\nPermitRootLogin no\n"]),
        .init("drop-in comes first", "Include sshd_config.d/*.conf\nPasswordAuthentication yes\n",
              [dropIn: "PasswordAuthentication no\n"]),
        .init("drop-ins in name order", "Include sshd_config.d/*.conf\n",
              ["sshd_config.d/20-b.conf": "MaxAuthTries 2\n", "sshd_config.d/10-a.conf": "MaxAuthTries 1\n",
               "sshd_config.d/B.conf": "MaxAuthTries 3\n"]),
        .init("dot-files skipped by *", "Include sshd_config.d/*\n",
              ["sshd_config.d/.hidden.conf": "PermitRootLogin yes\n", "sshd_config.d/a.conf": "MaxAuthTries 2\n"]),
        .init("dot-files matched by .*", "Include sshd_config.d/.*\n",
              ["sshd_config.d/.hidden.conf": "PermitRootLogin yes\n", "sshd_config.d/a.conf": "MaxAuthTries 2\n"]),
        .init("dot-file named in full", "Include sshd_config.d/.hidden.conf\n", ["sshd_config.d/.hidden.conf": "PermitRootLogin yes\n"]),
        .init("wildcard in the folder", "Include */site.conf\n",
              ["a/site.conf": "MaxAuthTries 2\n", "b/site.conf": "PermitRootLogin no\n", ".c/site.conf": "PasswordAuthentication no\n"]),
        .init("question mark and brackets", "Include conf?/[ab].conf\n", ["conf1/a.conf": "MaxAuthTries 2\n", "conf2/c.conf": "MaxAuthTries 3\n"]),
        .init("quoted Include path with a space", "Include \"sshd_config.d/my site.conf\"\n",
              ["sshd_config.d/my site.conf": "PermitRootLogin no\n"]),
        .init("absolute Include path", "Include /etc/ssh/sshd_config.d/*.conf\n", [dropIn: "PermitRootLogin no\n"]),
        .init("two patterns on one Include", "Include a.conf b.conf\n", ["a.conf": "MaxAuthTries 2\n", "b.conf": "PermitRootLogin no\n"]),
        .init("Include of nothing", "Include sshd_config.d/*.conf\nPermitRootLogin no\n"),
        .init("Include of a missing file", "Include missing.conf\n"),
        .init("Include of a folder", "Include sshd_config.d\n", [dropIn: "PermitRootLogin yes\n"]),
        .init("Include with an empty argument", "Include \"\"\n"),
        .init("nested Include", "Include a.conf\n", ["a.conf": "Include b.conf\nMaxAuthTries 2\n", "b.conf": "MaxAuthTries 4\nPermitRootLogin no\n"]),
        .init("Include loop", "Include sshd_config\n"),
        .init("Include loop between two files", "Include a.conf\n", ["a.conf": "Include b.conf\n", "b.conf": "Include a.conf\n"]),
        .init("Include inside Match", "Match User bob\nInclude inc.conf\n", ["inc.conf": "PasswordAuthentication yes\n"]),
        .init("Include inside Match: global-only keyword", "Match User bob\nInclude inc.conf\n", ["inc.conf": "Port 2222\n"]),
        .init("Include inside Match: Match all inside", "Match User bob\nInclude inc.conf\nPermitRootLogin yes\n",
              ["inc.conf": "Match all\nPasswordAuthentication no\n"]),
        .init("Include inside Match all", "Match all\nInclude inc.conf\n", ["inc.conf": "PasswordAuthentication no\nMatch User x\nX11Forwarding yes\n"]),
        .init("Include inside Match all: then global-only", "Match all\nInclude inc.conf\n", ["inc.conf": "Match User x\nPort 22\n"]),
        .init("Include after Match all restores state", "Match all\nInclude inc.conf\nMaxAuthTries 3\n", ["inc.conf": "Match User x\n"]),
        .init("unknown keyword in a drop-in", "Include sshd_config.d/*.conf\n", [dropIn: "PermitRootLogin no\nBogus yes\n"]),
        .init("bad value in a drop-in", "Include sshd_config.d/*.conf\nPermitRootLogin no\n", [dropIn: "PasswordAuthentication perhaps\n"]),
        .init("the same drop-in twice", "Include a.conf\nInclude a.conf\n", ["a.conf": "Subsystem sftp internal-sftp\n"]),
        .init("Debian's default file", """
            Include /etc/ssh/sshd_config.d/*.conf
            KbdInteractiveAuthentication no
            UsePAM yes
            X11Forwarding yes
            PrintMotd no
            AcceptEnv LANG LC_*
            Subsystem\tsftp\t/usr/lib/openssh/sftp-server

            """),
    ]
}
