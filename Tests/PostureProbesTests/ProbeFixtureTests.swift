import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// A workstation root with planted facts and hostile entries.
func workstationRoot() throws -> FixtureRoot {
    let root = try FixtureRoot()
    try root.write("/etc/hostname", "agent-ws-7\n")
    try root.write(
        "/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
    try root.write(
        "/etc/passwd",
        """
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        toor:x:0:0:extra root:/root:/bin/sh
        ann:x:1000:1000:Ann:/home/ann:/bin/bash
        bob:x:1001:1001:Bob:/home/bob:/bin/bash
        garbage line without fields

        """)
    try root.write(
        "/etc/shadow",
        "root:$y$j9T$abc:19000:0:99999:7:::\ndaemon:*:19000::::::\ntoor::19000::::::\nann:$6$salt$hash:19000::::::\nbob:!$6$salt$hash:19000::::::\n",
        mode: 0o640)
    try root.write("/etc/group", "root:x:0:\nsudo:x:27:ann,bob\nann:x:1000:\nbob:x:1001:\n")
    try root.write("/var/log/lastlog", FixtureRoot.lastlog([(1000, 1_790_000_000)]))
    // bob's login is only in wtmp; the file ends in half a record.
    try root.write(
        "/var/log/wtmp", FixtureRoot.wtmp([("bob", 1_791_000_000, 7), ("ann", 1_780_000_000, 7), ("bob", 1_799_000_000, 8)]) + [1, 2, 3])
    try root.write(
        "/etc/sudoers",
        """
        Defaults env_reset
        User_Alias HELPDESK = bob, \\
            carol
        Cmnd_Alias RESTART = /usr/bin/systemctl restart *
        root ALL=(ALL:ALL) ALL
        %sudo ALL=(ALL:ALL) ALL
        @includedir /etc/sudoers.d

        """, mode: 0o440)
    try root.write("/etc/sudoers.d/90-helpdesk", "HELPDESK ALL=(root) NOPASSWD: RESTART, /usr/bin/journalctl\n", mode: 0o440)
    try root.write("/etc/sudoers.d/README.txt", "ann ALL=(ALL) NOPASSWD: ALL\n")  // skipped: name has a dot
    try root.write(
        "/etc/ssh/sshd_config",
        """
        Include /etc/ssh/sshd_config.d/*.conf
        PermitRootLogin yes
        PasswordAuthentication yes
        Match User backup
            PasswordAuthentication no

        """)
    try root.write("/etc/ssh/sshd_config.d/10-hardening.conf", "passwordauthentication No\nX11Forwarding=no\n")
    try root.write("/etc/pam.d/common-auth", "auth [success=1 default=ignore] pam_unix.so nullok\nauth requisite pam_deny.so\n")
    try root.write("/etc/pam.d/sshd", "@include common-auth\naccount required pam_nologin.so\n")
    try root.write("/etc/pam.d/sudo", "auth include common-auth\nauth required pam_google_authenticator.so\n")
    try root.write(
        "/etc/pam.d/common-password",
        "password requisite pam_pwquality.so retry=3\npassword [success=1 default=ignore] pam_unix.so obscure\n")
    try root.write("/etc/pam.d/passwd", "@include common-password\n")
    try root.write("/etc/security/pwquality.conf", "# minlen = 9\nminlen = 10\n")
    try root.write("/etc/security/pwquality.conf.d/50-site.conf", "minlen=14\ndictcheck\n")
    try root.write(
        "/etc/fstab",
        "/dev/mapper/cryptroot / ext4 defaults 0 1\nUUID=1234 /boot ext4 defaults 0 2\n/dev/sdb1 /srv/data ext4 defaults 0 2\nproc /proc proc defaults 0 0\n"
    )
    try root.write("/etc/crypttab", "cryptroot UUID=abcd none luks\n")
    try root.write("/lib/systemd/system/ssh.service", "[Service]\n")
    try root.write("/lib/systemd/system/auditd.service", "[Service]\n")
    try root.write("/lib/systemd/system/telnet.socket", "[Socket]\n")
    try root.symlink("/etc/systemd/system/multi-user.target.wants/ssh.service", to: "/lib/systemd/system/ssh.service")
    try root.symlink("/etc/systemd/system/auditd.service", to: "/dev/null")
    try root.write("/boot/vmlinuz-6.1.0-25-amd64", "")
    try root.write("/boot/vmlinuz-6.1.0-9-amd64", "")
    try root.write(
        "/var/lib/dpkg/status",
        """
        Package: bash
        Status: install ok installed
        Architecture: amd64
        Version: 5.2.15-2+b2
        Description: GNU Bourne Again SHell
         continuation line: not a field

        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Source: openssl (3.0.11-1)
        Version: 3.0.11-1~deb12u2

        Package: oldconf
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 1.0

        """)
    return root
}

@Suite("Probes on a fixture root")
struct ProbeFixtureTests {
    func collect(_ root: FixtureRoot, files: [String: Bool] = [:]) -> Inventory {
        var request = FactRequest.everything
        request.files = files
        return Collector.collect(root: root.path, request: request, now: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test("host facts from os-release, hostname and installed kernels")
    func host() throws {
        let inventory = collect(try workstationRoot())
        let host = try #require(inventory.host)
        #expect(host.hostname == "agent-ws-7")
        #expect(host.os?.id == "debian" && host.os?.versionId == "12" && host.os?.codename == "bookworm")
        #expect(host.kernel?.newestInstalled == "6.1.0-25-amd64")
        #expect(host.kernel?.running == nil, "an offline root has no running kernel")
        #expect(host.rebootRequired == nil, "an offline root has no /run to say so")
        #expect(host.source == "root")
    }

    @Test("packages: installed entries only, with their source package")
    func packages() throws {
        let packages = try #require(collect(try workstationRoot()).packages)
        #expect(packages.map(\.name) == ["bash", "libssl3"])
        #expect(packages[1].source == "openssl")
        #expect(packages[1].version == "3.0.11-1~deb12u2")
    }

    @Test("accounts: uid 0 twins, empty and locked passwords, last logins from lastlog and wtmp")
    func accounts() throws {
        let inventory = collect(try workstationRoot())
        let accounts = try #require(inventory.accounts)
        #expect(accounts.filter { $0.uid == 0 }.map(\.name) == ["root", "toor"])
        let byName = Dictionary(uniqueKeysWithValues: accounts.map { ($0.name, $0) })
        #expect(byName["toor"]?.password == "empty")
        #expect(byName["bob"]?.password == "locked" && byName["bob"]?.locked == true)
        #expect(byName["daemon"]?.password == "none" && byName["daemon"]?.interactive == false)
        #expect(byName["ann"]?.groups == ["ann", "sudo"])
        #expect(byName["ann"]?.lastLogin == ISODate.string(epochSeconds: 1_790_000_000))
        #expect(byName["bob"]?.lastLogin == ISODate.string(epochSeconds: 1_791_000_000), "a DEAD_PROCESS record is not a login")
        // A torn last wtmp record is passed over, as last(1) does, and said so.
        #expect(
            inventory.loginRecords?.contains { $0.kind == "wtmp" && $0.state == "read" && ($0.reason ?? "").contains("partial record") }
                == true)
    }

    @Test("sudo: includes, aliases, NOPASSWD and the file and line of each grant, decided per account")
    func sudo() throws {
        let rules = try #require(collect(try workstationRoot()).sudo)
        let nopasswd = rules.filter(\.nopasswd)
        // bob is an account (one row per command, sudo's decision); carol is in no passwd: kept as written.
        #expect(nopasswd.map(\.principal) == ["bob", "bob", "carol", "carol"])
        #expect(nopasswd[0].commands == ["/usr/bin/systemctl restart *"] && nopasswd[1].commands == ["/usr/bin/journalctl"])
        #expect(nopasswd[0].grantedVia == "bob" && nopasswd[0].authenticate == false)
        #expect(nopasswd[0].source?.file == "/etc/sudoers.d/90-helpdesk" && nopasswd[0].source?.line == 1)
        #expect(nopasswd[2].grantedVia == nil && nopasswd[2].commands == ["/usr/bin/systemctl restart *"])
        let ann = rules.filter { $0.principal == "ann" }
        #expect(ann.map(\.commands) == [["ALL"]] && ann.first?.runas == ["ALL", ":ALL"] && ann.first?.grantedVia == "%sudo")
        #expect(ann.first?.authenticate == true, "sudo skips files whose names contain a dot")
    }

    @Test("sshd: Include, first value wins, case-insensitive keywords, Match blocks listed with their values")
    func sshd() throws {
        let settings = try #require(collect(try workstationRoot()).settings)
        let sshd = try #require(settings["sshd"])
        #expect(sshd["passwordauthentication"] == .string("no"), "the included file comes first")
        #expect(sshd["permitrootlogin"] == .string("yes"))
        #expect(sshd["x11forwarding"] == .string("no"))
        #expect(sshd["match_blocks"] == .number(1))
        #expect(sshd["locations"]?["passwordauthentication"] == .string("/etc/ssh/sshd_config.d/10-hardening.conf:1"))
        #expect(sshd["permitemptypasswords"] == .string("no"), "defaults are filled in")
        guard case .array(let matches)? = sshd["matches"] else {
            Issue.record("no Match blocks listed")
            return
        }
        #expect(matches.first?["criteria"] == .string("User backup"))
        #expect(matches.first?["settings"]?["passwordauthentication"] == .string("no"))
    }

    @Test("PAM stacks expand includes; pwquality read as libpwquality reads it, through passwd's stack")
    func pamAndQuality() throws {
        let settings = try #require(collect(try workstationRoot()).settings)
        guard case .array(let sshd)? = settings["pam"]?["sshd"] else {
            Issue.record("no PAM stack for sshd")
            return
        }
        #expect(
            sshd.compactMap { PAMEntry(json: $0)?.text } == [
                "auth [success=1 default=ignore] pam_unix.so nullok",
                "auth requisite pam_deny.so", "account required pam_nologin.so",
            ])
        #expect(sshd.compactMap { PAMEntry(json: $0)?.source }.first?.hasSuffix("/etc/pam.d/common-auth:1") == true)
        #expect(settings["pam"]?["sudo"]?.displayText == "[3 items]")
        // libpwquality reads the drop-ins first; `dictcheck` without a number stops it there, so
        // pwquality.conf (minlen = 10) is never read and dictcheck keeps its default.
        #expect(settings["pwquality"]?["minlen"] == .string("14"))
        #expect(settings["pwquality"]?["dictcheck"] == .string("1"))
        #expect(settings["pwquality"]?["locations"]?["minlen"] == .string("/etc/security/pwquality.conf.d/50-site.conf:1"))
        #expect(settings["pwquality"]?["source"] == .string("/etc/pam.d/common-password:1"))
        #expect(settings["pwquality"]?["detail"]?.displayText.contains("50-site.conf:2: error") == true)
    }

    @Test("volumes: dm-crypt mappings from crypttab; unknown where it cannot be told")
    func volumes() throws {
        let volumes = try #require(collect(try workstationRoot()).volumes)
        #expect(volumes.map(\.mount) == ["/", "/boot", "/srv/data"])
        #expect(volumes[0].encrypted == true && volumes[0].role == "root")
        #expect(volumes[1].encrypted == nil, "UUID= may or may not sit inside a mapping")
        #expect(volumes[2].encrypted == nil)
    }

    @Test("services: enabled through .wants links, masked through /dev/null")
    func services() throws {
        let services = try #require(collect(try workstationRoot()).services)
        let byName = Dictionary(uniqueKeysWithValues: services.map { ($0.name, $0) })
        #expect(byName["ssh.service"]?.enabled == true)
        #expect(byName["auditd.service"]?.enabled == false)
        #expect(byName["telnet.socket"]?.enabled == false)
        #expect(byName["ssh.service"]?.active == nil, "an offline root runs nothing")
    }

    @Test("a symlink to an absolute path resolves inside the root, never on the live host")
    func symlinkEscape() throws {
        let root = try workstationRoot()
        try root.write("/srv/real-shadow", "planted:!:1:::::: \n", mode: 0o600)
        try root.symlink("/etc/escape-absolute", to: "/srv/real-shadow")
        try root.symlink("/etc/escape-dotdot", to: "../../../../../../../../srv/real-shadow")
        try root.symlink("/etc/to-live-shadow", to: "/etc/shadow")
        let hostRoot = HostRoot(root: root.path)
        #expect(try hostRoot.resolve("/etc/escape-absolute") == root.path + "/srv/real-shadow")
        #expect(try hostRoot.resolve("/etc/escape-dotdot") == root.path + "/srv/real-shadow")
        #expect(try hostRoot.readText("/etc/to-live-shadow").hasPrefix("root:$y$j9T$abc"), "the root's shadow, not the host's")
        #expect(try hostRoot.resolve("/../../../etc/passwd") == root.path + "/etc/passwd")
    }

    @Test("hostile entries: a FIFO is never opened, a symlink loop ends, unreadable files give reasons")
    func hostile() throws {
        let root = try workstationRoot()
        try root.fifo("/etc/login.defs")
        try root.symlink("/etc/loop-a", to: "/etc/loop-b")
        try root.symlink("/etc/loop-b", to: "/etc/loop-a")
        let hostRoot = HostRoot(root: root.path)
        #expect(throws: HostRoot.ReadError.notRegularFile("fifo")) { try hostRoot.read("/etc/login.defs") }
        #expect(throws: HostRoot.ReadError.symlinkLoop) { try hostRoot.read("/etc/loop-a") }
        let inventory = collect(root, files: ["/etc/login.defs": true, "/etc/loop-a": false, "/etc/shadow": true])
        let files = try #require(inventory.files)
        #expect(files.first { $0.path == "/etc/login.defs" }?.type == "fifo")
        #expect(files.first { $0.path == "/etc/login.defs" }?.content == nil)
        #expect(files.first { $0.path == "/etc/loop-a" }?.error == "too many levels of symbolic links")
        #expect(files.first { $0.path == "/etc/shadow" }?.mode == "0640")
        #expect(inventory.settings?["login_defs"] == nil, "a FIFO where login.defs should be gives no settings")
    }

    @Test("garbage in sudoers and sshd_config: both are refused whole, as sudo and sshd refuse them; each error has its place")
    func garbage() throws {
        let root = try workstationRoot()
        try root.write("/etc/sudoers.d/50-broken", "this is not sudoers\n\u{1}\u{2}\u{3}\nann ALL=(ALL NOPASSWD: ALL\n")
        try root.write("/etc/ssh/sshd_config.d/20-junk.conf", "\u{7f}\u{1}binary junk\nPort\n")
        let inventory = collect(root)
        let errors = try #require(inventory.collectionErrors)
        let sudo = try #require(errors.first { $0.fact == "sudo" })
        #expect(sudo.reason.contains("/etc/sudoers.d/50-broken:1"))
        #expect(inventory.sudo == nil, "sudo refuses the whole policy: no grants are invented")
        let sshd = try #require(errors.first { $0.fact == "settings.sshd" })
        #expect(sshd.reason.contains("/etc/ssh/sshd_config.d/20-junk.conf:1: error: bad configuration option"))
        #expect(sshd.reason.contains("/etc/ssh/sshd_config.d/20-junk.conf:2: error: no argument after keyword \"Port\""))
        #expect(inventory.settings?["sshd"] == nil, "sshd refuses the file, so no values are invented")
    }

    @Test("truncated lastlog and wtmp are read as far as they go")
    func truncatedRecords() throws {
        let root = try workstationRoot()
        try root.write("/var/log/lastlog", Array(FixtureRoot.lastlog([(1000, 1_790_000_000)]).prefix(1000 * 292 + 2)))
        try root.write("/var/log/wtmp", Array(FixtureRoot.wtmp([("bob", 1_791_000_000, 7)]).prefix(200)))
        let accounts = try #require(collect(root).accounts)
        #expect(accounts.first { $0.name == "ann" }?.lastLogin == nil)
        #expect(accounts.first { $0.name == "bob" }?.lastLogin == nil)
    }

    @Test("collection changes nothing in the root")
    func readOnly() throws {
        let root = try workstationRoot()
        try root.fifo("/run/initctl")
        let before = try root.fingerprint()
        _ = collect(root, files: ["/etc/shadow": true, "/etc/sudoers": true, "/run/initctl": true])
        #expect(try root.fingerprint() == before)
    }

    @Test("only requested families are collected")
    func onlyRequested() throws {
        let inventory = Collector.collect(root: try workstationRoot().path, request: FactRequest(families: [.sudo]))
        #expect(inventory.sudo != nil)
        #expect(inventory.accounts == nil && inventory.packages == nil && inventory.settings == nil)
        #expect(inventory.host != nil, "host is always collected: it says what was scanned")
    }
}
