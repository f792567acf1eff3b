import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

@Suite("Antivirus detection")
struct AntivirusProbeTests {
    static let clamAV = AntivirusDefinition(
        id: "clamav", title: "ClamAV", packages: ["clamav", "clamav-daemon"], files: ["/usr/sbin/clamd"],
        processes: ["clamd", "freshclam"], realTimeProcesses: ["clamonacc"], signatureFormat: "clamav-cvd",
        signaturePaths: ["/var/lib/clamav/daily.cld", "/var/lib/clamav/daily.cvd"])

    /// A CVD header as sigtool writes it, padded with spaces to 512 bytes.
    static func header(version: Int, seconds: Int) -> [UInt8] {
        var text = "ClamAV-VDB:16 Apr 2020 07-58 -0400:\(version):4020000:63:d2b8a4b9ad5c4e2bc8a1f0c7e0e0c9a1:sig:raynman:\(seconds)"
        text += String(repeating: " ", count: 512 - text.utf8.count)
        return Array(text.utf8) + [0x1F, 0x8B, 0x08]
    }

    @Test("the header's build time is the signature date; the newest daily file wins")
    func signatureDate() throws {
        #expect(
            ClamAVDatabase.header(Self.header(version: 25800, seconds: 1_587_038_339))
                == ClamAVDatabase.Header(version: "25800", buildTime: 1_587_038_339))
        #expect(ClamAVDatabase.header(Array("ClamAV-VDB:old:1:2:3:4:5:6".utf8)) == nil, "old format without seconds")
        #expect(ClamAVDatabase.header(Array("garbage".utf8)) == nil)
        let root = try FixtureRoot()
        try root.write("/var/lib/dpkg/status", "Package: clamav\nStatus: install ok installed\nVersion: 1.0.7\nArchitecture: amd64\n\n")
        try root.write("/var/lib/clamav/daily.cvd", Self.header(version: 27400, seconds: 1_795_000_000))
        try root.write("/var/lib/clamav/daily.cld", Self.header(version: 27480, seconds: 1_796_000_000))
        let request = FactRequest(families: [.antivirus], antivirus: [Self.clamAV])
        let antivirus = try #require(Collector.collect(root: root.path, request: request).antivirus)
        #expect(antivirus.count == 1)
        #expect(antivirus[0].product == "ClamAV")
        #expect(antivirus[0].signatureVersion == "27480")
        #expect(antivirus[0].signatureDate == ISODate.string(epochSeconds: 1_796_000_000))
        #expect(antivirus[0].running == nil, "an offline root runs nothing")
    }

    @Test("installed without signatures: present, with no signature date; absent: an empty list")
    func noSignatures() throws {
        let root = try FixtureRoot()
        try root.write("/usr/sbin/clamd", "", mode: 0o755)
        let request = FactRequest(families: [.antivirus], antivirus: [Self.clamAV])
        let antivirus = try #require(Collector.collect(root: root.path, request: request).antivirus)
        #expect(antivirus.map(\.product) == ["ClamAV"])
        #expect(antivirus[0].signatureDate == nil)
        let empty = try FixtureRoot()
        #expect(Collector.collect(root: empty.path, request: request).antivirus == [])
    }

    @Test(
        "ClamAV from Debian's packages on this machine is detected and reported truthfully",
        .enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/clamscan")))
    func liveClamAV() throws {
        let request = FactRequest(families: [.antivirus], antivirus: [Self.clamAV])
        let antivirus = try #require(Collector.collect(root: nil, request: request).antivirus)
        let clam = try #require(antivirus.first { $0.product == "ClamAV" })
        #expect(clam.running != nil, "a live host says whether it runs")
        let hasDatabase = ["daily.cvd", "daily.cld"].contains { FileManager.default.fileExists(atPath: "/var/lib/clamav/\($0)") }
        #expect((clam.signatureDate != nil) == hasDatabase)
    }
}
