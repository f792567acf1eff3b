import Foundation
import Testing

/// The Debian roots `Scripts/test` builds (bullseye, bookworm, trixie), used through a copy:
/// an overlay whose lower layer is the shared root, never written, and whose upper layer is a
/// temporary folder the test fills. Commands run in a private mount namespace
/// (`unshare -m`), so the overlay disappears with them.
final class DebianChroot {
    static let rootsFolder = ProcessInfo.processInfo.environment["POSTURE_DEBIAN_ROOTS"]
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The root of a suite, or nil (and a recorded failure in CI, where it must be there).
    static func root(_ suite: String) -> String? {
        guard let folder = rootsFolder, FileManager.default.fileExists(atPath: "\(folder)/\(suite)/var/lib/dpkg/status") else {
            if inCI { Issue.record("POSTURE_DEBIAN_ROOTS has no \(suite) root; Scripts/test builds it") }
            return nil
        }
        return "\(folder)/\(suite)"
    }

    let lower: String
    /// The upper layer: files written here replace the root's in the copy.
    let upper: String
    private let scratch: String

    init(suite lower: String) throws {
        self.lower = lower
        scratch = FileManager.default.temporaryDirectory.appending(path: "posture-chroot-\(UUID().uuidString)").path
        upper = scratch + "/upper"
        for folder in [upper, scratch + "/work", scratch + "/merged"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: scratch) }

    func write(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        let full = upper + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        chmod(full, mode)
    }

    func write(_ path: String, _ text: String, mode: mode_t = 0o644) throws {
        try write(path, Array(text.utf8), mode: mode)
    }

    /// Runs a shell script inside the copy (`chroot`), with `"$@"` set to `arguments`; its
    /// standard output (and standard error when asked).
    func run(_ script: String, _ arguments: [String] = [], stderr: Bool = false) throws -> String {
        let merged = scratch + "/merged"
        let outer = """
            set -e
            mount -t overlay overlay -o lowerdir="$1",upperdir="$2",workdir="$3" "$4"
            root="$4"; shift 4
            exec chroot "$root" /bin/sh -c "$0" sh "$@"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments =
            [
                "-m", "--propagation", "private", "/bin/sh", "-c", outer, script,
                lower, upper, scratch + "/work", merged,
            ] + arguments
        process.environment = ["LC_ALL": "C", "TZ": "UTC", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = stderr ? pipe : FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Compiles C source on this machine (the roots' glibc is no newer than the host's
    /// bookworm) into the copy at `path`.
    func compile(_ source: String, to path: String, libraries: [String]) throws {
        let sourcePath = scratch + "/program.c"
        try source.write(toFile: sourcePath, atomically: true, encoding: .utf8)
        let full = upper + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        process.arguments = ["-O1", "-o", full, sourcePath] + libraries.map { "-l" + $0 }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CompileFailure(status: process.terminationStatus) }
    }

    struct CompileFailure: Error { var status: Int32 }

    /// Whether this machine can run the oracles (root, cc, unshare); in CI a missing one fails.
    static var canRunOracles: Bool {
        let ready =
            getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/cc")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
            && FileManager.default.fileExists(atPath: "/usr/include/security/pam_appl.h")
        if !ready, inCI { Issue.record("the account oracles need root, cc, unshare and libpam0g-dev") }
        return ready
    }
}
