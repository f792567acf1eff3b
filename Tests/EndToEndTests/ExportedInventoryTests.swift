import Foundation
import Testing

/// The same built-in rules judge Windows and macOS workstations from their exported inventories.
@Suite("Exported Windows and macOS inventories")
struct ExportedInventoryTests {
    func results(_ name: String) throws -> [String: (state: String, reason: String)] {
        let path = repositoryRoot.appending(path: "Reports/examples/\(name).inventory.json").path
        let run = try posture(
            "scan", "--inventory", path, "--now", "2026-11-30T00:00:00Z", "--format", "json",
            "--attestations", attestations)
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        var states: [String: (String, String)] = [:]
        for case let result as [String: Any] in report["results"] as? [Any] ?? [] {
            let rule = result["rule"] as? [String: Any]
            states[rule?["id"] as? String ?? ""] = (result["state"] as? String ?? "", result["reason"] as? String ?? "")
        }
        return states
    }

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
        for linuxOnly in ["shadow-file-private", "audit-daemon-running", "passwords-minimum-length", "sudo-no-nopasswd"] {
            #expect(states[linuxOnly]?.state == "not_applicable", "\(linuxOnly)")
        }
        #expect(!states.values.contains { $0.state == "unknown" || $0.state == "error" })
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
        #expect(!states.values.contains { $0.state == "unknown" || $0.state == "error" })
    }
}
