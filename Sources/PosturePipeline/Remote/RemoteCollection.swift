import Foundation
import PostureInventory

/// How `--ssh` reaches a target and runs posture there.
public struct RemoteOptions: Sendable {
    public var target: RemoteTarget
    /// An ssh configuration file (`ssh -F`); nil: the user's ~/.ssh/config and /etc/ssh/ssh_config.
    public var sshConfig: String?
    /// The posture binary to copy (a static build); nil: the running one (/proc/self/exe).
    public var binary: String?
    /// Run collect through `sudo -n` on the target (needs a NOPASSWD rule there).
    public var sudo: Bool
    /// Seconds ssh may take to connect (`ConnectTimeout`).
    public var connectTimeout: Int

    public init(target: RemoteTarget, sshConfig: String? = nil, binary: String? = nil, sudo: Bool = false, connectTimeout: Int = 10) {
        self.target = target
        self.sshConfig = sshConfig
        self.binary = binary
        self.sudo = sudo
        self.connectTimeout = connectTimeout
    }
}

/// Agentless collection over the system `ssh` client (so ~/.ssh/config, agents, jump hosts and
/// known_hosts behave as the user expects): check the target is Linux x86_64, make a private
/// temporary folder there (`mktemp -d`, mode 0700), send the binary into it over the ssh channel
/// (no scp or sftp subsystem needed on the target), run `collect --all` as the user or through
/// `sudo -n`, read the inventory from its standard output (bounded), and remove the folder, also
/// after a failure or a SIGINT/SIGTERM. Every remote command is a fixed string; the only value in
/// one is the folder mktemp printed, checked and single-quoted.
public enum RemoteCollection {
    /// The inventory collected on the target, as JSON bytes.
    public static func collect(_ options: RemoteOptions, log: PipelineLog) throws(PipelineFailure) -> [UInt8] {
        let session = RemoteSession(options: options, trap: InterruptTrap())
        try session.checkPlatform()
        let folder = try session.makeFolder()
        let inventory: Result<[UInt8], PipelineFailure>
        do throws(PipelineFailure) {
            try session.upload(into: folder)
            inventory = .success(try session.runCollect(in: folder, log: log))
        } catch {
            inventory = .failure(error)
        }
        let removal = session.remove(folder)
        if let signal = session.trap.signal {
            throw .interrupted(signal, ["posture: interrupted; " + (removal ?? "removed \(folder) from \(options.target)")])
        }
        if let removal { log(removal) }
        return try inventory.get()
    }
}

/// One collection's ssh calls, sharing the target, the options and the interrupt trap.
struct RemoteSession {
    var options: RemoteOptions
    let trap: InterruptTrap
    /// What `uname -sm` must print: the binary posture copies is built for this.
    static let supportedPlatform = "Linux x86_64"
    /// The most inventory bytes read back (a hostile target could send without end).
    static let inventoryLimit = min(InventoryCodec.maximumBytes, 128 << 20)

    private var target: String { "ssh \(options.target)" }

    /// ssh with the fixed options: never prompt, bounded connection time, no terminal.
    private func ssh(_ command: String) -> [String] {
        var arguments = ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=\(options.connectTimeout)", "-T"]
        if let config = options.sshConfig { arguments += ["-F", config] }
        return arguments + options.target.sshArguments + [command]
    }

    /// Runs one remote command; an ssh failure (exit 255) or an interrupt is a failure here.
    private func run(
        _ command: String, input: String? = nil, outputLimit: Int = 1 << 20, timeout: TimeInterval = 120, step: String
    ) throws(PipelineFailure) -> ChildProcess.Result {
        if let signal = trap.signal { throw .interrupted(signal, ["posture: interrupted before \(step)"]) }
        let child = ChildProcess(arguments: ssh(command), inputFile: input, outputLimit: outputLimit, timeout: timeout)
        let result: ChildProcess.Result
        do {
            result = try trap.run(child)
        } catch {
            throw .scanFailed(["\(target): error: \(error)"])
        }
        if let signal = trap.signal { throw .interrupted(signal, ["posture: interrupted while \(step)"]) }
        if result.timedOut { throw .scanFailed(["\(target): error: no answer within \(Int(timeout)) s while \(step)"]) }
        if result.status == 255 { throw .scanFailed([SSHFailure.explain(result.lastErrorLine, target: target, step: step)]) }
        return result
    }

    func checkPlatform() throws(PipelineFailure) {
        let result = try run("uname -sm", step: "checking the target's platform")
        let platform = String(decoding: result.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, platform == Self.supportedPlatform else {
            let found = platform.isEmpty ? "no answer to 'uname -sm'" : "'\(platform.prefix(80))'"
            throw .scanFailed([
                "\(target): error: the target is \(found), expected '\(Self.supportedPlatform)' (posture's binary runs only there)"
            ])
        }
    }

    /// A new private folder on the target (mode 0700 from mktemp).
    func makeFolder() throws(PipelineFailure) -> String {
        let result = try run(
            "umask 077 && mktemp -d \"${TMPDIR:-/tmp}/posture.XXXXXXXXXX\"", step: "making a temporary folder")
        let folder = String(decoding: result.standardOutput, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard result.status == 0 else {
            throw .scanFailed(["\(target): error: mktemp -d failed: \(result.lastErrorLine)"])
        }
        guard Self.isSafeFolder(folder) else {
            throw .scanFailed(["\(target): error: mktemp -d printed '\(folder.prefix(200))', expected an absolute path of [A-Za-z0-9._/-]"])
        }
        return folder
    }

    /// Only paths that need no quoting beyond '…' and cannot climb out: the cleanup is `rm -rf`.
    static func isSafeFolder(_ path: String) -> Bool {
        path.hasPrefix("/") && path.utf8.count < 4096 && path != "/"
            && path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._/-".contains($0)) }
            && !path.split(separator: "/").contains { $0 == ".." || $0 == "." }
    }

    func upload(into folder: String) throws(PipelineFailure) {
        let binary = options.binary ?? "/proc/self/exe"
        let result = try run(
            "cat > '\(folder)/posture' && chmod 0700 '\(folder)/posture'", input: binary, timeout: 600,
            step: "copying \(binary)")
        guard result.status == 0 else {
            throw .scanFailed(["\(target): error: cannot copy posture into \(folder): \(result.lastErrorLine)"])
        }
    }

    func runCollect(in folder: String, log: PipelineLog) throws(PipelineFailure) -> [UInt8] {
        let command = (options.sudo ? "sudo -n " : "") + "'\(folder)/posture' collect --all"
        let result = try run(
            command, outputLimit: Self.inventoryLimit, timeout: 1800, step: "running posture collect")
        let messages = String(decoding: result.standardError, as: UTF8.self).split(whereSeparator: \.isNewline)
        if result.outputTooLarge {
            throw .scanFailed(["\(target): error: the inventory is larger than \(Self.inventoryLimit) bytes"])
        }
        guard result.status == 0 else {
            for line in messages.prefix(20) { log("\(target): \(line)") }
            let reason = result.lastErrorLine
            var hint = ""
            if options.sudo, reason.contains("sudo") { hint = " (--ssh-sudo needs a NOPASSWD rule for this user on the target)" }
            if reason.contains("error while loading shared libraries") {
                hint = " (copy a static build: swift build -c release --static-swift-stdlib, or pass --remote-binary)"
            }
            throw .scanFailed(["\(target): error: posture collect exited with \(result.status): \(reason)\(hint)"])
        }
        for line in messages.prefix(200) { log("\(target): \(line)") }
        return result.standardOutput
    }

    /// Removes the folder; a message when it may still be there.
    func remove(_ folder: String) -> String? {
        let child = ChildProcess(
            arguments: ssh("rm -rf -- '\(folder)' && test ! -e '\(folder)'"), outputLimit: 4096, timeout: 60)
        // Not through the trap: a second Ctrl-C must not stop the cleanup it asked for.
        guard let result = try? child.run(), result.status == 0 else {
            return "\(target): warning: could not remove \(folder) from the target; remove it by hand"
        }
        return nil
    }
}

/// A remote inventory, checked like any inventory file before anything is judged or written.
enum RemoteInventory {
    static func collect(_ options: RemoteOptions, log: PipelineLog) throws(PipelineFailure) -> (bytes: Data, loaded: InventoryCodec.Loaded)
    {
        let bytes = try RemoteCollection.collect(options, log: log)
        do {
            return (Data(bytes), try InventoryCodec.decode(bytes, file: "ssh \(options.target)"))
        } catch {
            throw .scanFailed(["\(error.description) (the inventory posture collect printed on the target)"])
        }
    }
}
