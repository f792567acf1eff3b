import Foundation
import Testing

/// End-of-life and updates, end to end on the minimal Debian roots Scripts/test builds with
/// debootstrap ($POSTURE_DEBIAN_ROOTS/{bullseye,bookworm,trixie}), and on copies of their package
/// databases with and without a security suite. The roots are only read; copies are written.
@Suite("End of life and updates on debootstrap roots", .serialized)
struct DebianRootUpdatesTests {
    static let rootsFolder = ProcessInfo.processInfo.environment["POSTURE_DEBIAN_ROOTS"]
    static let rules = ["os-supported", "updates-security-installed", "updates-backlog-bounded", "updates-no-reboot-pending"]

    /// The root, or nil to skip; in CI a missing root fails the test.
    static func root(_ suite: String) -> String? {
        if let folder = rootsFolder, FileManager.default.fileExists(atPath: "\(folder)/\(suite)/var/lib/dpkg/status") {
            return "\(folder)/\(suite)"
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("POSTURE_DEBIAN_ROOTS has no \(suite) root in CI (Scripts/test builds it)")
        }
        return nil
    }

    /// rule id → (state, reason) from a JSON report.
    static func scan(_ root: String) throws -> [String: (state: String, reason: String)] {
        let arguments = ["scan", "--root", root, "--now", "2026-11-30T00:00:00Z", "--format", "json"] + rules.flatMap { ["--only", $0] }
        let result = try run(postureBinary, arguments)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        var states: [String: (String, String)] = [:]
        for item in report["results"] as? [[String: Any]] ?? [] {
            guard let id = (item["rule"] as? [String: Any])?["id"] as? String else { continue }
            states[id] = (item["state"] as? String ?? "", item["reason"] as? String ?? "")
        }
        return states
    }

    @Test(
        "bullseye, bookworm and trixie: end of life, no security suite, nothing pending from main, no reboot evidence",
        arguments: [("bullseye", "fail"), ("bookworm", "fail"), ("trixie", "pass")])
    func roots(suite: String, supported: String) throws {
        guard let root = Self.root(suite) else { return }
        let states = try Self.scan(root)
        #expect(states["os-supported"]?.state == supported, "\(states)")
        // debootstrap's sources.list has no security suite: the host cannot receive fixes.
        #expect(states["updates-security-installed"]?.state == "fail")
        #expect(
            states["updates-security-installed"]?.reason.contains("no security suite in the package sources (/etc/apt/sources.list)")
                == true)
        // debootstrap installed what its lists offer: nothing pending from the main suite.
        #expect(states["updates-backlog-bounded"]?.state == "pass")
        #expect(states["updates-no-reboot-pending"]?.state == "unknown")
    }

    /// A copy of a root's os-release and dpkg database, with sources and lists written here.
    func copy(of root: String, security: Bool, newer: Bool) throws -> (URL, String) {
        let copy = try temporaryFolder()
        for path in ["etc/os-release", "var/lib/dpkg/status"] {
            try FileManager.default.createDirectory(
                at: copy.appending(path: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "\(root)/\(path)", toPath: copy.appending(path: path).path)
        }
        let status = try String(contentsOfFile: "\(root)/var/lib/dpkg/status", encoding: .utf8)
        // The installed versions, offered again by the main suite (nothing pending there).
        var packages = ""
        var libc = ""
        for stanza in status.components(separatedBy: "\n\n") {
            let fields = Dictionary(
                stanza.split(separator: "\n").compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":"), !line.hasPrefix(" ") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }, uniquingKeysWith: { first, _ in first })
            guard let name = fields["Package"], let version = fields["Version"], let arch = fields["Architecture"] else { continue }
            packages += "Package: \(name)\nVersion: \(version)\nArchitecture: \(arch)\n\n"
            if name == "libc6" { libc = "Package: libc6\nVersion: \(version)+posture1\nArchitecture: \(arch)\n\n" }
        }
        let codename = URL(fileURLWithPath: root).lastPathComponent
        var sources = "deb http://deb.debian.org/debian \(codename) main\n"
        let lists = copy.appending(path: "var/lib/apt/lists")
        try FileManager.default.createDirectory(at: lists, withIntermediateDirectories: true)
        try "Origin: Debian\nLabel: Debian\nSuite: x\nCodename: \(codename)\n".write(
            to: lists.appending(path: "deb.debian.org_debian_dists_\(codename)_InRelease"), atomically: true, encoding: .utf8)
        try packages.write(
            to: lists.appending(path: "deb.debian.org_debian_dists_\(codename)_main_binary-amd64_Packages"), atomically: true,
            encoding: .utf8)
        if security {
            sources += "deb http://security.debian.org/debian-security \(codename)-security main\n"
            let prefix = "security.debian.org_debian-security_dists_\(codename)-security"
            try "Origin: Debian\nLabel: Debian-Security\nSuite: x-security\nCodename: \(codename)-security\n".write(
                to: lists.appending(path: "\(prefix)_InRelease"), atomically: true, encoding: .utf8)
            try (newer ? libc : "").write(
                to: lists.appending(path: "\(prefix)_main_binary-amd64_Packages"), atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: copy.appending(path: "etc/apt"), withIntermediateDirectories: true)
        try sources.write(to: copy.appending(path: "etc/apt/sources.list"), atomically: true, encoding: .utf8)
        return (copy, libc)
    }

    @Test(
        "a copy of each root with and without a security suite: fails without one, passes or fails on what the security lists offer",
        arguments: ["bullseye", "bookworm", "trixie"])
    func withAndWithoutSecuritySuite(suite: String) throws {
        guard let root = Self.root(suite) else { return }
        let (without, _) = try copy(of: root, security: false, newer: false)
        let bare = try Self.scan(without.path)
        #expect(bare["updates-security-installed"]?.state == "fail")
        #expect(bare["updates-security-installed"]?.reason.contains("cannot receive security fixes") == true)
        #expect(bare["updates-backlog-bounded"]?.state == "pass")
        // Release files without their Packages lists: nothing to compare with, so no pass.
        let (listless, _) = try copy(of: root, security: false, newer: false)
        try FileManager.default.removeItem(
            at: listless.appending(path: "var/lib/apt/lists/deb.debian.org_debian_dists_\(suite)_main_binary-amd64_Packages"))
        let unlisted = try Self.scan(listless.path)["updates-backlog-bounded"]
        #expect(unlisted?.state == "error" && unlisted?.reason.contains("no Packages lists") == true, "\(String(describing: unlisted))")

        let (current, _) = try copy(of: root, security: true, newer: false)
        #expect(try Self.scan(current.path)["updates-security-installed"]?.state == "pass")

        let (behind, libc) = try copy(of: root, security: true, newer: true)
        #expect(!libc.isEmpty)
        let pending = try Self.scan(behind.path)["updates-security-installed"]
        #expect(pending?.state == "fail" && pending?.reason.contains("1 pending security update") == true, "\(String(describing: pending))")
        for folder in [without, listless, current, behind] { try? FileManager.default.removeItem(at: folder) }
    }
}
