import Foundation
import Testing

@testable import PostureProbes

/// Machine id, asset tag and addresses: only what the host (or the root) holds, never a guess.
@Suite("Host identity")
struct HostIdentityTests {
    func root(machineID: String?) throws -> (HostRoot, URL) {
        let folder = FileManager.default.temporaryDirectory.appending(path: "posture-identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appending(path: "etc"), withIntermediateDirectories: true)
        if let machineID { try machineID.write(to: folder.appending(path: "etc/machine-id"), atomically: true, encoding: .utf8) }
        return (HostRoot(root: folder.path), folder)
    }

    @Test(
        "a machine id is 32 lowercase hex digits, as systemd reads it; anything else is none",
        arguments: [
            ("0123456789abcdef0123456789abcdef\n", "0123456789abcdef0123456789abcdef"),
            ("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef"),
            ("uninitialized\n", nil), ("", nil), ("0123456789ABCDEF0123456789ABCDEF\n", nil),
            ("0123456789abcdef0123456789abcde\n", nil), ("0123456789abcdef0123456789abcdef0\n", nil),
        ] as [(String, String?)])
    func machineID(text: String, expected: String?) throws {
        let (root, folder) = try root(machineID: text)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(HostIdentity.machineID(root) == expected)
    }

    @Test("an offline root has no machine id file, asset tag or addresses to give")
    func offlineRoot() throws {
        let (root, folder) = try root(machineID: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(HostIdentity.machineID(root) == nil)
        #expect(HostIdentity.assetTag(root) == nil, "firmware is read on live hosts only")
    }

    @Test("live addresses leave out loopback and link-local")
    func liveAddresses() {
        for address in HostIdentity.addresses() {
            #expect(!address.hasPrefix("127.") && address != "::1" && !address.lowercased().hasPrefix("fe80"))
        }
    }
}
