import Testing

@testable import PosturePipeline

/// `--ssh` targets: what ssh gets, and hostile text that must never reach it as an option.
@Suite("Remote targets for --ssh")
struct RemoteTargetTests {
    @Test(
        "well-formed targets",
        arguments: [
            ("desk-042", RemoteTarget(host: "desk-042")),
            ("auditor@desk-042", RemoteTarget(user: "auditor", host: "desk-042")),
            ("auditor@10.0.0.7:2222", RemoteTarget(user: "auditor", host: "10.0.0.7", port: 2222)),
            ("[fe80::1]:22", RemoteTarget(host: "fe80::1", port: 22)),
            ("root@[2001:db8::7]", RemoteTarget(user: "root", host: "2001:db8::7")),
        ])
    func parses(text: String, expected: RemoteTarget) throws {
        #expect(try RemoteTarget(parsing: text) == expected)
    }

    @Test(
        "hostile or malformed targets are refused",
        arguments: [
            "", "-oProxyCommand=touch /tmp/x", "user@-oProxyCommand=x", "-l@host", "host:0", "host:65536", "host:22:33",
            "host:abc", "host name", "host;reboot", "ho\nst", "@host", "[fe80::1", "[not-v6]", "[::1]x", "host:",
            String(repeating: "a", count: 2000), "üser@host",
        ])
    func refuses(text: String) {
        #expect(throws: RemoteTarget.ParseError.self) { try RemoteTarget(parsing: text) }
    }

    @Test("ssh gets the host after --, the port and user as options")
    func sshArguments() throws {
        #expect(try RemoteTarget(parsing: "a@h:2").sshArguments == ["-p", "2", "-l", "a", "--", "h"])
    }

    @Test(
        "only plain absolute folders from mktemp are accepted for rm -rf",
        arguments: [
            ("/tmp/posture.AbC123xyz0", true), ("/", false), ("tmp/x", false), ("/tmp/../etc", false),
            ("/tmp/x'; rm -rf / #", false), ("/tmp/a b", false), ("/tmp/./x", false), ("", false),
        ])
    func safeFolders(path: String, safe: Bool) {
        #expect(RemoteSession.isSafeFolder(path) == safe)
    }

    @Test("ssh's own messages map to one cause each")
    func sshFailures() {
        let cases = [
            ("Host key verification failed.", "host key"),
            ("root@10.0.0.2: Permission denied (publickey).", "authentication failed"),
            ("ssh: connect to host 10.0.0.2 port 2: Connection refused", "unreachable"),
            ("ssh: Could not resolve hostname nowhere: Name or service not known", "does not resolve"),
        ]
        for (said, cause) in cases {
            #expect(SSHFailure.explain(said, target: "ssh x", step: "s").contains(cause), "\(said)")
        }
    }
}
