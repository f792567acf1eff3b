import Foundation
import Testing

/// A home folder on another filesystem (a network home, a mount) is not walked by the card scan:
/// that is not "no card numbers". Run in a private mount namespace (`unshare -m`), with a tmpfs
/// mounted inside a temporary root, so the machine's own mounts are never touched.
@Suite("Card scan over a folder on another filesystem")
struct OtherFilesystemTests {
    static let unshare = "/usr/bin/unshare"

    /// Runs `posture scan --root ROOT` in a private mount namespace with a tmpfs on ROOT/home/remote
    /// holding a card number; the card rule's state and reason.
    func scanWithMountedHome() throws -> (state: String, reason: String)? {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: Self.unshare) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("needs root and unshare(1) in CI") }
            return nil
        }
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appending(path: "home/remote"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appending(path: "home/ann"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
        try "ID=debian\nVERSION_ID=12\n".write(to: root.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        try "call notes, no numbers\n".write(to: root.appending(path: "home/ann/notes.txt"), atomically: true, encoding: .utf8)
        let script = """
            set -e
            mount -t tmpfs -o size=1m posture-test "$1/home/remote"
            printf 'refund to 4111 1111 1111 1111\\n' > "$1/home/remote/cards.txt"
            exec "$2" scan --root "$1" --only card-numbers-not-stored --format json --fail-on none
            """
        let run = try run(
            URL(fileURLWithPath: Self.unshare),
            ["-m", "--propagation", "private", "/bin/sh", "-c", script, "sh", root.path, postureBinary.path])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for case let result as [String: Any] in report["results"] as? [Any] ?? [] {
            let rule = result["rule"] as? [String: Any]
            if rule?["id"] as? String == "card-numbers-not-stored" {
                return (result["state"] as? String ?? "", result["reason"] as? String ?? "")
            }
        }
        Issue.record("no result for card-numbers-not-stored")
        return nil
    }

    @Test("a mounted home folder left unread makes the card rule unknown, naming the folder, never pass")
    func mountedHomeIsUnknown() throws {
        guard let (state, reason) = try scanWithMountedHome() else { return }
        #expect(state == "unknown", "\(reason)")
        #expect(reason.contains("/home/remote (on another filesystem)"), "\(reason)")
        #expect(reason.contains("1 folder under /home not read"), "\(reason)")
    }
}
