/// Hand-written sudoers cases: every known way the old reader went wrong, and the corners of
/// sudo's grammar (the oracle says what is right; these only choose what to ask).
enum SudoersEdgeCases {
    static func make(
        _ name: String, _ sudoers: String, extra: [String: String] = [:], hostname: String = "ws1",
        users: [String] = ["ann", "bob", "carol", "erin"]
    ) -> SudoersCase {
        var queries: [SudoersCase.Query] = []
        for user in users {
            queries.append(.init(user: user, command: "/usr/bin/uname"))
            queries.append(.init(user: user, command: "/usr/bin/id"))
            queries.append(
                user == "ann" || user == "bob"
                    ? .init(user: user, runasGroup: "wheel", command: "/usr/bin/id")
                    : .init(user: user, runasUser: "bob", command: "/usr/bin/true"))
        }
        var files = extra
        files["/etc/sudoers"] = sudoers
        return SudoersCase(
            name: name, files: files, passwd: SudoersCase.standardPasswd, group: SudoersCase.standardGroup,
            hostname: hostname, queries: queries)
    }

    static let cases: [SudoersCase] = [
        make("uid-principal", "#1001 ALL=(ALL) NOPASSWD: ALL\n"),
        make("runas-uid", "ann ALL=(#0) NOPASSWD: /usr/bin/id\n"),
        make("gid-principal", "%#2002 ALL=(ALL) NOPASSWD: ALL\n"),
        make("primary-group", "%ops ALL=(ALL) ALL\n"),
        make("option-then-tag", "ann ALL=(ALL) CWD=/tmp NOPASSWD: ALL\n"),
        make("timeout-then-tag", "ann ALL=(ALL) TIMEOUT=5m NOPASSWD: ALL\n"),
        make("notafter-future-then-tag", "ann ALL=(ALL) NOTAFTER=20991231000000Z NOPASSWD: ALL\n"),
        make("notafter-past", "ann ALL=(ALL) NOTAFTER=20200101000000Z NOPASSWD: ALL\n"),
        make("notbefore-future", "ann ALL=(ALL) NOTBEFORE=20990101000000Z NOPASSWD: ALL\nann ALL=(ALL) ALL\n"),
        make("tag-spaced", "ann ALL = NOPASSWD : ALL\n"),
        make("include-tab", "#include\t/etc/sudoers.d/extra\n", extra: ["/etc/sudoers.d/extra": "bob ALL=(ALL) NOPASSWD: ALL\n"]),
        make(
            "include-comment", "@include /etc/sudoers.d/extra # the helpdesk\n", extra: ["/etc/sudoers.d/extra": "bob ALL=NOPASSWD: ALL\n"]),
        make("include-quoted", "@include \"/etc/sudoers.d/extra\"\n", extra: ["/etc/sudoers.d/extra": "bob ALL=NOPASSWD: ALL\n"]),
        make("include-relative", "@include sudoers.d/extra\n", extra: ["/etc/sudoers.d/extra": "bob ALL=NOPASSWD: ALL\n"]),
        make("include-hostname", "@include /etc/sudoers.d/%h\n", extra: ["/etc/sudoers.d/ws1": "bob ALL=NOPASSWD: ALL\n"]),
        make("include-indented-hash", "  #include /etc/sudoers.d/extra\n", extra: ["/etc/sudoers.d/extra": "bob ALL=NOPASSWD: ALL\n"]),
        make(
            "includedir-skips", "@includedir /etc/sudoers.d\n",
            extra: [
                "/etc/sudoers.d/a.conf": "ann ALL=NOPASSWD: ALL\n", "/etc/sudoers.d/b~": "bob ALL=NOPASSWD: ALL\n",
                "/etc/sudoers.d/c": "carol ALL=(ALL) ALL\n",
            ]),
        make("include-missing", "@include /etc/sudoers.d/missing\n"),
        make("include-loop", "@include /etc/sudoers\n"),
        make(
            "include-loop-pair", "@include /etc/sudoers.d/a\n",
            extra: ["/etc/sudoers.d/a": "@include /etc/sudoers.d/b\n", "/etc/sudoers.d/b": "@include /etc/sudoers.d/a\n"]),
        make("comment-backslash", "# a comment \\\nann ALL=(ALL) NOPASSWD: ALL\n"),
        make("comment-after-rule-backslash", "bob ALL=(ALL) ALL # note \\\nann ALL=(ALL) NOPASSWD: ALL\n"),
        make("continuation", "ann ALL = (ALL) \\\n  NOPASSWD: \\\n  ALL\n"),
        make("alias-before-definition", "ADMINS ALL=(ALL) NOPASSWD: ALL\nUser_Alias ADMINS = ann, bob\n"),
        make("cmnd-alias-later", "ann ALL=(ALL) NOPASSWD: TOOLS\nCmnd_Alias TOOLS = /usr/bin/id, /usr/bin/uname\n"),
        make("defaults-all", "Defaults:ALL !authenticate\nann ALL=(ALL) ALL\n"),
        make("defaults-group", "Defaults:%wheel !authenticate\nbob ALL=(ALL) ALL\nann ALL=(ALL) ALL\n"),
        make("defaults-two-users", "Defaults:ann, bob !authenticate\nann, bob, carol ALL=(ALL) ALL\n"),
        make("defaults-bang-space", "Defaults ! authenticate\nann ALL=(ALL) ALL\n"),
        make("defaults-command", "Defaults!/usr/bin/id !authenticate\nann ALL=(ALL) ALL\n"),
        make("defaults-runas", "Defaults>bob !authenticate\nann ALL=(ALL) ALL\n"),
        make("defaults-host-other", "Defaults@other !authenticate\nann ALL=(ALL) ALL\n"),
        make("defaults-host-this", "Defaults@ws1 !authenticate\nann ALL=(ALL) ALL\n"),
        make("defaults-later-global-vs-passwd", "ann ALL=(ALL) PASSWD: ALL\nDefaults !authenticate\n"),
        make("defaults-later-global", "ann ALL=(ALL) ALL\nDefaults !authenticate\n"),
        make("defaults-user-then-global", "Defaults:ann !authenticate\nDefaults authenticate\nann ALL=(ALL) ALL\n"),
        make("defaults-command-beats-user", "Defaults!/usr/bin/id authenticate\nDefaults:ann !authenticate\nann ALL=(ALL) ALL\n"),
        make("last-match-wins", "ann ALL=(ALL) NOPASSWD: ALL\nann ALL=(ALL) ALL\n"),
        make("last-match-negated", "ann ALL=(ALL) NOPASSWD: ALL, !/usr/bin/id\n"),
        make("host-other", "ann other=(ALL) NOPASSWD: ALL\n"),
        make("host-negated", "ann ALL,!ws1=(ALL) NOPASSWD: ALL\n"),
        make("host-glob", "ann ws*=(ALL) NOPASSWD: ALL\n"),
        make("host-fqdn", "ann ws1.corp.example=(ALL) NOPASSWD: ALL\nbob ws1=(ALL) NOPASSWD: ALL\n", hostname: "ws1.corp.example"),
        make("all-but-erin", "ALL, !erin ALL=(ALL) NOPASSWD: ALL\n"),
        make("runas-group-only", "ann ALL=(:wheel) NOPASSWD: ALL\n"),
        make("runas-myself", "ann ALL=() NOPASSWD: ALL\n"),
        make("runas-carried", "ann ALL=(bob) NOPASSWD: /usr/bin/id, /usr/bin/uname\n"),
        make("tag-carried", "ann ALL=NOPASSWD: /usr/bin/id, /usr/bin/uname, PASSWD: /usr/bin/true\n"),
        make("crlf", "ann ALL=(ALL) NOPASSWD: ALL\r\nbob ALL=(ALL) ALL\r\n"),
        make("duplicate-alias", "User_Alias A = ann\nUser_Alias A = bob\nA ALL=(ALL) NOPASSWD: ALL\n"),
        make("undefined-alias", "ann ALL=(ALL) NOPASSWD: NOSUCH\n"),
        make("alias-cycle", "User_Alias X = Y\nUser_Alias Y = X\nX ALL=ALL\nann ALL=ALL\n"),
        make("unknown-default", "Defaults frobnicate\nann ALL=ALL\n"),
        make("flag-with-value", "Defaults authenticate=yes\n"),
        make("tag-before-option", "ann ALL=(ALL) NOPASSWD: CWD=/tmp ALL\n"),
        make("apparmor-not-built", "ann ALL=(ALL) APPARMOR_PROFILE=x ALL\n"),
        make("selinux-role", "ann ALL=(ALL) ROLE=r TYPE=t NOPASSWD: /usr/bin/uname\n"),
        make("exempt-group", "Defaults exempt_group=wheel\nbob, ann ALL=(ALL) ALL\n"),
        make("negated-alias-user", "User_Alias STAFF = ann, bob\nALL, !STAFF ALL = NOPASSWD: ALL\n"),
        make("double-bang", "ann ALL = !!/usr/bin/uname\n"),
        make("quoted-user", "\"ann\" ALL = NOPASSWD: ALL\n\"%wheel\" ALL = ALL\n"),
        make("nonunix-group", "%:domain\\ admins ALL = NOPASSWD: ALL\nann ALL=ALL\n"),
        make("netgroup", "+admins ALL = NOPASSWD: ALL\nann ALL=ALL\n"),
        make("escaped-comma", "ann ALL = NOPASSWD: /usr/bin/id a\\,b, /usr/bin/uname\n"),
        make("directory-command", "ann ALL = NOPASSWD: /usr/bin/\n"),
        make("glob-command", "ann ALL = NOPASSWD: /usr/bin/una*\n"),
        make("empty-args", "ann ALL = NOPASSWD: /usr/bin/id \"\"\n"),
        make("uid-comment-boundary", "# 1001 ALL = NOPASSWD: ALL\n#1001 ALL = (ALL) ALL\n"),
        make("hash-minus", "#-comment line\nann ALL = ALL\n"),
        make("multiple-privileges", "ann other = NOPASSWD: ALL : ws1 = /usr/bin/id\n"),
        make("alias-multiple", "User_Alias A = ann : B = bob\nA, B ALL = NOPASSWD: ALL\n"),
        make("runas-alias", "Runas_Alias R = bob\nann ALL = (R) NOPASSWD: ALL\n"),
        make("host-alias", "Host_Alias H = ws1\nann H = NOPASSWD: ALL\n"),
        make("defaults-list", "Defaults env_reset, !authenticate, passwd_tries=3\nann ALL=ALL\n"),
        make("defaults-user-alias", "User_Alias STAFF = ann\nDefaults:STAFF !authenticate\nann ALL=ALL\n"),
        make("empty-file", ""),
        make("only-comments", "# nothing\n## here\n"),
        make("no-final-newline", "ann ALL=(ALL) NOPASSWD: ALL"),
        make("syntax-missing-equals", "ann ALL /usr/bin/id\n"),
        make("unterminated-string", "\"ann ALL = ALL\n"),
        make("sudoedit", "ann ALL = NOPASSWD: sudoedit /etc/motd\n"),
        make("digest", "ann ALL = sha224:\(String(repeating: "0", count: 56)) /usr/bin/id\n"),
        make("list-command", "ann ALL = list\n"),
        make("ipv4-host", "ann 10.0.0.0/8 = NOPASSWD: ALL\n"),
        make("reserved-alias-name", "User_Alias ALL = ann\n"),
    ]
}
