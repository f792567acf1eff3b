import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The apt sources reader against apt itself: `apt-get indextargets --no-release-info` on a copy
/// (`-o Dir=COPY`) lists every index apt would fetch, with the entry it comes from; a sources
/// file apt refuses makes it exit non-zero.
@Suite("apt sources, compared with apt-get indextargets")
struct AptSourcesDifferentialTests {
    static let defaultArchitectures = ["amd64", "i386"]

    /// (type, URI, suite, component, architecture, file) as apt lists them.
    static func aptTargets(_ root: String) throws -> (status: Int32, targets: Set<String>, stderr: String) {
        let options =
            [
                "-o", "Dir=\(root)", "-o", "Dir::State::status=\(root)/var/lib/dpkg/status", "-o", "Debug::NoLocking=1",
                "-o", "APT::Architecture=amd64",
            ] + defaultArchitectures.flatMap { ["-o", "APT::Architectures::=\($0)"] }
        let result = try Oracle.aptGet.run(
            options + [
                "indextargets", "--no-release-info", "--format",
                "$(TARGET_OF)|$(REPO_URI)|$(RELEASE)|$(COMPONENT)|$(ARCHITECTURE)|$(CREATED_BY)|$(SOURCESENTRY)",
            ])
        var targets: Set<String> = []
        for line in result.stdout.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 7, fields[5] == "Packages" || fields[5] == "Sources", fields[4] != "all" else { continue }
            let file = String(fields[6].dropFirst(root.count).prefix { $0 != ":" })
            let component = fields[3] == "$(COMPONENT)" ? "" : fields[3]
            let architecture = fields[0] == "deb-src" ? "source" : fields[2].hasSuffix("/") ? "flat" : fields[4]
            targets.insert([fields[0], fields[1], fields[2], component, architecture, file].joined(separator: "|"))
        }
        return (result.status, targets, result.stderr)
    }

    /// The same, from posture's reading.
    static func ourTargets(_ sources: [AptSource]) -> Set<String> {
        // apt keeps one target per index, from the first entry that names it.
        var firstFile: [String: String] = [:]
        for source in sources {
            let uri = source.uri.hasSuffix("/") ? source.uri : source.uri + "/"
            let file = String(source.location.prefix { $0 != ":" })
            let architectures =
                source.type == "deb-src"
                ? ["source"]
                : source.suite.hasSuffix("/")
                    ? ["flat"]
                    : (source.architectures ?? defaultArchitectures)
            for component in source.components.isEmpty ? [""] : source.components {
                for architecture in architectures {
                    let key = [source.type, uri, source.suite, component, architecture].joined(separator: "|")
                    if firstFile[key] == nil { firstFile[key] = file }
                }
            }
        }
        return Set(firstFile.map { "\($0.key)|\($0.value)" })
    }

    static let suites = ["bookworm", "bookworm-security", "bookworm-updates", "trixie-security", "buster/updates", "stable", "flat/", "./"]
    static let uris = [
        "http://deb.debian.org/debian", "https://security.debian.org/debian-security", "file:/srv/mirror", "http://x.example/apt/",
    ]

    static func oneLineEntry(_ random: inout SeededGenerator, valid: Bool) -> String {
        let type =
            valid
            ? ["deb", "deb-src"].randomElement(using: &random)! : ["deb", "deb-src", "deb-foo", "rpm"].randomElement(using: &random)!
        var options: [String] = []
        if Bool.random(using: &random) { options.append("arch=" + ["amd64", "i386", "amd64,i386"].randomElement(using: &random)!) }
        if Bool.random(using: &random) { options.append("signed-by=/usr/share/keyrings/debian-archive-keyring.gpg") }
        if Int.random(in: 0..<4, using: &random) == 0 { options.append("trusted=yes") }
        let suite = suites.randomElement(using: &random)!
        var components =
            suite.hasSuffix("/")
            ? [] : Array(["main", "contrib", "non-free-firmware"].shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
        if !valid, Bool.random(using: &random) { components = suite.hasSuffix("/") ? ["main"] : [] }
        var parts = [type]
        if !options.isEmpty {
            parts.append(
                Bool.random(using: &random) ? "[ " + options.joined(separator: " ") + " ]" : "[" + options.joined(separator: " ") + "]")
        }
        parts += [uris.randomElement(using: &random)!, suite] + components
        var line = parts.joined(separator: Bool.random(using: &random) ? " " : " \t ")
        if Int.random(in: 0..<4, using: &random) == 0 { line += " # a comment" }
        if !valid, Int.random(in: 0..<4, using: &random) == 0 { line = "deb [arch=amd64 http://x.example/apt bookworm main" }
        return line
    }

    static func stanza(_ random: inout SeededGenerator, valid: Bool) -> String {
        var lines: [String] = []
        let types =
            valid
            ? Array(["deb", "deb-src"].shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random))) : ["deb", "deb-bogus"]
        lines.append("\(Bool.random(using: &random) ? "Types" : "types"): \(types.joined(separator: " "))")
        lines.append("URIs: " + uris.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)).joined(separator: " "))
        let flat = Int.random(in: 0..<5, using: &random) == 0
        let suiteList =
            flat
            ? ["flat/"] : Array(suites.filter { !$0.hasSuffix("/") }.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
        lines.append("Suites: " + suiteList.joined(separator: " "))
        if !flat || (!valid && Bool.random(using: &random)) {
            lines.append("Components: main" + (Bool.random(using: &random) ? " contrib" : ""))
        }
        if Bool.random(using: &random) { lines.append("Architectures: " + ["amd64", "i386", "amd64 i386"].randomElement(using: &random)!) }
        if Bool.random(using: &random) { lines.append("Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg") }
        if Int.random(in: 0..<5, using: &random) == 0 { lines.append("Enabled: no") }
        if Int.random(in: 0..<4, using: &random) == 0 {
            lines.insert("# a comment inside", at: Int.random(in: 0...lines.count, using: &random))
        }
        lines.shuffle(using: &random)
        if !valid, Bool.random(using: &random) { lines.removeAll { $0.hasPrefix("URIs") } }
        return lines.joined(separator: "\n")
    }

    @Test("150 generated sources trees (one-line and deb822): the same indexes as apt, refused where apt refuses")
    func generatedTrees() throws {
        guard Oracle.aptGet.ready() else { return }
        let seed: UInt64 = 0xA9750_0CE5
        var random = SeededGenerator(seed: seed)
        var disagreements = 0
        var refused = 0
        var security = 0
        for number in 0..<150 {
            let root = try FixtureRoot()
            for folder in ["/etc/apt/apt.conf.d", "/etc/apt/preferences.d", "/var/lib/apt/lists/partial", "/var/lib/dpkg"] {
                try root.folder(folder)
            }
            try root.write("/var/lib/dpkg/status", "")
            let valid = Int.random(in: 0..<4, using: &random) > 0
            var description = ""
            if Bool.random(using: &random) {
                let text =
                    (0..<Int.random(in: 1...4, using: &random)).map { _ in
                        Self.oneLineEntry(&random, valid: valid || Bool.random(using: &random))
                    }.joined(separator: "\n") + "\n"
                try root.write("/etc/apt/sources.list", text)
                description += "sources.list:\n\(text)"
            }
            for index in 0..<Int.random(in: 0...2, using: &random) {
                let deb822 = Bool.random(using: &random)
                let name =
                    ["debian", "extra", "local"][index] + [deb822 ? ".sources" : ".list", ".sources", ".list", ".list.save", ".bak"]
                    .randomElement(using: &random)!
                let text =
                    deb822 || name.hasSuffix(".sources")
                    ? (0..<Int.random(in: 1...3, using: &random)).map { _ in Self.stanza(&random, valid: valid) }.joined(separator: "\n\n")
                        + "\n"
                    : Self.oneLineEntry(&random, valid: valid) + "\n"
                // Some files come with CRLF line ends, which apt reads as line ends.
                let crlf = Int.random(in: 0..<6, using: &random) == 0
                try root.write("/etc/apt/sources.list.d/\(name)", crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text)
                description += "\(name):\n\(text)"
            }
            let apt = try Self.aptTargets(root.path)
            let ours = AptSources.read(HostRoot(root: root.path))
            switch ours {
            case .success(let read) where apt.status == 0:
                if read.sources.contains(where: { $0.security && $0.type == "deb" }) { security += 1 }
                let mine = Self.ourTargets(read.sources)
                if mine != apt.targets {
                    disagreements += 1
                    Issue.record(
                        "case \(number) (seed \(seed)): apt \(apt.targets.subtracting(mine).sorted()) not in posture, posture \(mine.subtracting(apt.targets).sorted()) not in apt\n\(description)"
                    )
                }
            case .success:
                refused += 1
                disagreements += 1
                Issue.record("case \(number) (seed \(seed)): apt refuses (\(apt.stderr)), posture accepts\n\(description)")
            case .failure(let error) where apt.status == 0:
                disagreements += 1
                Issue.record("case \(number) (seed \(seed)): apt accepts, posture refuses (\(error))\n\(description)")
            case .failure:
                refused += 1
            }
        }
        print(
            "apt sources differential: 150 trees (seed \(seed)), apt refused \(refused), with a security suite \(security), disagreements \(disagreements)"
        )
        #expect(disagreements == 0)
        #expect(refused > 10 && security > 20)
    }
}
