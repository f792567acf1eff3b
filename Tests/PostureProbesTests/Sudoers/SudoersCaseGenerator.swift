import Foundation

/// Random sudoers files built from the grammar's pieces: aliases (defined before or after use),
/// negation, `#uid`, `%group`, `%#gid`, run-as lists, options, tags (spaced or not), Defaults of
/// every scope, comments, continuation lines, includes, and now and then an error sudo refuses.
struct SudoersCaseGenerator {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    static let users = ["ann", "bob", "carol", "dave", "erin"]
    static let commands = ["/usr/bin/true", "/usr/bin/id", "/usr/bin/whoami", "/usr/bin/date"]

    mutating func userItem() -> String {
        pick([
            "ann", "bob", "carol", "dave", "erin", "#1001", "#1003", "%ops", "%wheel", "%#2002", "%#2003", "%carol", "ALL",
            "!ann", "!erin", "ADMINS", "STAFF", "!STAFF", "%\"wheel\"", "\"bob\"",
        ])
    }

    mutating func userList() -> String {
        var items = [userItem()]
        while chance(30), items.count < 4 { items.append(userItem()) }
        // A list that starts with a negation matches nobody; make most lists start positive.
        if items[0].hasPrefix("!"), chance(70) { items.insert(pick(["ALL", "%wheel", "ann"]), at: 0) }
        return items.joined(separator: pick([",", ", ", " ,"]))
    }

    mutating func hostList(_ hostname: String) -> String {
        pick([
            "ALL", "ALL", "ALL", hostname, "other", "ws*", "HOSTS", "ALL,!other", "ALL, !\(hostname)", "\(hostname).corp.example",
            "!other,ALL",
        ])
    }

    mutating func runas() -> String {
        pick([
            "", "", "(ALL)", "(root)", "(bob)", "(ALL:ALL)", "(:wheel)", "()", "(root, bob)", "(RUNNERS)", "(ALL,!root)", "(#0)",
            "(%wheel)", "(ALL : ALL)", "(bob:wheel)",
        ])
    }

    mutating func options() -> String {
        pick([
            "", "", "", "CWD=/tmp ", "TIMEOUT=5m ", "NOTAFTER=20200101000000Z ", "NOTBEFORE=20990101000000Z ",
            "NOTAFTER=20991231000000Z ", "CWD=* TIMEOUT=1h30m ", "NOTBEFORE=2020010100Z ",
        ])
    }

    mutating func tags() -> String {
        pick([
            "", "", "", "NOPASSWD: ", "NOPASSWD:", "PASSWD: ", "NOPASSWD : ", "NOEXEC: ", "SETENV: ", "NOPASSWD: SETENV: ",
            "EXEC:NOPASSWD: ", "PASSWD:NOEXEC: ",
        ])
    }

    mutating func command() -> String {
        pick([
            "ALL", "ALL", "/usr/bin/true", "/usr/bin/id", "/usr/bin/whoami", "/usr/bin/date", "/usr/bin/id -u", "/usr/bin/id \"\"",
            "/usr/bin/wh*", "/usr/bin/", "!/usr/bin/id", "TOOLS", "!TOOLS", "/usr/bin/true\\,x",
        ])
    }

    mutating func commandSpecs() -> String {
        var specs: [String] = []
        repeat {
            specs.append(runas() + (chance(50) ? " " : "") + options() + tags() + command())
        } while chance(40) && specs.count < 4
        return specs.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: pick([", ", ",", " , "]))
    }

    mutating func userSpec(_ hostname: String) -> String {
        var privileges = [hostList(hostname) + pick(["=", " = ", " ="]) + commandSpecs()]
        if chance(15) { privileges.append(hostList(hostname) + "=" + commandSpecs()) }
        return userList() + " " + privileges.joined(separator: " : ")
    }

    mutating func aliasLines(_ hostname: String) -> [String] {
        var lines: [String] = []
        if chance(60) { lines.append("User_Alias ADMINS = " + pick(["ann, bob", "%wheel", "ALL, !erin", "#1004", "%ops, carol"])) }
        if chance(40) { lines.append("User_Alias STAFF = " + pick(["dave, erin", "ADMINS, carol", "%#2002"])) }
        if chance(40) {
            lines.append(
                "Cmnd_Alias TOOLS = " + pick(["/usr/bin/id, /usr/bin/whoami", "/usr/bin/true", "ALL, !/usr/bin/date", "/usr/bin/*"]))
        }
        if chance(30) { lines.append("Runas_Alias RUNNERS = " + pick(["root, bob", "ALL", "%wheel"])) }
        if chance(30) { lines.append("Host_Alias HOSTS = " + pick([hostname, "other", "ws*, !other"])) }
        if chance(10) { lines.append("Cmd_Alias MORE = /usr/bin/date : User_Alias OTHERS = dave") }
        return lines
    }

    mutating func defaultsLine(_ hostname: String) -> String {
        pick([
            "Defaults !authenticate", "Defaults authenticate", "Defaults:ann !authenticate", "Defaults:%wheel !authenticate",
            "Defaults:ALL !authenticate", "Defaults:ann, bob !authenticate", "Defaults ! authenticate",
            "Defaults@\(hostname) !authenticate",
            "Defaults@other !authenticate", "Defaults>root !authenticate", "Defaults>bob !authenticate",
            "Defaults!/usr/bin/id !authenticate",
            "Defaults!/usr/bin/id authenticate", "Defaults:erin authenticate", "Defaults env_reset", "Defaults exempt_group=wheel",
            "Defaults timestamp_timeout=0", "Defaults:STAFF !authenticate", "Defaults !lecture, passwd_tries=3",
            "Defaults secure_path=\"/usr/sbin:/usr/bin\"", "Defaults:#1002 !authenticate", "Defaults!TOOLS !authenticate",
        ])
    }

    /// Something sudo refuses, now and then.
    mutating func brokenLine() -> String {
        pick([
            "User_Alias ADMINS = erin", "Defaults no_such_option", "ann ALL /usr/bin/id", "ann ALL=(ALL) NOPASSWD: CWD=/tmp ALL",
            "Defaults authenticate=yes", "ann ALL=(ALL ALL", "Defaults passwd_tries=many", "ann ALL = TIMEOUT=soon ALL",
            "ann ALL=(ALL) APPARMOR_PROFILE=x ALL", "ALL ALL = CWD=tmp ALL", "\"\" ALL = ALL",
        ])
    }

    mutating func makeCase(_ number: Int) -> SudoersCase {
        let hostname = pick(["ws1", "ws1", "ws1.corp.example", "desk7"])
        var lines: [String] = []
        var deferredAliases = aliasLines(hostname)
        if chance(50) {
            lines += deferredAliases
            deferredAliases = []
        }
        for _ in 0..<Int.random(in: 1...5, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0, 1: lines.append(defaultsLine(hostname))
            case 2: lines.append(pick(["# a comment", "## section", "# trailing backslash \\", "   # indented", "#-comment"]))
            default: lines.append(userSpec(hostname))
            }
        }
        var files: [String: String] = [:]
        if chance(30) {
            var included: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) { included.append(chance(30) ? defaultsLine(hostname) : userSpec(hostname)) }
            let name = pick(["10-extra", "20-more", "extra", "50.conf", "old~"])
            files["/etc/sudoers.d/" + name] = included.joined(separator: "\n") + "\n"
            lines.append(
                pick([
                    "@includedir /etc/sudoers.d", "#includedir /etc/sudoers.d", "@include /etc/sudoers.d/\(name)",
                    "#include\t/etc/sudoers.d/\(name)", "@include \"/etc/sudoers.d/\(name)\" # c", "@includedir /etc/sudoers.d/",
                ]))
        }
        lines += deferredAliases
        if chance(8) { lines.insert(brokenLine(), at: Int.random(in: 0...lines.count, using: &random)) }
        lines.shuffle(using: &random)
        var text = ""
        for line in lines {
            if chance(8), let space = line.firstIndex(of: " "), !line.hasPrefix("#"), !line.hasPrefix("Defaults"), !line.hasPrefix("@") {
                text += line[..<space] + " \\\n   " + line[line.index(after: space)...] + "\n"
            } else {
                text += line + (chance(3) ? "\r\n" : "\n")
            }
        }
        files["/etc/sudoers"] = text
        var queries: [SudoersCase.Query] = []
        var people = Self.users
        people.shuffle(using: &random)
        for user in people.prefix(3) {
            queries.append(.init(user: user, command: "/usr/bin/uname"))
            queries.append(.init(user: user, command: pick(Self.commands)))
            switch Int.random(in: 0..<4, using: &random) {
            case 0: queries.append(.init(user: user, runasUser: "bob", command: pick(Self.commands)))
            case 1: queries.append(.init(user: user, runasUser: user, runasGroup: "wheel", command: "/usr/bin/id"))
            case 2: queries.append(.init(user: user, command: "/usr/bin/id", arguments: "-u"))
            default: queries.append(.init(user: user, runasUser: "root", command: "/usr/bin/uname"))
            }
        }
        return SudoersCase(
            name: "random-\(number)", files: files, passwd: SudoersCase.standardPasswd, group: SudoersCase.standardGroup,
            hostname: hostname, queries: queries)
    }
}
