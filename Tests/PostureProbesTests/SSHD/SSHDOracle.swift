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
        let scratch = FileManager.default.temporaryDirectory.appending(path: "posture-sshd-oracle-\(UUID().uuidString)")
        try? FileManager.default.removeItem(at: scratch)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let key = scratch.appending(path: "hostkey").path
        _ = try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])
        return SSHDOracle(scratch: scratch, hostKey: key)
    }

    /// sshd's verdict on files keyed by their path under /etc/ssh.
    /// sshd's verdicts on many cases, in order: one namespace for the batch, each case's folder
    /// bind-mounted on /etc/ssh in turn (starting a namespace per case costs as much as sshd).
    ///
    /// `sshd -T` without `-C` cannot judge `Match LocalPort` (it stops: "'lport' not in connection
    /// test specification"); the running daemon accepts it, so such a case is asked again with a
    /// local port no generated case matches, which leaves every other criterion unmatched as before.
    func verdicts(_ cases: [SSHDCase], batch: String) throws -> [Verdict] {
        let folder = scratch.appending(path: "batch-\(batch)")
        try? FileManager.default.removeItem(at: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, setup) in cases.enumerated() { try write(setup.files, to: folder.appending(path: "\(index)/etc")) }
        let script = """
            cd "$0" && for n in $(seq 0 $(($1 - 1))); do
              mount --bind "$0/$n/etc" /etc/ssh || exit 3
              (cd / && exec \(Self.sshd) -T -f /etc/ssh/sshd_config -h "$2") >"$0/$n/out" 2>"$0/$n/err"; echo $? >"$0/$n/rc"
              umount /etc/ssh || exit 3
            done
            """
        let (status, _, err) = try Self.run(
            "/usr/bin/unshare",
            [
                "-m", "--propagation", "private", "/bin/sh", "-c", script,
                folder.path, String(cases.count), hostKey,
            ])
        guard status == 0 else { throw SSHDRefusal("the oracle's namespace failed: \(err)") }
        return try cases.indices.map { index in
            let base = folder.appending(path: "\(index)")
            let rc =
                Int32(
                    (try String(contentsOf: base.appending(path: "rc"), encoding: .utf8))
                        .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            let verdict = Self.verdict(
                status: rc, out: try String(contentsOf: base.appending(path: "out"), encoding: .utf8),
                err: try String(contentsOf: base.appending(path: "err"), encoding: .utf8))
            guard !verdict.accepted, verdict.message.contains("'lport' not in connection test specification") else { return verdict }
            return try self.verdict(cases[index].files, name: "\(batch)-\(index)", connection: "lport=65535")
        }
    }

    private func write(_ files: [String: String], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (path, text) in files where path.hasPrefix("/etc/ssh/") {
            let url = folder.appending(path: String(path.dropFirst("/etc/ssh/".count)))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// One case in a namespace of its own, with an optional `-C` connection specification.
    func verdict(_ files: [String: String], name: String, connection: String? = nil) throws -> Verdict {
        let folder = scratch.appending(path: "case-\(name)")
        try? FileManager.default.removeItem(at: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(files, to: folder)
        let test = connection.map { " -C \($0)" } ?? ""
        let script = "mount --bind \"$0\" /etc/ssh && cd / && exec \(Self.sshd) -T\(test) -f /etc/ssh/sshd_config -h \"$1\""
        let (status, out, err) = try Self.run(
            "/usr/bin/unshare",
            [
                "-m", "--propagation", "private", "/bin/sh", "-c", script,
                folder.path, hostKey,
            ])
        return Self.verdict(status: status, out: out, err: err)
    }

    /// sshd -T's output as key → printed lines (a key printed once per value, like AllowUsers).
    static func verdict(status: Int32, out: String, err: String) -> Verdict {
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
        let out = Pipe()
        let err = Pipe()
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
