import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// Runs a real tool and returns its standard output.
func output(_ program: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.environment = ["LC_ALL": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

let hasDpkg = FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-query")
let hasAptLists = ((try? FileManager.default.contentsOfDirectory(atPath: "/var/lib/apt/lists")) ?? [])
    .contains { $0.hasSuffix("InRelease") || $0.hasSuffix("_Release") }
let debianRoot = ProcessInfo.processInfo.environment["POSTURE_DEBIAN_ROOT"]

/// The installed set as dpkg-query reports it: name, version, architecture.
func dpkgQuery(_ extra: [String] = []) throws -> [String] {
    try output("/usr/bin/dpkg-query", extra + ["-W", "-f", "${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\n"])
        .split(separator: "\n").filter { $0.hasPrefix("installed\t") }.map { String($0.dropFirst("installed\t".count)) }.sorted()
}

@Suite("Probes against the real tools")
struct RealToolTests {
    @Test("packages are exactly what dpkg-query -W lists", .enabled(if: hasDpkg))
    func packagesMatchDpkgQuery() throws {
        let packages = try #require(try PackagesProbe.dpkgPackages(HostRoot(root: nil)).get())
        let ours = packages.map { "\($0.name)\t\($0.version)\t\($0.arch ?? "")" }.sorted()
        let theirs = try dpkgQuery()
        #expect(ours.count == theirs.count)
        #expect(ours == theirs)
    }

    @Test("pending updates and their security flag are exactly apt-get -s upgrade's", .enabled(if: hasDpkg && hasAptLists))
    func updatesMatchApt() throws {
        let inventory = Collector.collect(root: nil, request: FactRequest(families: [.updates]))
        let pending = try #require(inventory.updates?.pending)
        let simulation = try output("/usr/bin/apt-get", ["-s", "-o", "Debug::NoLocking=1", "upgrade"])
        // "Inst name [installed] (candidate origin [arch])", plus packages kept back.
        var apt: [String: (String, Bool)] = [:]
        for line in simulation.split(separator: "\n") where line.hasPrefix("Inst ") {
            let words = line.split(separator: " ")
            guard words.count >= 4 else { continue }
            let candidate = words[3].dropFirst()
            apt[String(words[1])] = (String(candidate), line.lowercased().contains("security"))
        }
        var keptBack = false
        for line in simulation.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("The following packages have been kept back") {
                keptBack = true
                continue
            }
            if keptBack, line.hasPrefix(" ") {
                for name in line.split(separator: " ") { apt[String(name)] = apt[String(name)] ?? ("kept back", false) }
            } else {
                keptBack = false
            }
        }
        let ours = Dictionary(uniqueKeysWithValues: pending.map { ($0.name, ($0.candidate, $0.security)) })
        #expect(Set(ours.keys) == Set(apt.keys))
        for (name, value) in ours where apt[name]?.0 != "kept back" {
            #expect(apt[name]?.0 == value.0, "\(name) candidate")
            #expect(apt[name]?.1 == value.1, "\(name) security flag")
        }
    }

    @Test(
        "a debootstrap root scanned with --root has exactly dpkg-query --admindir's packages",
        .enabled(if: hasDpkg && debianRoot != nil))
    func debootstrapRoot() throws {
        let root = try #require(debianRoot)
        let inventory = Collector.collect(root: root, request: .everything)
        let ours = try #require(inventory.packages).map { "\($0.name)\t\($0.version)\t\($0.arch ?? "")" }.sorted()
        let theirs = try dpkgQuery(["--admindir=\(root)/var/lib/dpkg"])
        #expect(ours.count > 50)
        #expect(ours == theirs)
        #expect(inventory.host?.os?.id == "debian")
        #expect(inventory.accounts?.contains { $0.name == "root" && $0.uid == 0 } == true)
        #expect(inventory.processes == nil, "an offline root has no processes")
    }

    @Test("the lz4 decoder agrees with lz4 itself", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/lz4")))
    func lz4() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "posture-lz4-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SystemRandomNumberGenerator()
        // Text with repeats near and far, so short and overlapping matches both occur.
        var text = ""
        for index in 0..<40_000 {
            text +=
                "Package: pkg\(index % 997)\nVersion: \(index % 13).\(Int.random(in: 0..<5, using: &generator))-1\naaaaaaaaaaaaaaaaaaaaaaaaaaab\n\n"
        }
        let original = Array(text.utf8)
        try Data(original).write(to: folder.appending(path: "input"))
        for flags in [["-1"], ["-9"], ["-1", "--no-frame-crc", "-BD"], ["-1", "-B4", "--content-size"]] {
            _ = try output(
                "/usr/bin/lz4", flags + ["-q", "-f", folder.appending(path: "input").path, folder.appending(path: "input.lz4").path])
            let compressed = try Array(Data(contentsOf: folder.appending(path: "input.lz4")))
            #expect(try LZ4Frame.decode(compressed) == original, "lz4 \(flags)")
        }
        #expect(throws: LZ4Frame.DecodeError.self) { try LZ4Frame.decode([0x04, 0x22, 0x4D, 0x18, 0x64, 0x40, 0xA7, 0x10, 0, 0, 0]) }
        #expect(throws: LZ4Frame.DecodeError.self) { try LZ4Frame.decode(Array("plain".utf8)) }
    }
}
