import Foundation

/// Generated /etc/passwd, /etc/shadow and /etc/group files: mostly ordinary lines, with the
/// shapes glibc and pam_unix treat specially mixed in (numbers with blanks, signs or overflow,
/// too few or too many fields, comments, CR line ends, duplicates, expiry around today).
struct AccountFiles {
    var passwd: [String] = []
    var shadow: [String] = []
    var group: [String] = []
    /// The names to ask the oracle about (some exist only on lines glibc skips).
    var names: [String] = []

    /// The issue's cases, written by hand.
    static func handWritten(today: Int) -> AccountFiles {
        var files = AccountFiles()
        files.passwd = [
            "root:x:0:0:root:/root:/bin/bash", "#toor:x:0:0:comment:/:/bin/sh", "blankuid:x: 0:0::/:/bin/sh",
            "six:x:1001:1001::/home/six", "eight:x:1002:1002::/h:/bin/sh:extra", "minus:x:-1:0::/:/bin/sh",
            "wrap:x:4294967296:0::/:/bin/sh", "maxuid:x:4294967295:0::/:/bin/sh", " lead:x:1003:1003::/:/bin/bash",
            "crlf:x:1004:1004::/:/bin/bash\r", "after:x:1005:27::/:/bin/bash", "bob:x:1006:1006::/:/bin/bash",
            "dupshadow:x:1007:1007::/:/bin/bash", "dupshadow2:x:1008:1008::/:/bin/bash", "expired:x:1009:1009::/:/bin/bash",
            "shareuid:x:1005:1005::/:/bin/bash", "three:x:1010", "four:x:1011:1011", "+compat::::::", "-minus::::::",
        ]
        files.shadow = [
            "root:*:\(today - 100):0:99999:7:::", "bob:", "dupshadow::\(today):0:99999:7:::",
            "dupshadow:$6$a$b:\(today):0:99999:7:::", "dupshadow2:!$6$a$b:\(today):0:99999:7:::",
            "dupshadow2::\(today):0:99999:7:::", "expired:$6$a$b:\(today - 10):0:99999:7::\(today - 1):",
            "after:$6$a$b:\(today - 10):0:30:7:5::", "shareuid:$6$a$b:0:0:99999:7:::", "crlf::\(today):0:99999:7:::\r",
            "six:$6$a$b:\(today):0:99999:7::\(today):", "four:$6$a$b:\(today):0:99999:7::\(today + 1):",
        ]
        files.group = [
            "root:x:0:", "sudo:x:27:after , bob,crlf", " wheel:x: 10:six,four", "adm:x:4", "staff:x:50:dupshadow ,eight\t",
            "dup27:x:27:expired", "shareuid:x:1005:", "#sudo:x:27:root",
        ]
        files.names = [
            "root", "toor", "blankuid", "six", "eight", "minus", "wrap", "maxuid", "lead", "crlf", "after",
            "bob", "dupshadow", "dupshadow2", "expired", "shareuid", "three", "four", "compat", "nosuch",
        ]
        return files
    }

    /// A generated batch of about `count` accounts.
    static func generated(batch: Int, count: Int, today: Int, random: inout SeededRandom) -> AccountFiles {
        var files = AccountFiles()
        let names = (0..<count).map { "g\(batch)u\($0)" }
        let gids = (0..<(count / 3 + 2)).map { 2000 + batch * 100 + $0 }
        files.names = names + ["g\(batch)missing"]
        let numbers = [
            "0", " 0", "\t7", "+5", "-0", "-1", "4294967295", "4294967296", "99999999999999999999", "1e3",
            "0x10", "", " ", "12 ", "007", "2147483648", "-4294967295", "18446744073709551615",
        ]
        for name in names {
            var uid = random.chance(80) ? String(1000 + random.below(3000)) : random.pick(numbers)
            if random.chance(5) { uid = "0" }
            let gid = random.chance(85) ? String(random.pick(gids)) : random.pick(numbers)
            let password = random.pick(["x", "x", "x", "x", "", "*", "!", "##\(name)", "$6$salt$hash", "x "])
            let shell = random.pick(["/bin/bash", "/bin/bash", "/usr/sbin/nologin", "", "/bin/false", "/bin/sh:extra"])
            var fields = [name, password, uid, gid, "gecos", "/home/\(name)", shell]
            if random.chance(12) { fields = Array(fields.prefix(3 + random.below(4))) }
            if random.chance(6) { fields.append("extra") }
            files.passwd.append(decorate(fields.joined(separator: ":"), &random))
            if random.chance(4) { files.passwd.append(name + ":x:\(random.below(5000)):0::/:/bin/sh") }
        }
        let hashes = ["", "!", "!$6$a$b", "*", "$6$a$b", "!!", "abcdefghijklm", "x", "!*"]
        for name in names where random.chance(90) {
            let day = { (r: inout SeededRandom) -> String in
                r.pick([
                    "", "", "0", String(today - r.below(400)), String(today + r.below(50)), " 5", "-1", "4294967295",
                    "2147483648", "abc", "1 ", "-2",
                ])
            }
            var fields = [
                name, random.pick(hashes), day(&random), random.pick(["", "0", "-1", "1"]),
                random.pick(["", "99999", "30", "0", "-1"]), random.pick(["", "7"]),
                random.pick(["", "0", "10", "-1"]),
                random.pick(["", "", "", "0", "1", String(today - 1), String(today), String(today + 1), "-1", "-2", day(&random)]),
                random.pick(["", "", "0", "x"]),
            ]
            if random.chance(15) { fields = Array(fields.prefix(2 + random.below(7))) }
            if random.chance(5) { fields.append("") }
            files.shadow.append(decorate(fields.joined(separator: ":"), &random))
            if random.chance(6) { files.shadow.append("\(name)::\(today):0:99999:7:::") }
        }
        for (index, gid) in gids.enumerated() {
            var members: [String] = []
            for _ in 0..<random.below(5) {
                let member = random.pick(names)
                members.append(random.pick([member, member, " \(member)", "\(member) ", "\(member)\t", "", " "]))
            }
            let gidText = random.chance(85) ? String(gid) : random.pick(numbers + [" \(gid)", "\(gids[0])"])
            var fields = ["grp\(batch)x\(index)", "x", gidText, members.joined(separator: random.pick([",", ",", ", ", ",,"]))]
            if random.chance(10) { fields = Array(fields.prefix(3)) }
            files.group.append(decorate(fields.joined(separator: ":"), &random))
        }
        return files
    }

    /// Leading blanks, comments, CR line ends and blank lines around a line, now and then.
    private static func decorate(_ line: String, _ random: inout SeededRandom) -> String {
        switch random.below(40) {
        case 0: " " + line
        case 1: "\t" + line
        case 2: "#" + line
        case 3: " #" + line
        case 4: line + "\r"
        case 5: line + " "
        case 6: "\n" + line
        case 7: "   \n" + line
        default: line
        }
    }
}
