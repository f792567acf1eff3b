import Foundation
import Testing

/// Real sshd servers for the `--ssh` tests, each in its own network namespace (`ip netns`, a veth
/// pair, sshd bound to the namespace's address) with its own root filesystem: a debootstrap root
/// under a private overlay (mounted inside sshd's own mount namespace, so it vanishes with sshd
/// and the root is never written), entered through sshd's `ChrootDirectory`, with /proc mounted
/// in it as on a real host (Swift reads a program's arguments from /proc/self/cmdline). Keys, known_hosts
/// and the client's `ssh -F` file are written by the test; ~/.ssh and /etc/ssh are never touched.
final class SSHTestNetwork {
    struct Host {
        var name: String
        var address: String
        /// The debootstrap root the host's / shows (read-only, the overlay's lower layer).
        var root: URL
        /// The overlay's upper layer: everything written on the target lands here.
        var changes: URL
    }

    let folder: URL
    private(set) var hosts: [Host] = []
    private var pidFiles: [URL] = []
    private var namespaces: [String] = []
    let clientConfig: URL
    let knownHosts: URL
    private let hostPackages: [String]

    /// Why these tests cannot run here (nil: they can). In CI a reason fails the test.
    static var missing: String? {
        if geteuid() != 0 { return "not root" }
        for tool in ["/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) missing (openssh-server, openssh-client)"
        }
        if !["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"].contains(where: FileManager.default.isExecutableFile(atPath:)) {
            return "ip missing (iproute2)"
        }
        if rootsFolder == nil { return "POSTURE_DEBIAN_ROOTS has no bookworm and trixie roots" }
        return nil
    }

    static let rootsFolder: URL? = {
        guard let path = ProcessInfo.processInfo.environment["POSTURE_DEBIAN_ROOTS"] else { return nil }
        let url = URL(fileURLWithPath: path)
        let complete = ["bookworm", "trixie"].allSatisfy {
            FileManager.default.fileExists(atPath: url.appending(path: "\($0)/var/lib/dpkg/status").path)
        }
        return complete ? url : nil
    }()

    /// True when the test can go on; otherwise it is skipped, or fails in CI.
    static func available() -> Bool {
        guard let reason = missing else { return true }
        if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("ssh tests cannot run in CI: \(reason)") }
        return false
    }

    /// The first candidate folder whose every component is owned by root and writable by no one
    /// else, as sshd's ChrootDirectory demands of the path to the chroot.
    static func chrootSafeParent() -> URL {
        let candidates = [repositoryRoot.appending(path: ".build"), URL(fileURLWithPath: "/var/lib"), URL(fileURLWithPath: "/run")]
        return candidates.first { candidate in
            var path = candidate.standardizedFileURL.path
            while true {
                var info = stat()
                guard stat(path, &info) == 0, info.st_uid == 0, info.st_mode & 0o022 == 0 else { return false }
                if path == "/" { return true }
                path = (path as NSString).deletingLastPathComponent
            }
        } ?? candidates[0]
    }

    /// Sets up one host per suite name (bookworm, trixie), on a subnet of its own; `hostPackages`
    /// (this machine's installed packages, e.g. python3 for Ansible) are added to each host's root.
    init(suites: [String], hostPackages: [String] = []) throws {
        self.hostPackages = hostPackages
        let id = "\(getpid() % 10000)\(Int.random(in: 0..<100))"
        // ChrootDirectory wants every folder on the path owned by root and writable by no one else,
        // so the scratch folder lives under the build folder, or (when the checkout itself sits
        // in the world-writable /tmp, as a CI clone may) under /var/lib or /run.
        folder = Self.chrootSafeParent().appending(path: "posture-e2e-ssh-\(id)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        clientConfig = folder.appending(path: "ssh_config")
        knownHosts = folder.appending(path: "known_hosts")
        do {
            try setUp(suites: suites, id: id)
        } catch {
            close()
            throw error
        }
    }

    private func setUp(suites: [String], id: String) throws {
        guard let roots = Self.rootsFolder else { throw Failure("no debootstrap roots") }
        try key("client_key")
        try key("stranger_key")
        try FileManager.default.copyItem(
            at: folder.appending(path: "client_key.pub"), to: folder.appending(path: "authorized_keys"))
        let subnet = 100 + Int.random(in: 0..<100)
        var known = ""
        for (index, suite) in suites.enumerated() {
            let name = "h\(index)-\(suite)"
            let namespace = "posture-e2e-\(id)-\(index)"
            let address = "10.\(subnet).\(index + 1).2"
            try shell("ip netns add \(namespace)")
            namespaces.append(namespace)
            let outside = "pe\(id)\(index)o"
            let inside = "pe\(id)\(index)i"
            try shell(
                """
                ip link add \(outside) type veth peer name \(inside) && ip link set \(inside) netns \(namespace) && \
                ip addr add 10.\(subnet).\(index + 1).1/24 dev \(outside) && ip link set \(outside) up && \
                ip -n \(namespace) addr add \(address)/24 dev \(inside) && ip -n \(namespace) link set \(inside) up && \
                ip -n \(namespace) link set lo up
                """)
            let hostFolder = folder.appending(path: name)
            let host = Host(
                name: name, address: address, root: roots.appending(path: suite), changes: hostFolder.appending(path: "upper"))
            for part in ["upper", "work", "root"] {
                try FileManager.default.createDirectory(
                    at: hostFolder.appending(path: part), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            }
            try provideLibraries(for: postureBinary, in: host)
            try provideHostPackages(in: host)
            try key("\(name)_host_key")
            let hostKey = try String(contentsOf: folder.appending(path: "\(name)_host_key.pub"), encoding: .utf8)
            known += "\(address) \(hostKey.split(separator: " ").prefix(2).joined(separator: " "))\n"
            try startServer(host, namespace: namespace, hostFolder: hostFolder)
            hosts.append(host)
        }
        try known.write(to: knownHosts, atomically: true, encoding: .utf8)
        try writeClientConfig(clientConfig, identity: "client_key", knownHosts: knownHosts)
        for host in hosts { try waitForServer(host) }
    }

    /// A client configuration: this identity only, this known_hosts only, strict host keys.
    func writeClientConfig(_ file: URL, identity: String, knownHosts: URL) throws {
        try """
        Host *
          User root
          IdentityFile \(folder.appending(path: identity).path)
          IdentitiesOnly yes
          IdentityAgent none
          UserKnownHostsFile \(knownHosts.path)
          GlobalKnownHostsFile /dev/null
          StrictHostKeyChecking yes
          LogLevel ERROR

        """.write(to: file, atomically: true, encoding: .utf8)
    }

    private func startServer(_ host: Host, namespace: String, hostFolder: URL) throws {
        let config = hostFolder.appending(path: "sshd_config")
        try """
        ListenAddress \(host.address):22
        HostKey \(folder.appending(path: "\(host.name)_host_key").path)
        AuthorizedKeysFile \(folder.appending(path: "authorized_keys").path)
        PermitRootLogin prohibit-password
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes no
        ChrootDirectory \(hostFolder.appending(path: "root").path)
        LogLevel ERROR

        """.write(to: config, atomically: true, encoding: .utf8)
        let overlay =
            "lowerdir=\(host.root.path),upperdir=\(host.changes.path),workdir=\(hostFolder.appending(path: "work").path)"
        // sshd runs detached (setsid, in the background): no long-lived child of the test process; its
        // pid file says what to stop. Each host has its own UTS namespace with its name as hostname, as
        // real desks have distinct names (the fleet report keys hosts by the reports' hostname).
        let pidFile = hostFolder.appending(path: "sshd.pid")
        try shell(
            """
            unshare -m -u --propagation private /bin/sh -c 'hostname "$7" && mkdir -p /run/sshd && \
            mount -t overlay overlay -o "$1" "$2" && mount -t proc proc "$2/proc" && (setsid ip netns exec "$3" /usr/sbin/sshd -D -f "$4" -E "$5" -o PidFile="$6" </dev/null >/dev/null 2>&1 &)' \
            sh '\(overlay)' '\(hostFolder.appending(path: "root").path)' '\(namespace)' '\(config.path)' \
            '\(hostFolder.appending(path: "sshd.log").path)' '\(pidFile.path)' '\(host.name)' </dev/null >/dev/null 2>&1
            """)
        pidFiles.append(pidFile)
    }

    private func waitForServer(_ host: Host) throws {
        for _ in 0..<100 {
            let probe = try run(
                URL(fileURLWithPath: "/usr/bin/ssh"), ["-F", clientConfig.path, "-o", "ConnectTimeout=2", host.address, "true"])
            if probe.status == 0 { return }
            usleep(100_000)
        }
        let log = (try? String(contentsOf: folder.appending(path: "\(host.name)/sshd.log"), encoding: .utf8)) ?? ""
        throw Failure("sshd on \(host.address) did not answer: \(log)")
    }

    /// The test binary links the Swift runtime dynamically: the libraries a root lacks are put in
    /// the overlay's upper layer (the static release build needs none of this).
    private func provideLibraries(for binary: URL, in host: Host) throws {
        let listing = try run(URL(fileURLWithPath: "/usr/bin/ldd"), [binary.path])
        for line in listing.stdout.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let arrow = words.firstIndex(of: "=>"), arrow + 1 < words.count else { continue }
            let path = String(words[arrow + 1])
            guard path.hasPrefix("/") else { continue }
            let inRoot = path.hasPrefix("/lib/") ? "/usr" + path : path
            if FileManager.default.fileExists(atPath: host.root.path + inRoot) { continue }
            let target = URL(fileURLWithPath: host.changes.path + inRoot)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: path).resolvingSymlinksInPath(), to: target)
        }
    }

    /// Copies the files of this machine's packages that the root lacks into the upper layer.
    private func provideHostPackages(in host: Host) throws {
        guard !hostPackages.isEmpty else { return }
        let listing = try run(URL(fileURLWithPath: "/usr/bin/dpkg"), ["-L"] + hostPackages)
        for line in listing.stdout.split(separator: "\n") where line.hasPrefix("/") {
            let path = String(line)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let inRoot = path.hasPrefix("/lib/") ? "/usr" + path : path
            if FileManager.default.fileExists(atPath: host.root.path + inRoot) { continue }
            let target = URL(fileURLWithPath: host.changes.path + inRoot)
            if FileManager.default.fileExists(atPath: target.path) { continue }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: path), to: target)
        }
    }

    private func key(_ name: String) throws {
        let result = try run(
            URL(fileURLWithPath: "/usr/bin/ssh-keygen"),
            ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", folder.appending(path: name).path])
        if result.status != 0 { throw Failure("ssh-keygen: \(result.stderr)") }
    }

    @discardableResult
    private func shell(_ command: String) throws -> RunResult {
        let result = try run(URL(fileURLWithPath: "/bin/sh"), ["-c", command])
        if result.status != 0 { throw Failure("\(command): \(result.stderr)") }
        return result
    }

    /// Stops the servers (their overlays go with their mount namespaces), removes the namespaces
    /// (and with them the veth pairs) and the scratch folder.
    func close() {
        for file in pidFiles {
            if let text = try? String(contentsOf: file, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                kill(pid, SIGTERM)
            }
        }
        pidFiles = []
        for namespace in namespaces { _ = try? run(URL(fileURLWithPath: "/bin/sh"), ["-c", "ip netns del \(namespace)"]) }
        namespaces = []
        try? FileManager.default.removeItem(at: folder)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
