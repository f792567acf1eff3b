import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The PAM reader on hand-written pam.d folders, one per defect of the old reader, plus hostile input.
@Suite("PAM stacks as libpam reads them")
struct PAMReaderTests {
    static func read(_ files: [String: String]) -> (facts: JSONValue?, errors: [(service: String, reason: String)]) {
        PAMStacks.read(InMemoryFiles(files))
    }

    static func authModules(_ files: [String: String], service: String = "sshd") -> [String] {
        let stack = PAMStacks.loader(InMemoryFiles(files)).load(service: service)
        return stack.auth.map { "\($0.kind == .module ? "" : "!")\($0.moduleName)@\($0.source ?? "?")" }
    }

    @Test(
        "a blank line of any white space libpam does not skip never crashes the scan",
        arguments: ["\r", "\u{0C}", "\u{0B}", "\u{85}", "\r\n\r", " \t "])
    func oddBlankLines(_ blank: String) {
        let files = [
            "/etc/pam.d/sshd": "auth required pam_unix.so\n\(blank)\nauth required pam_google_authenticator.so\n",
            "/etc/pam.d/login": "\(blank)",
        ]
        let (facts, _) = Self.read(files)
        #expect(facts?["sshd"] != nil)
        let modules = Self.authModules(files)
        // libpam reads `\r`, `\f`, `\v` and U+0085 as a word: an illegal type, installed as a failing auth line.
        if blank == " \t " {
            #expect(modules == ["pam_unix.so@/etc/pam.d/sshd:1", "pam_google_authenticator.so@/etc/pam.d/sshd:3"])
        } else {
            #expect(modules.contains("!@/etc/pam.d/sshd:2"))
        }
    }

    @Test("types and controls in any case, -type, @include and absolute includes are followed")
    func caseAndIncludeForms() {
        let files = [
            "/etc/pam.d/sshd": "@INCLUDE common-auth\nAUTH Substack /etc/pam.d/mfa\n-auth INCLUDE extra\n",
            "/etc/pam.d/common-auth": "Auth [success=1 default=ignore] pam_unix.so nullok\nauth requisite pam_deny.so\n",
            "/etc/pam.d/mfa": "auth required pam_google_authenticator.so\n",
            "/usr/lib/pam.d/extra": "auth required \\\n   pam_faillock.so preauth\n",
        ]
        #expect(
            Self.authModules(files) == [
                "pam_unix.so@/etc/pam.d/common-auth:1", "pam_deny.so@/etc/pam.d/common-auth:2", "!mfa@/etc/pam.d/sshd:2",
                "pam_google_authenticator.so@/etc/pam.d/mfa:1", "pam_faillock.so@/usr/lib/pam.d/extra:1",
            ])
        let stack = PAMStacks.loader(InMemoryFiles(files)).load(service: "sshd")
        #expect(stack.auth.first { $0.moduleName == "pam_google_authenticator.so" }?.level == 1)
        #expect(stack.auth.first { $0.moduleName == "pam_faillock.so" }?.args == ["preauth"])
    }

    @Test(
        "files libpam refuses or cannot read safely are errors naming file:line",
        arguments: [
            ("auth required pam_unix.so \\\n", "/etc/pam.d/sshd:1: error: the file ends inside a line continued"),
            ("@include\n", "/etc/pam.d/sshd:1: error: '@include' without a file name crashes libpam"),
            ("@include nosuchfile\n", "/etc/pam.d/sshd:1: error: '@include nosuchfile' cannot be loaded"),
            ("auth required ?\n", "/etc/pam.d/sshd:1: error: module name '?'"),
            ("auth [success=99999999999] pam_unix.so\n", "/etc/pam.d/sshd:1: error: control"),
            ("auth include sshd\n", "error: includes nested deeper than"),
            ("auth required pam_unix.so \u{0}\n", "/etc/pam.d/sshd:1: error: a NUL byte"),
            ("auth required pam_unix.so " + String(repeating: "x", count: 2000) + "\n", "/etc/pam.d/sshd:1: error: a line longer"),
        ])
    func refusedFiles(_ text: String, _ message: String) {
        let (facts, errors) = Self.read(["/etc/pam.d/sshd": text])
        guard case .object(let object)? = facts?["sshd"], case .string(let reason)? = object["error"] else {
            Issue.record("expected an error for \(text.debugDescription)")
            return
        }
        #expect(reason.contains(message), "\(reason)")
        #expect(errors.contains { $0.service == "sshd" && $0.reason == reason })
    }

    @Test("lines libpam logs but keeps are failing handlers, not errors")
    func loggedLines() {
        let files = ["/etc/pam.d/sshd": "bogus required pam_unix.so\nauth\nauth include nosuchfile\nauth sufficent pam_unix.so\n"]
        let stack = PAMStacks.loader(InMemoryFiles(files)).load(service: "sshd")
        #expect(stack.failure == nil)
        #expect(stack.auth.map(\.kind) == [.mustFail, .mustFail, .mustFail, .module])
        #expect(stack.auth.last?.actions.allSatisfy { $0 == .bad } == true)
    }

    @Test("a service without auth lines uses other's")
    func otherFallback() {
        let files = ["/etc/pam.d/sshd": "account required pam_unix.so\n", "/etc/pam.d/other": "auth required pam_deny.so\n"]
        #expect(Self.authModules(files) == ["pam_deny.so@/etc/pam.d/other:1"])
    }

    @Test("substacks nest at most 16 deep, as in libpam; a loop through includes is refused, not followed forever")
    func recursionBounds() {
        let substack = PAMStacks.loader(InMemoryFiles(["/etc/pam.d/sshd": "auth substack sshd\nauth required pam_unix.so\n"]))
            .load(service: "sshd")
        #expect(substack.failure == nil)
        #expect(substack.auth.map(\.level).max() == 15)
        let loop = PAMStacks.loader(InMemoryFiles(["/etc/pam.d/a": "@include b\n", "/etc/pam.d/b": "@include a\n"])).load(service: "a")
        #expect(loop.failure != nil)
    }

    @Test("the old string form still reads")
    func oldStringForm() {
        let entry = PAMEntry(json: .string("-auth [success=2 default=ignore] pam_unix.so nullok"))
        #expect(entry?.type == "auth")
        #expect(entry?.silent == true)
        #expect(entry?.actions[0] == .jump(2))
        #expect(entry?.actions[7] == .ignore)
        #expect(entry?.args == ["nullok"])
        #expect(PAMEntry(json: .string("auth")) == nil)
        #expect(PAMEntry(json: .number(3)) == nil)
    }

    @Test("the new object form round-trips")
    func objectForm() {
        let entry = PAMEntry(
            type: "auth", control: "success=1 default=ignore", module: "pam_unix.so", args: ["nullok"],
            source: "/etc/pam.d/common-auth:17", silent: true, level: 1, kind: .module)
        #expect(PAMEntry(json: entry.json) == entry)
        #expect(entry.json["control"] == .string("[success=1 default=ignore]"))
    }
}
