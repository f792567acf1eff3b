import Foundation
import Testing

/// The same built-in rules judge Windows and macOS workstations from their exported inventories.
@Suite("Exported Windows and macOS inventories")
struct ExportedInventoryTests {
    func results(_ name: String) throws -> [String: (state: String, reason: String)] {
        try results(path: repositoryRoot.appending(path: "Reports/examples/\(name).inventory.json").path).states
    }

    func results(path: String) throws -> (states: [String: (state: String, reason: String)], coverage: Double) {
        let run = try posture(
            "scan", "--inventory", path, "--now", "2026-11-30T00:00:00Z", "--format", "json",
            "--attestations", attestations)
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let coverage = (report["summary"] as? [String: Any])?["coverage"] as? Double ?? -1
        var states: [String: (String, String)] = [:]
        for case let result as [String: Any] in report["results"] as? [Any] ?? [] {
            let rule = result["rule"] as? [String: Any]
            states[rule?["id"] as? String ?? ""] = (result["state"] as? String ?? "", result["reason"] as? String ?? "")
        }
        return (states, coverage)
    }

    /// Checks posture runs only on Linux but whose control holds everywhere: unknown elsewhere, not "does not apply".
    static let collectedOnLinuxOnly = [
        "card-numbers-not-stored", "ssns-not-stored", "call-recordings-retention", "customer-exports-retention",
        "leavers-accounts-removed", "accounts-not-stale", "lockout-after-failures", "audit-daemon-running",
    ]

    @Test("Windows 10 22H2: only paid ESU left, end-of-life programs named, Defender and BitLocker read")
    func windows() throws {
        let states = try results("windows-agent-workstation")
        #expect(states["os-supported"]?.state == "fail")
        #expect(states["os-supported"]?.reason.contains("Extended Security Updates (paid) is left, until 2028-10-10") == true)
        #expect(states["software-supported"]?.state == "fail")
        for program in ["Office Professional Plus 2016", "Python 3.8.10", "Zoom Workplace 5.16.10"] {
            #expect(states["software-supported"]?.reason.contains(program) == true, "\(program)")
        }
        #expect(states["antivirus-active"]?.state == "pass")
        #expect(states["antivirus-real-time"]?.state == "pass")
        #expect(states["volumes-encrypted"]?.reason.contains("D:") == true)
        #expect(states["password-policy-minimum-length"]?.state == "pass")
        // Their subject does not exist on Windows: /etc/shadow, libpwquality, sudo, systemd units.
        for linuxOnly in ["shadow-file-private", "passwords-minimum-length", "sudo-no-nopasswd", "legacy-services-disabled"] {
            #expect(states[linuxOnly]?.state == "not_applicable", "\(linuxOnly)")
        }
        for rule in Self.collectedOnLinuxOnly + ["admins-few"] {
            #expect(states[rule]?.state == "unknown", "\(rule)")
            #expect(states[rule]?.reason.hasPrefix("not collected on windows") == true, "\(rule): \(states[rule]?.reason ?? "")")
        }
        #expect(!states.values.contains { $0.state == "error" })
    }

    @Test("what was not collected on Windows lowers coverage")
    func windowsCoverage() throws {
        let path = repositoryRoot.appending(path: "Reports/examples/windows-agent-workstation.inventory.json").path
        let (_, coverage) = try results(path: path)
        #expect(coverage > 0 && coverage < 100, "coverage \(coverage)")
    }

    @Test("an exported tree and sensitive-data summary is judged, not reported as not collected")
    func exportedTreeSummary() throws {
        let source = repositoryRoot.appending(path: "Reports/examples/windows-agent-workstation.inventory.json")
        var inventory = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        let content: [String: Any] = [
            "include": ["*"], "kinds": ["card", "ssn"], "max_file_bytes": 1_073_741_824, "scanned_files": 40,
            "scanned_bytes": 90_000, "skipped_binary": 0, "skipped_large": 0, "skipped_unreadable": 0, "skipped_samples": [],
        ]
        inventory["trees"] = [["root": "/home", "exists": true, "files": 40, "content": content]]
        inventory["sensitive"] = [["kind": "card", "path": "/home/agent/notes.txt", "line": 3, "count": 1, "sample": "411111******1111"]]
        let folder = FileManager.default.temporaryDirectory.appending(path: "posture-tree-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "windows.inventory.json")
        try JSONSerialization.data(withJSONObject: inventory).write(to: file)
        let (states, _) = try results(path: file.path)
        #expect(states["card-numbers-not-stored"]?.state == "fail")
        #expect(states["ssns-not-stored"]?.state == "pass")
        #expect(states["leavers-accounts-removed"]?.state == "unknown")
    }

    @Test("macOS 13 Ventura: past end of life, XProtect signatures judged by age, FileVault read")
    func macos() throws {
        let states = try results("macos-agent-workstation")
        #expect(states["os-supported"]?.state == "fail")
        #expect(states["os-supported"]?.reason.contains("past end of life since 2025-09-15") == true)
        #expect(states["software-supported"]?.reason.contains("Python 3.9.13") == true)
        #expect(states["software-supported"]?.reason.contains("zoom") == false, "zoom.us 6.2.11 is above Zoom's minimum")
        #expect(states["antivirus-active"]?.state == "fail")
        #expect(states["volumes-encrypted"]?.state == "pass")
        #expect(states["sudo-no-nopasswd"]?.state == "pass")
        for rule in Self.collectedOnLinuxOnly + ["mfa-for-sudo", "system-files-not-world-writable", "programs-not-world-writable"] {
            #expect(states[rule]?.state == "unknown", "\(rule)")
            #expect(states[rule]?.reason.hasPrefix("not collected on macos") == true, "\(rule): \(states[rule]?.reason ?? "")")
        }
        #expect(!states.values.contains { $0.state == "error" })
    }
}
