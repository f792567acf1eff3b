import ArgumentParser
import PosturePipeline

/// `--ssh` and its companions, shared by scan and collect.
struct RemoteCommandOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Collect on this host over ssh (agentless): copies posture to a private temporary folder there, runs collect, removes it.",
            valueName: "[user@]host[:port]"))
    var ssh: String?

    @Option(help: ArgumentHelp("With --ssh, use this ssh configuration file (ssh -F).", valueName: "file"))
    var sshConfig: String?

    @Flag(help: "With --ssh, run collect on the target through 'sudo -n' (needs a NOPASSWD rule there).")
    var sshSudo = false

    @Option(
        help: ArgumentHelp(
            "With --ssh, copy this posture binary (a static Linux x86_64 build) instead of the running one.",
            valueName: "path"))
    var remoteBinary: String?

    func validate(root: String?, inventory: String? = nil) throws {
        guard let ssh else {
            if sshConfig != nil || sshSudo || remoteBinary != nil {
                throw ValidationError("--ssh-config, --ssh-sudo and --remote-binary need --ssh")
            }
            return
        }
        if root != nil || inventory != nil { throw ValidationError("--ssh cannot be combined with --root or --inventory") }
        do {
            _ = try RemoteTarget(parsing: ssh)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The remote options, when --ssh is given (validated already).
    var settings: RemoteOptions? {
        guard let ssh, let target = try? RemoteTarget(parsing: ssh) else { return nil }
        return RemoteOptions(target: target, sshConfig: sshConfig, binary: remoteBinary, sudo: sshSudo)
    }
}
