import Foundation
@testable import PostureProbes

/// The real sshd as the judge of sshd_config: each case's files are written to a scratch folder,
/// bind-mounted on /etc/ssh in a private mount namespace (the machine's /etc is never touched),
/// and `sshd -T` prints what it makes of them.
struct SSHDOracle: Sendable {
    /// What sshd said: accepted (with each key's printed lines) or refused (with its message).
    struct Verdict: Sendable {
        let accepted: Bool
        let values: [String: [String]]
        let message: String
    }

    static let sshd = "/usr/sbin/sshd"
    let scratch: URL
    let hostKey: String

    /// Why the oracle cannot run here, or nil when it can (sshd installed, running as root).
    static var unavailableReason: String? {
        guard FileManager.default.isExecutableFile(atPath: sshd) else { return "\(sshd) is not installed (apt-get install openssh-server)" }
        guard getuid() == 0 else { return "not running as root: the oracle needs a private mount namespace" }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return "unshare(1) is missing" }
        return nil
    }

    /// A scratch folder with one host key, made once per run.
    static func make() throws -> SSHDOracle {
        let scratch = FileManager.default.temporaryDirectory.appending(path: "posture-sshd-oracle-\(getpid())")
        try? FileManager.default.removeItem(at: scratch)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let key = scratch.appending(path: "hostkey").path
        _ = try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])
        return SSHDOracle(scratch: scratch, hostKey: key)
    }

    /// sshd's verdict on files keyed by their path under /etc/ssh.
    /// `sshd -T` without `-C` cannot judge `Match LocalPort` (it stops: "'lport' not in connection test
    /// specification"); the running daemon accepts it, so such a case is asked again with a local
    /// port no generated case matches, which leaves every other criterion unmatched as before.
    func verdict(_ files: [String: String], name: String) throws -> Verdict {
        let first = try verdict(files, name: name, connection: nil)
        guard !first.accepted, first.message.contains("'lport' not in connection test specification") else { return first }
        return try verdict(files, name: name, connection: "lport=65535")
    }

    private func verdict(_ files: [String: String], name: String, connection: String?) throws -> Verdict {
        let folder = scratch.appending(path: "case-\(name)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, text) in files where path.hasPrefix("/etc/ssh/") {
            let url = folder.appending(path: String(path.dropFirst("/etc/ssh/".count)))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let test = connection.map { " -C \($0)" } ?? ""
        let script = "mount --bind \"$0\" /etc/ssh && cd / && exec \(Self.sshd) -T\(test) -f /etc/ssh/sshd_config -h \"$1\""
        let (status, out, err) = try Self.run("/usr/bin/unshare", ["-m", "--propagation", "private", "/bin/sh", "-c", script,
                                                                   folder.path, hostKey])
        var values: [String: [String]] = [:]
        if status == 0 {
            for line in out.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard let key = parts.first else { continue }
                values[String(key), default: []].append(parts.count > 1 ? String(parts[1]) : "")
            }
        }
        return Verdict(accepted: status == 0, values: values, message: err.split(separator: "\n").suffix(2).joined(separator: " / "))
    }

    func cleanUp() { try? FileManager.default.removeItem(at: scratch) }

    static func run(_ program: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ["LC_ALL": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // sshd's stderr is a line or two, so reading stdout first cannot stall it.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
