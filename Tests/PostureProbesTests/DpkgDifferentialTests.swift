import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The dpkg status reader against dpkg-query (which stanzas exist, in which state, whether the file
/// is refused) and the pending updates against apt itself (`apt list --upgradable`, `apt-get -s
/// upgrade`) on a copy of a root whose status file holds every dpkg state.
@Suite("dpkg states and apt upgrades, compared with dpkg-query and apt")
struct DpkgDifferentialTests {
    /// Every state dpkg knows, with the error flag and the wants that change apt's view.
    static let states: [(status: String, extra: String)] = [
        ("install ok installed", ""), ("install ok unpacked", ""), ("install ok half-configured", ""),
        ("install ok triggers-awaited", "Triggers-Awaited: pkg01\n"), ("install ok triggers-pending", "Triggers-Pending: ldconfig\n"),
        ("install reinstreq half-installed", ""), ("install reinstreq installed", ""), ("install ok half-installed", ""),
        ("deinstall ok config-files", ""), ("purge ok not-installed", ""), ("hold ok installed", ""), ("deinstall ok installed", ""),
        ("unknown ok not-installed", ""), ("install reinstreq unpacked", ""), ("purge ok installed", ""), ("hold ok unpacked", ""),
    ]

    /// A root copy with the status file, a local repository (a main and a security suite) and
    /// apt's lists fetched from it by `apt-get update` (no network: file: URIs).
    static func buildRoot() throws -> (root: FixtureRoot, aptOptions: [String], realPackages: Int) {
        let root = try FixtureRoot()
        var status = ""
        var main = ""
        var security = ""
        // A copy of the bookworm root's status file (when built) leads: real packages, all installed.
        var realPackages = 0
        if let roots = ProcessInfo.processInfo.environment["POSTURE_DEBIAN_ROOTS"],
            let real = try? String(contentsOfFile: roots + "/bookworm/var/lib/dpkg/status", encoding: .utf8)
        {
            status = real.hasSuffix("\n\n") ? real : real + "\n"
            realPackages = real.components(separatedBy: "\nPackage: ").count
        }
        for (index, state) in states.enumerated() {
            let name = String(format: "pkg%02d", index + 1)
            status +=
                "Package: \(name)\nStatus: \(state.status)\nPriority: optional\nSection: misc\nMaintainer: T <t@example.org>\n"
                + "Architecture: amd64\nVersion: 1.0-1\n\(state.extra)Description: test\n\n"
            main += "Package: \(name)\nArchitecture: amd64\nVersion: 1.5-1\nFilename: pool/\(name).deb\nSize: 10\nDescription: test\n\n"
            if index % 2 == 0 {
                security +=
                    "Package: \(name)\nArchitecture: amd64\nVersion: 2.0-1\nFilename: pool/\(name)-s.deb\nSize: 10\nDescription: test\n\n"
            }
        }
        // A Multi-Arch: same pair, both installed.
        status +=
            "Package: libmulti\nStatus: install ok installed\nMulti-Arch: same\nArchitecture: amd64\nVersion: 1.0\nDescription: t\n\n"
            + "Package: libmulti\nStatus: install ok unpacked\nMulti-Arch: same\nArchitecture: i386\nVersion: 1.0\nDescription: t\n\n"
        main += "Package: libmulti\nArchitecture: amd64\nMulti-Arch: same\nVersion: 1.1\nFilename: pool/m.deb\nSize: 1\nDescription: t\n\n"
        try root.write("/var/lib/dpkg/status", status)
        try root.folder("/var/lib/dpkg/updates")
        try root.folder("/var/lib/dpkg/info")
        let repo = root.path + "/srv/repo"
        try root.write(
            "/srv/repo/dists/bookworm/Release",
            "Origin: Debian\nLabel: Debian\nSuite: stable\nCodename: bookworm\nArchitectures: amd64 i386\nComponents: main\n")
        try root.write("/srv/repo/dists/bookworm/main/binary-amd64/Packages", main)
        try root.write("/srv/repo/dists/bookworm/main/binary-i386/Packages", "")
        try root.write(
            "/srv/repo/dists/bookworm-security/Release",
            "Origin: Debian\nLabel: Debian-Security\nSuite: stable-security\nCodename: bookworm-security\nArchitectures: amd64 i386\nComponents: main\n"
        )
        try root.write("/srv/repo/dists/bookworm-security/main/binary-amd64/Packages", security)
        try root.write("/srv/repo/dists/bookworm-security/main/binary-i386/Packages", "")
        try root.write("/etc/apt/sources.list", "deb [trusted=yes arch=amd64,i386] file:\(repo) bookworm main\n")
        try root.write(
            "/etc/apt/sources.list.d/security.sources",
            "Types: deb\nURIs: file:\(repo)\nSuites: bookworm-security\nComponents: main\nTrusted: yes\nArchitectures: amd64 i386\n")
        for folder in ["/etc/apt/apt.conf.d", "/etc/apt/preferences.d", "/var/lib/apt/lists/partial", "/var/cache/apt/archives/partial"] {
            try root.folder(folder)
        }
        let options = [
            "-o", "Dir=\(root.path)", "-o", "Dir::State::status=\(root.path)/var/lib/dpkg/status", "-o", "Debug::NoLocking=1",
            "-o", "APT::Architecture=amd64", "-o", "APT::Architectures::=amd64", "-o", "APT::Architectures::=i386",
        ]
        let update = try Oracle.aptGet.run(options + ["update"])
        #expect(update.status == 0, "apt-get update on the local repository: \(update.stderr)")
        return (root, options, realPackages)
    }

    @Test("every dpkg state: the packages with files on disk are dpkg-query's, the pending updates apt's")
    func everyState() throws {
        guard Oracle.dpkgQuery.ready(), Oracle.aptGet.ready(), Oracle.apt.ready() else { return }
        let (root, options, realPackages) = try Self.buildRoot()
        // dpkg-query lists every stanza but not-installed ones; config-files has no files on disk.
        let query = try Oracle.dpkgQuery.run([
            "--admindir=\(root.path)/var/lib/dpkg", "-W", "-f",
            "${Package}:${Architecture} ${Version} ${db:Status-Want} ${db:Status-Eflag} ${db:Status-Status}\n",
        ])
        #expect(query.status == 0, "\(query.stderr)")
        let expected = query.stdout.split(separator: "\n").map(String.init).filter { !$0.hasSuffix(" config-files") }.sorted()
        let packages = try #require(try PackagesProbe.dpkgPackages(HostRoot(root: root.path)).get())
        let ours = packages.map { "\($0.name):\($0.arch ?? "") \($0.version) \($0.status ?? "")" }.sorted()
        #expect(ours == expected)
        // 16 states, minus 2 not-installed and 1 config-files, plus the multi-arch pair, plus the root's own.
        #expect(ours.count == 15 + realPackages)

        // apt list --upgradable: every package with a current version and a newer candidate.
        let upgradable = try Oracle.apt.run(options + ["list", "--upgradable"])
        let aptNames = upgradable.stdout.split(separator: "\n").filter { $0.contains("[upgradable from") }
            .map { String($0.prefix { $0 != "/" }) }.sorted()
        let aptSecurity = upgradable.stdout.split(separator: "\n").filter { $0.contains("[upgradable from") && $0.contains("-security") }
            .map { String($0.prefix { $0 != "/" }) }.sorted()
        let inventory = Collector.collect(root: root.path, request: FactRequest(families: [.updates]))
        let updates = try #require(inventory.updates)
        #expect(updates.pending.map(\.name).sorted() == aptNames)
        #expect(updates.pending.filter(\.security).map(\.name).sorted() == aptSecurity)
        #expect(aptSecurity.count >= 5 && aptNames.count > aptSecurity.count)
        print(
            "dpkg states: \(ours.count) packages on disk (\(realPackages) from the bookworm root) as dpkg-query lists them; \(aptNames.count) upgradable "
                + "(\(aptSecurity.count) security) as apt lists them: \(aptNames.joined(separator: " "))")
        #expect(updates.sources?.contains { $0.security && $0.location.hasSuffix("security.sources:1") } == true)

        // apt-get -s upgrade installs (Inst) a subset: not held packages, not half-installed ones it removes.
        let simulated = try Oracle.aptGet.run(options + ["-s", "upgrade"])
        let installs = Set(
            simulated.stdout.split(separator: "\n").filter { $0.hasPrefix("Inst ") }
                .compactMap { $0.split(separator: " ").dropFirst().first.map { String($0.prefix { $0 != ":" }) } })
        #expect(installs.isSubset(of: Set(aptNames)) && !installs.isEmpty)
        let candidates = Dictionary(updates.pending.map { ($0.name, $0.candidate) }, uniquingKeysWith: { first, _ in first })
        for line in simulated.stdout.split(separator: "\n") where line.hasPrefix("Inst ") {
            let words = line.split(separator: " ")
            guard words.count >= 4 else { continue }
            let name = String(words[1].prefix { $0 != ":" })
            #expect(candidates[name] == String(words[3].dropFirst()), "candidate of \(name): \(line)")
        }
    }

    // MARK: generated status files

    static let wants = ["install", "hold", "deinstall", "purge", "unknown", "Install", "bogus"]
    static let flags = ["ok", "reinstreq", "ok", "hold"]
    static let stateWords = DpkgStatus.State.allCases.map(\.rawValue) + ["Installed", "broken"]
    static let versions = ["1.0-1", "2:1.2.3-4", "1.0~rc1", "a1", "1.0-", ":1", "1 0", "99999999999:1", "", "1:2:3-4-5", "1.0+dfsg"]

    /// One generated status file: mostly valid stanzas, sometimes with one of dpkg's refusals.
    static func generated(_ random: inout SeededGenerator) -> String {
        var text = ""
        let count = Int.random(in: 1...6, using: &random)
        var used: Set<String> = []
        for index in 0..<count {
            var name = "p\(index)-\(Int.random(in: 0...9, using: &random))"
            if used.contains(name) { name += "x" }
            used.insert(name)
            let valid = Int.random(in: 0..<5, using: &random) > 0
            let want =
                valid ? ["install", "hold", "deinstall", "purge"].randomElement(using: &random)! : wants.randomElement(using: &random)!
            let flag = valid ? ["ok", "reinstreq"].randomElement(using: &random)! : flags.randomElement(using: &random)!
            let state =
                valid ? DpkgStatus.State.allCases.map(\.rawValue).randomElement(using: &random)! : stateWords.randomElement(using: &random)!
            let version =
                valid
                ? ["1.0-1", "2:1.2.3-4", "1.0~rc1", "1.0+dfsg"].randomElement(using: &random)! : versions.randomElement(using: &random)!
            let packageField = Bool.random(using: &random) ? "Package" : ["package", "PACKAGE"].randomElement(using: &random)!
            var lines = ["\(packageField): \(name)", "Status: \(want) \(flag) \(state)"]
            if !(version.isEmpty && Bool.random(using: &random)) { lines.append("Version: \(version)") }
            lines.append("Architecture: \(["amd64", "all", "i386"].randomElement(using: &random)!)")
            if state == "triggers-awaited" || (!valid && Bool.random(using: &random)) { lines.append("Triggers-Awaited: other") }
            if state == "triggers-pending" || (!valid && Int.random(in: 0..<4, using: &random) == 0) {
                lines.append("Triggers-Pending: ldconfig")
            }
            lines.append("Description: short\n long line\n .\n more")
            if !valid {
                switch Int.random(in: 0..<8, using: &random) {
                case 0: lines.append("Status: install ok installed")
                case 1: lines.append("bad line")
                case 2: lines.insert(" leading", at: 0)
                case 3: lines.append("X: y")
                case 4: lines[0] = "Package: -bad"
                default: break
                }
            }
            lines.shuffle(using: &random)
            // The Package line may be anywhere; dpkg does not care about field order.
            text += lines.joined(separator: "\n") + "\n\n"
        }
        if Int.random(in: 0..<10, using: &random) == 0 { text = String(text.dropLast(2)) }  // no final newline
        return text
    }

    @Test("300 generated status files: the same stanzas and states as dpkg-query, refused where it refuses")
    func generatedFiles() throws {
        guard Oracle.dpkgQuery.ready() else { return }
        let seed: UInt64 = 0x5EED_D9C6
        var random = SeededGenerator(seed: seed)
        let folder = try FixtureRoot()
        var disagreements = 0
        var refused = 0
        for number in 0..<300 {
            let text = Self.generated(&random)
            try folder.write("/status", text)
            let query = try Oracle.dpkgQuery.run([
                "--admindir=\(folder.path)", "-W", "-f",
                "${Package}:${Architecture} ${Version} ${db:Status-Want} ${db:Status-Eflag} ${db:Status-Status}\n",
            ])
            let ours = DpkgStatus.parse(Array(text.utf8))
            let dpkgRefused = query.status != 0
            if dpkgRefused { refused += 1 }
            switch ours {
            case .failure(let error) where !dpkgRefused:
                disagreements += 1
                Issue.record("case \(number) (seed \(seed)): dpkg accepts, posture refuses (\(error))\n\(text)")
            case .success where dpkgRefused:
                disagreements += 1
                Issue.record("case \(number) (seed \(seed)): dpkg refuses (\(query.stderr)), posture accepts\n\(text)")
            case .success(let entries):
                let listed = entries.filter { $0.state != .notInstalled }
                    .map { "\($0.name):\($0.architecture ?? "") \($0.version ?? "") \($0.status)" }.sorted()
                let expected = query.stdout.split(separator: "\n").map(String.init).sorted()
                if listed != expected {
                    disagreements += 1
                    Issue.record("case \(number) (seed \(seed)): dpkg-query \(expected), posture \(listed)\n\(text)")
                }
            case .failure:
                continue
            }
        }
        print("dpkg differential: 300 status files (seed \(seed)), dpkg refused \(refused), disagreements \(disagreements)")
        #expect(disagreements == 0)
        #expect(refused > 30 && refused < 270, "the generator should exercise both sides (\(refused) refused)")
    }
}
