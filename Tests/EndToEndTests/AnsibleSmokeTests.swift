import Foundation
import Testing

/// The Ansible role (Packaging/ansible) run by Debian's ansible-playbook against two sshd hosts in
/// network namespaces: the package is installed, a scan runs, the reports reach the control node,
/// and the fleet report (html, json) is made on the control node by `posture fleet ingest` + `report`
/// and lists both hosts.
/// Slow (it installs Python into the hosts' roots and runs Ansible), so it runs only from
/// Scripts/ansible-smoke, which sets POSTURE_ANSIBLE_SMOKE and builds the package first.
@Suite("Ansible role against sshd hosts", .enabled(if: ProcessInfo.processInfo.environment["POSTURE_ANSIBLE_SMOKE"] != nil))
struct AnsibleSmokeTests {
    @Test("install, scan, fetch, fleet report")
    func rollOut() throws {
        guard SSHTestNetwork.available() else { return }
        let environment = ProcessInfo.processInfo.environment
        let deb = try #require(environment["POSTURE_DEB"], "Scripts/ansible-smoke passes the package in POSTURE_DEB")
        let network = try SSHTestNetwork(
            suites: ["bookworm", "trixie"],
            hostPackages: ["python3.11-minimal", "libpython3.11-minimal", "libpython3.11-stdlib", "python3-minimal", "libexpat1"])
        defer { if environment["POSTURE_KEEP_SMOKE"] == nil { network.close() } }
        let work = network.folder
        var inventory = "[workstations]\n"
        for host in network.hosts { inventory += "\(host.name) ansible_host=\(host.address)\n" }
        inventory += """
            [workstations:vars]
            ansible_user=root
            ansible_become=false
            ansible_python_interpreter=/usr/bin/python3
            ansible_ssh_common_args=-F \(network.clientConfig.path)

            """
        try inventory.write(to: work.appending(path: "inventory.ini"), atomically: true, encoding: .utf8)
        let playbook = repositoryRoot.appending(path: "Packaging/ansible/playbook.yml")
        let result = try run(
            URL(fileURLWithPath: "/usr/bin/ansible-playbook"),
            [
                "-i", work.appending(path: "inventory.ini").path, playbook.path,
                "-e", "posture_scan_now=true", "-e", "posture_deb=\(deb)",
                "-e", "posture_reports_dest=\(work.appending(path: "reports").path)",
                "-e", "posture_control_binary=\(postureBinary.path)",
                "-e", "posture_fleet_store=\(work.appending(path: "fleet.sqlite").path)",
                "-e", "posture_fleet_out_dir=\(work.appending(path: "fleet-report").path)",
            ],
            environment: [
                "ANSIBLE_CONFIG": repositoryRoot.appending(path: "Packaging/ansible/ansible.cfg").path,
                "ANSIBLE_HOME": work.appending(path: "ansible-home").path,
                "ANSIBLE_LOCAL_TEMP": work.appending(path: "ansible-tmp").path,
                "ANSIBLE_SSH_CONTROL_PATH_DIR": work.appending(path: "cp").path,
                "ANSIBLE_NOCOLOR": "1",
            ])
        print(result.stdout)
        #expect(result.status == 0, "\(result.stderr)")
        for host in network.hosts {
            let status = try String(contentsOf: host.changes.appending(path: "var/lib/dpkg/status"), encoding: .utf8)
            #expect(status.contains("Package: posture\nStatus: install ok installed"), "\(host.name): posture not installed")
            let fetched = (try? FileManager.default.contentsOfDirectory(atPath: work.appending(path: "reports/\(host.name)").path)) ?? []
            #expect(fetched.contains { $0.hasSuffix(".json") } && fetched.contains { $0.hasSuffix(".html") }, "\(host.name): \(fetched)")
        }
        // The fleet report made on the control node by `posture fleet ingest` + `report`: both hosts in it.
        #expect(!result.stdout.contains("has no fleet command"), "the role skipped the fleet report")
        let fleetFolder = work.appending(path: "fleet-report")
        let fleet = (try? FileManager.default.contentsOfDirectory(atPath: fleetFolder.path)) ?? []
        #expect(fleet.contains("fleet.html") && fleet.contains("fleet.json"), "fleet report: \(fleet)")
        let fleetJSON = try #require(
            try? JSONSerialization.jsonObject(with: Data(contentsOf: fleetFolder.appending(path: "fleet.json"))) as? [String: Any],
            "fleet.json is not a JSON object")
        let verdict = fleetJSON["verdict"] as? [String: Any] ?? [:]
        let names = ((fleetJSON["hosts"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        let counts = ["hosts", "judged", "passing", "failing", "stale", "never_scanned"].map { "\($0) \(verdict[$0] ?? "none")" }
        print("fleet report \(fleet.sorted()): verdict \(counts.joined(separator: ", ")); hosts \(names.sorted())")
        #expect((verdict["hosts"] as? NSNumber)?.intValue == network.hosts.count, "verdict.hosts: \(verdict["hosts"] ?? "none")")
        #expect(names.sorted() == network.hosts.map(\.name).sorted(), "hosts in fleet.json: \(names)")
    }
}
