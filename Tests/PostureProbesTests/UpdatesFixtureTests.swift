import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

@Suite("Pending updates on a fixture root")
struct UpdatesFixtureTests {
    static let lists = "/var/lib/apt/lists"

    func root() throws -> FixtureRoot {
        let root = try FixtureRoot()
        try root.write(
            "/var/lib/dpkg/status",
            """
            Package: libssl3
            Status: install ok installed
            Architecture: amd64
            Version: 3.0.11-1~deb12u2

            Package: tzdata
            Status: install ok installed
            Architecture: all
            Version: 2024a-0+deb12u1

            Package: curl
            Status: install ok installed
            Architecture: amd64
            Version: 7.88.1-10+deb12u5

            Package: local-tool
            Status: install ok installed
            Architecture: amd64
            Version: 2.0

            """)
        let mirror = "deb.debian.org_debian_dists_bookworm"
        let security = "deb.debian.org_debian-security_dists_bookworm-security"
        let backports = "deb.debian.org_debian_dists_bookworm-backports"
        try root.write(
            "\(Self.lists)/\(mirror)_InRelease",
            """
            -----BEGIN PGP SIGNED MESSAGE-----
            Hash: SHA512

            Origin: Debian
            Label: Debian
            Suite: stable
            Codename: bookworm
            -----BEGIN PGP SIGNATURE-----
            """)
        try root.write(
            "\(Self.lists)/\(security)_InRelease",
            "Origin: Debian\nLabel: Debian-Security\nSuite: stable-security\nCodename: bookworm-security\n")
        try root.write(
            "\(Self.lists)/\(backports)_Release",
            "Origin: Debian Backports\nLabel: Debian Backports\nSuite: bookworm-backports\nCodename: bookworm-backports\nNotAutomatic: yes\nButAutomaticUpgrades: yes\n"
        )
        try root.write(
            "\(Self.lists)/\(mirror)_main_binary-amd64_Packages",
            """
            Package: libssl3
            Version: 3.0.11-1~deb12u2
            Architecture: amd64

            Package: tzdata
            Version: 2024b-0+deb12u1
            Architecture: all

            Package: curl
            Version: 7.88.1-10+deb12u5
            Architecture: amd64

            Package: curl
            Version: 9.0-1
            Architecture: i386

            """)
        try root.write(
            "\(Self.lists)/\(security)_main_binary-amd64_Packages", "Package: libssl3\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\n")
        // Backports is newer, but priority 100 loses to the 500 of bookworm.
        try root.write(
            "\(Self.lists)/\(backports)_main_binary-amd64_Packages", "Package: curl\nVersion: 8.10.1-1~bpo12+1\nArchitecture: amd64\n")
        return root
    }

    @Test("candidates follow apt's default policy, with the security origin")
    func pending() throws {
        let root = try root()
        let inventory = Collector.collect(root: root.path, request: FactRequest(families: [.updates]))
        let updates = try #require(inventory.updates)
        #expect(updates.pending.map(\.name) == ["libssl3", "tzdata"])
        let ssl = updates.pending[0]
        #expect(ssl.candidate == "3.0.15-1~deb12u1" && ssl.security && ssl.origin == "Debian-Security:bookworm-security/stable-security")
        #expect(updates.pending[1].security == false)
        #expect(updates.listsUpdatedAt != nil)
        #expect(inventory.collectionErrors?.filter { $0.fact.hasPrefix("updates") } == [])
    }

    @Test(
        "lz4-compressed lists read the same as plain ones",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/lz4")))
    func compressed() throws {
        let root = try root()
        let plain = root.path + Self.lists + "/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages"
        _ = try output("/usr/bin/lz4", ["-q", "--rm", plain, plain + ".lz4"])
        let inventory = Collector.collect(root: root.path, request: FactRequest(families: [.updates]))
        #expect(inventory.updates?.pending.first?.candidate == "3.0.15-1~deb12u1")
    }

    @Test("no lists, or a compression it cannot read: an error with the reason, never 'no updates'")
    func missingLists() throws {
        let root = try root()
        try FileManager.default.removeItem(atPath: root.path + Self.lists)
        let inventory = Collector.collect(root: root.path, request: FactRequest(families: [.updates]))
        // The sources are still known (no security suite is a finding of its own); pending is not.
        #expect(inventory.updates?.pending == [] && inventory.updates?.sources == [])
        #expect(
            inventory.collectionErrors?.contains { $0.fact == "updates.pending" && $0.reason.contains("apt-get update has never run") }
                == true)

        let other = try self.root()
        try other.write("\(Self.lists)/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.xz", [0xFD, 0x37])
        let partial = Collector.collect(root: other.path, request: FactRequest(families: [.updates]))
        #expect(partial.collectionErrors?.contains { $0.reason.contains("compression not supported") } == true)
    }

    @Test("a 68 MB Packages list is read whole: the security update at its end is found")
    func largePackagesList() throws {
        let root = try root()
        var list = ""
        var count = 0
        while list.utf8.count < 68_000_000 {
            list +=
                "Package: filler\(count)\nVersion: 1.0-1\nArchitecture: amd64\nDescription: padding\n "
                + String(repeating: "padding ", count: 100) + "\n\n"
            count += 1
        }
        list += "Package: libssl3\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\n"
        try root.write("\(Self.lists)/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages", list)
        let inventory = Collector.collect(root: root.path, request: FactRequest(families: [.updates]))
        #expect(inventory.updates?.pending.first { $0.name == "libssl3" }?.security == true)
    }

    @Test("a release file too large to read whole is an error, not a suite silently left out")
    func releaseFileTooLarge() throws {
        let root = try root()
        let path = root.path + Self.lists + "/deb.debian.org_debian-security_dists_bookworm-security_InRelease"
        // Sparse: the text, then zeros past the 64 MiB read limit.
        truncate(path, off_t(HostRoot.maximumFileBytes + 4096))
        let inventory = Collector.collect(root: root.path, request: FactRequest(families: [.updates]))
        #expect(
            inventory.collectionErrors?.contains {
                $0.fact == "updates.pending" && $0.reason.contains("bookworm-security_InRelease") && $0.reason.contains("not read in full")
            }
                == true, "\(String(describing: inventory.collectionErrors))")
    }
}
