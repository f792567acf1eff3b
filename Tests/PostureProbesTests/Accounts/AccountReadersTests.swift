import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The cases, in memory (no root, no oracle needed): each line read as glibc reads it.
@Suite("passwd, shadow and group readers")
struct AccountReadersTests {
    @Test("passwd: comments, blanks, CR, field counts and uid range as nss_files")
    func passwd() {
        let text =
            "root:x:0:0:root:/root:/bin/bash\r\n#toor:x:0:0::/:/bin/sh\r\nblank:x: 0:0::/:/bin/sh\r\n"
            + "six:x:1001:1001::/home/six\neight:x:1002:1002::/h:/bin/sh:extra\nminus:x:-1:0::/:/bin/sh\n"
            + "wrap:x:4294967296:0::/:/bin/sh\nmax:x:4294967295:0::/:/bin/sh\n\tlead:x:7:7::/:/bin/sh\n+::::::\n"
            + "trail:x:8 :8::/:/bin/sh\nnul:x:9:9::/:/bin/sh\u{0}ignored\n"
        let (entries, skipped) = PasswdFile.parse(text)
        #expect(entries.map(\.name) == ["root", "blank", "six", "eight", "max", "lead", "nul"])
        #expect(entries[0].shell == "/bin/bash\r", "CR is data to glibc, not a line end")
        #expect(entries[1].uid == 0, "a uid written ' 0' is 0")
        #expect(entries[2].shell == "", "a 6-field line has an empty shell")
        #expect(entries[3].shell == "/bin/sh:extra", "the shell is the rest of the line")
        #expect(entries[4].uid == UInt32.max)
        #expect(entries[6].shell == "/bin/sh", "the C parser stops at a NUL")
        #expect(skipped.map(\.line) == [6, 7, 10, 11])
    }

    @Test("shadow: short, old-form and overlong lines, -1 and wrap-around days")
    func shadow() {
        let text = "bob:\nold:h:1:2:3\nfull:h:1:2:3:4:5:6:\nten:h:1:2:3:4:5:6:7:\nwrap:h:4294967295:::::20000:\nletter:h:x::::::\n"
        let (entries, skipped) = ShadowFile.parse(text)
        #expect(entries.map(\.name) == ["old", "full", "wrap"])
        #expect(entries[0].maximum == 3 && entries[0].expire == nil)
        #expect(entries[1].expire == 6)
        #expect(entries[2].lastChange == nil && entries[2].expire == 20_000, "4294967295 is -1 in a C int: empty")
        #expect(skipped.map(\.line) == [1, 4, 6])
    }

    @Test("group: a leading blank, 3-field lines, member blanks, and commented lines initgroups still reads")
    func group() {
        let text = " wheel:x: 10:ann\nadm:x:4\nsudo:x:27:ann , bob,\tcarol\n#sudo:x:27:dave\n"
        let groups = GroupFile.parse(text).entries
        #expect(groups.map(\.name) == ["wheel", "adm", "sudo"])
        #expect(groups[1].members == [])
        #expect(groups[2].members == ["ann ", "bob", "carol"])
        let initgroups = GroupFile.initgroupsEntries(text)
        #expect(GroupFile.membership(user: "ann", primaryGID: 1000, initgroups: initgroups, groups: groups).map(\.gid) == [1000, 10])
        #expect(GroupFile.membership(user: "bob", primaryGID: 1000, initgroups: initgroups, groups: groups).map(\.name) == [nil, "sudo"])
        #expect(GroupFile.membership(user: "dave", primaryGID: 27, initgroups: initgroups, groups: groups).map(\.gid) == [27])
        #expect(
            GroupFile.membership(user: "dave", primaryGID: 1, initgroups: initgroups, groups: groups).map(\.gid) == [1, 27],
            "glibc's initgroups does not skip '#' lines")
    }

    @Test("pam_unix: duplicates take the first entry; a short line is no entry; expiry and inactivity")
    func pamView() {
        let shadow = ShadowFile.parse(
            "dup::20000:0:99999:7:::\ndup:!$6$a$b:20000:0:99999:7:::\nbob:\n"
                + "gone:$6$a$b:20000:0:99999:7::20700:\nlapsed:$6$a$b:20000:0:90:7:14::\n"
        ).entries
        var first: [String: ShadowEntry] = [:]
        for entry in shadow where first[entry.name] == nil { first[entry.name] = entry }
        func judged(_ name: String) -> Account {
            var account = Account(name: name, uid: 1000)
            AccountsProbe.judgePassword(
                PasswdEntry(name: name, password: "x", uid: 1000, gid: 1000, gecos: "", home: "/", shell: "/bin/sh", line: 1),
                shadow: first, into: &account)
            return account
        }
        #expect(judged("dup").password == "empty")
        #expect(judged("bob").password == "none", "pam_unix finds no entry for 'bob:'")
        #expect(judged("gone").aging?.verdict(onDay: 20_699) == .open)
        #expect(judged("gone").aging?.verdict(onDay: 20_700) == .accountExpired)
        #expect(judged("lapsed").aging?.verdict(onDay: 20_100) == .mustChangePassword)
        #expect(judged("lapsed").aging?.verdict(onDay: 20_105) == .passwordInactive)
    }

    @Test("hostile input: huge uids, NULs, torn records, a million-character line")
    func hostile() {
        #expect(LegacyLoginRecords.lastlog([1, 2, 3], uids: [0, UInt32.max]).isEmpty)
        #expect(LegacyLoginRecords.wtmp([UInt8](repeating: 0xFF, count: 1000)).leftover == 1000 % 384)
        let long = String(repeating: "a", count: 1_000_000)
        #expect(PasswdFile.parse(long + ":x:1:1::/:" + long).entries.count == 1)
        #expect(ShadowFile.parse(String(repeating: ":", count: 100_000)).entries.isEmpty)
        #expect(GroupFile.parse("g:x:1:" + String(repeating: ",", count: 100_000)).entries.first?.members == [])
    }
}

/// Login records under a fixture root: uid-sharing accounts, newest record wins, SQLite read
/// without a write, a damaged database is an error.
@Suite("Login records in a fixture root")
struct LoginRecordsFixtureTests {
    static let hasSQLite = FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")

    func collect(_ root: FixtureRoot) -> Inventory {
        Collector.collect(root: root.path, request: FactRequest(families: [.accounts]), now: Date(timeIntervalSince1970: 1_796_000_000))
    }

    @Test("an account sharing a uid keeps its wtmp logins; lastlog is by uid")
    func sharedUID() throws {
        let root = try FixtureRoot()
        try root.write("/etc/passwd", "ann:x:1000:1000::/:/bin/bash\nann2:x:1000:1000::/:/bin/bash\n")
        try root.write("/var/log/wtmp", FixtureRoot.wtmp([("ann2", 1_790_000_000, 7), ("ann", 1_780_000_000, 7)]))
        try root.write("/var/log/lastlog", FixtureRoot.lastlog([(1000, 1_785_000_000)]))
        let accounts = try #require(collect(root).accounts)
        #expect(accounts.map(\.lastLogin) == [ISODate.string(epochSeconds: 1_785_000_000), ISODate.string(epochSeconds: 1_790_000_000)])
        #expect(accounts.map(\.lastLoginSource) == ["/var/log/lastlog", "/var/log/wtmp"])
    }

    @Test("wtmpdb and lastlog2 are read without writing; the newest record wins", .enabled(if: hasSQLite))
    func sqliteReadOnly() throws {
        let root = try FixtureRoot()
        try root.write("/etc/passwd", "ann:x:1000:1000::/:/bin/bash\nbob:x:1001:1001::/:/bin/bash\n")
        try root.folder("/var/lib/wtmpdb")
        try root.folder("/var/lib/lastlog")
        try root.write("/var/log/wtmp", FixtureRoot.wtmp([("bob", 1_795_000_000, 7)]))
        _ = try output(
            "/usr/bin/sqlite3",
            [
                root.path + "/var/lib/wtmpdb/wtmp.db",
                "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) STRICT;"
                    + "INSERT INTO wtmp VALUES(1,3,'ann',1790000000000000,NULL,'pts/0',NULL,'sshd'),(2,3,'bob',1780000000000000,NULL,NULL,NULL,'su-l'),(3,2,'ann',1795999999000000,NULL,NULL,NULL,NULL);",
            ])
        _ = try output(
            "/usr/bin/sqlite3",
            [
                root.path + "/var/lib/lastlog/lastlog2.db",
                "CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT);"
                    + "INSERT INTO Lastlog2 VALUES('ann',1791000000,'pts/0',NULL,'sshd');",
            ])
        let before = try root.fingerprint()
        let inventory = collect(root)
        #expect(try root.fingerprint() == before, "reading wrote to the root")
        let accounts = try #require(inventory.accounts)
        #expect(
            accounts[0].lastLogin == ISODate.string(epochSeconds: 1_791_000_000)
                && accounts[0].lastLoginSource == "/var/lib/lastlog/lastlog2.db")
        #expect(accounts[1].lastLogin == ISODate.string(epochSeconds: 1_795_000_000) && accounts[1].lastLoginSource == "/var/log/wtmp")
        #expect(inventory.collectionErrors?.contains { $0.fact == "accounts.last_login" } != true)
    }

    @Test("a hostile login database (no STRICT, blobs and text where numbers go) is read without a crash", .enabled(if: hasSQLite))
    func hostileDatabase() throws {
        let root = try FixtureRoot()
        try root.write("/etc/passwd", "ann:x:1000:1000::/:/bin/bash\n")
        try root.folder("/var/lib/wtmpdb")
        try root.folder("/var/lib/lastlog")
        _ = try output(
            "/usr/bin/sqlite3",
            [
                root.path + "/var/lib/wtmpdb/wtmp.db",
                "CREATE TABLE wtmp(ID, Type, User, Login, Logout, TTY, RemoteHost, Service);"
                    + "INSERT INTO wtmp VALUES(1,3,x'00ff',1790000000000000,NULL,NULL,NULL,NULL),(2,3,'ann','soon',NULL,NULL,NULL,NULL),"
                    + "(3,3,NULL,5,NULL,NULL,NULL,NULL),(4,3,42,1790000000000000,NULL,NULL,NULL,NULL),(5,3,'ann',1.5e15,NULL,NULL,NULL,NULL);",
            ])
        _ = try output(
            "/usr/bin/sqlite3",
            [
                root.path + "/var/lib/lastlog/lastlog2.db",
                "CREATE TABLE Lastlog2(Name, Time, TTY, RemoteHost, Service); INSERT INTO Lastlog2 VALUES(x'01',1,NULL,NULL,NULL),('ann','x',NULL,NULL,NULL);",
            ])
        let inventory = collect(root)
        #expect(inventory.accounts?.first?.lastLogin == nil)
        #expect(inventory.loginRecords?.filter { $0.state == "read" }.count == 2)
    }

    @Test("an /etc/passwd with no account glibc reads is an error, not zero accounts")
    func noAccounts() throws {
        let root = try FixtureRoot()
        try root.write("/etc/passwd", "# emptied\n\nbroken:x:-1:0::/:/bin/sh\n")
        let inventory = collect(root)
        #expect(inventory.accounts == nil)
        #expect(inventory.collectionErrors?.contains { $0.fact == "accounts" && $0.reason.contains("nothing to judge") } == true)
    }

    @Test("a damaged login database is an error naming it, not 'never logged in'")
    func damaged() throws {
        let root = try FixtureRoot()
        try root.write("/etc/passwd", "ann:x:1000:1000::/:/bin/bash\n")
        try root.write("/var/lib/wtmpdb/wtmp.db", "this is not an SQLite database, but it is long enough to look at...")
        try root.fifo("/var/log/wtmp")
        let inventory = collect(root)
        let error = try #require(inventory.collectionErrors?.first { $0.fact == "accounts.last_login" })
        #expect(error.reason.contains("/var/lib/wtmpdb/wtmp.db") && error.reason.contains("/var/log/wtmp"))
        #expect(inventory.loginRecords?.filter { $0.state == "error" }.map(\.kind) == ["wtmpdb", "wtmp"])
    }
}
