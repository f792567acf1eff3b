import Foundation
import Testing

/// `posture collect --ssh` and `scan --ssh` against real sshd servers in network namespaces, each
/// showing a debootstrap root (bookworm, trixie) as its /: the inventory brought back equals a
/// local `collect --root` of the same tree, nothing stays on the target, and each way of not
/// getting in is its own error with exit code 3.
@Suite("Agentless scans over ssh, against real sshd", .serialized)
struct RemoteScanTests {
    /// The facts only a live collection has, left out of the comparison: when and how it ran, what
    /// the kernel and firmware say (host name, architecture, running kernel, network addresses,
    /// SMBIOS asset tag: the namespace shares this machine's), the processes and mounts in /proc,
    /// and the collection errors about those.
    /// Everything read from files (accounts, groups, packages, services, settings, sudo, updates,
    /// antivirus, login records, os) must be equal.
    static func comparable(_ json: String) throws -> [String: Any] {
        var document = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var host = try #require(document["host"] as? [String: Any])
        for key in ["collected_at", "source", "hostname", "architecture", "kernel", "addresses", "asset_tag"] {
            host[key] = nil
        }
        document["host"] = host
        for key in ["processes", "volumes"] { document[key] = nil }
        let liveOnly: Set<String> = ["volumes", "host.reboot_required", "processes"]
        document["collection_errors"] = (document["collection_errors"] as? [[String: Any]] ?? []).filter {
            !liveOnly.contains($0["fact"] as? String ?? "")
        }
        return document
    }

    static func differences(_ remote: [String: Any], _ local: [String: Any]) -> [String] {
        Set(remote.keys).union(local.keys).sorted().compactMap { key in
            let left = remote[key].map { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) }
            let right = local[key].map { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) }
            return left == right ? nil : key
        }
    }

    /// Whatever the scan left in the target's /tmp (the overlay's upper layer records every write).
    static func leftovers(_ host: SSHTestNetwork.Host) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: host.changes.appending(path: "tmp").path)) ?? []
    }

    @Test("collect --ssh on two hosts equals collect --root of their trees; nothing left behind")
    func inventoriesMatch() throws {
        guard SSHTestNetwork.available() else { return }
        let network = try SSHTestNetwork(suites: ["bookworm", "trixie"])
        defer { network.close() }
        for host in network.hosts {
            let remote = try posture("collect", "--ssh", "root@\(host.address)", "--ssh-config", network.clientConfig.path)
            #expect(remote.status == 0, "\(host.name): \(remote.stderr)")
            let local = try posture("collect", "--all", "--root", host.root.path)
            #expect(local.status == 0, "\(host.name): \(local.stderr)")
            let remoteFacts = try Self.comparable(remote.stdout)
            let localFacts = try Self.comparable(local.stdout)
            #expect(Self.differences(remoteFacts, localFacts) == [], "\(host.name): families differ")
            #expect(remoteFacts.count >= 10, "\(host.name): compared \(remoteFacts.keys.sorted())")
            #expect((remoteFacts["packages"] as? [Any])?.isEmpty == false, "\(host.name): no packages seen")
            let source = try JSONSerialization.jsonObject(with: Data(remote.stdout.utf8)) as? [String: Any]
            #expect((source?["host"] as? [String: Any])?["source"] as? String == "live")
            #expect(Self.leftovers(host) == [], "\(host.name): left on the target")
        }
    }

    @Test("scan --ssh judges locally and writes the reports here")
    func scanOverSSH() throws {
        guard SSHTestNetwork.available() else { return }
        let network = try SSHTestNetwork(suites: ["bookworm"])
        defer { network.close() }
        let host = try #require(network.hosts.first)
        let reports = network.folder.appending(path: "reports")
        let result = try posture(
            "scan", "--ssh", host.address, "--ssh-config", network.clientConfig.path, "--out-dir", reports.path,
            "--format", "json,html")
        #expect([0, 1].contains(result.status), "\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: reports.path).filter { !$0.hasPrefix(".") }
        #expect(written.contains { $0.hasSuffix(".json") } && written.contains { $0.hasSuffix(".html") }, "\(written)")
        #expect(Self.leftovers(host) == [])
    }

    @Test("a refused key, a wrong host key and an unreachable host: each its own error, exit 3")
    func failures() throws {
        guard SSHTestNetwork.available() else { return }
        let network = try SSHTestNetwork(suites: ["bookworm"])
        defer { network.close() }
        let host = try #require(network.hosts.first)

        let stranger = network.folder.appending(path: "stranger_config")
        try network.writeClientConfig(stranger, identity: "stranger_key", knownHosts: network.knownHosts)
        let refused = try posture("scan", "--ssh", host.address, "--ssh-config", stranger.path)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("error: authentication failed"), "\(refused.stderr)")

        let wrongKnownHosts = network.folder.appending(path: "wrong_known_hosts")
        let otherKey = try String(contentsOf: network.folder.appending(path: "stranger_key.pub"), encoding: .utf8)
        try "\(host.address) \(otherKey.split(separator: " ").prefix(2).joined(separator: " "))\n"
            .write(to: wrongKnownHosts, atomically: true, encoding: .utf8)
        let impostor = network.folder.appending(path: "impostor_config")
        try network.writeClientConfig(impostor, identity: "client_key", knownHosts: wrongKnownHosts)
        let wrongKey = try posture("collect", "--ssh", host.address, "--ssh-config", impostor.path)
        #expect(wrongKey.status == 3)
        #expect(wrongKey.stderr.contains("error: the host key could not be verified"), "\(wrongKey.stderr)")

        let unreachable = try posture("scan", "--ssh", "root@\(host.address):2", "--ssh-config", network.clientConfig.path)
        #expect(unreachable.status == 3)
        #expect(unreachable.stderr.contains("error: the host is unreachable"), "\(unreachable.stderr)")
        #expect(Self.leftovers(host) == [])
    }

    @Test("SIGINT while collecting: the temporary folder is removed before posture exits")
    func interrupted() throws {
        guard SSHTestNetwork.available() else { return }
        let network = try SSHTestNetwork(suites: ["bookworm"])
        defer { network.close() }
        let host = try #require(network.hosts.first)
        // A stand-in binary that takes its time, so the interrupt lands while it runs on the target.
        let slow = network.folder.appending(path: "slow-posture")
        try "#!/bin/sh\nsleep 5\n".write(to: slow, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = postureBinary
        process.arguments = [
            "collect", "--ssh", host.address, "--ssh-config", network.clientConfig.path, "--remote-binary", slow.path,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the binary is on the target, then interrupt.
        let binaryArrived = {
            Self.leftovers(host).contains { folder in
                FileManager.default.fileExists(atPath: host.changes.appending(path: "tmp/\(folder)/posture").path)
            }
        }
        for _ in 0..<300 where !binaryArrived() && process.isRunning { usleep(20_000) }
        #expect(binaryArrived(), "the binary never reached the target")
        usleep(300_000)
        process.interrupt()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("interrupted"), "\(stderr)")
        #expect(Self.leftovers(host) == [])
    }
}
