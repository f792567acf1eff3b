import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The sudoers reader against the real sudo: accept/refuse against `visudo -c`, and for every
/// generated user, command and run-as target, allowed or not (`sudo -l -U`) and whether a
/// password is asked (`sudo -n` as that user), all in a private mount namespace.
@Suite("sudoers against the real sudo", .serialized)
struct SudoersDifferentialTests {
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let seed: UInt64 = ProcessInfo.processInfo.environment["POSTURE_SUDOERS_SEED"].flatMap(UInt64.init) ?? 20_261_130
    static let randomCount = 280

    struct Tally: CustomStringConvertible {
        var cases = 0, accepted = 0, refused = 0, queries = 0, allowedQueries = 0, ruleChecks = 0, conservative = 0, structures = 0
        var disagreements: [String: Int] = [:]
        var examples: [String] = []
        var description: String {
            "cases \(cases) (sudo accepted \(accepted), refused \(refused)); requests \(queries) (allowed \(allowedQueries)); "
                + "per-user ALL checks \(ruleChecks); cvtsudoers structures \(structures); grants reported that sudo refuses (unverified digest, host address) \(conservative); disagreements \(disagreements.values.reduce(0, +)) \(disagreements.sorted { $0.key < $1.key })"
        }

        mutating func disagree(_ field: String, _ detail: String, _ sudoersCase: SudoersCase) {
            disagreements[field, default: 0] += 1
            if examples.count < 40 { examples.append("[\(field)] \(detail)\n\(sudoersCase)") }
        }
    }

    static func target(_ query: SudoersCase.Query, _ world: SudoersWorld) -> SudoersMatcher.Target? {
        guard let invoking = world.account(named: query.user) else { return nil }
        let root = world.account(uid: 0) ?? SudoersWorld.Account(name: "root", uid: 0, gid: 0)
        let group = query.runasGroup.flatMap { world.group(named: $0) }
        if let name = query.runasUser {
            guard let user = world.account(named: name) else { return nil }
            return SudoersMatcher.Target(user: user, userSpecified: true, group: group)
        }
        return SudoersMatcher.Target(user: group == nil ? root : invoking, userSpecified: false, group: group)
    }

    static func compare(_ cases: [SudoersCase], into tally: inout Tally) throws {
        let answers = try SudoersOracle.answers(cases)
        let now = Date()
        for (sudoersCase, answer) in zip(cases, answers) {
            tally.cases += 1
            var files = sudoersCase.files
            files["/etc/passwd"] = sudoersCase.passwd
            files["/etc/group"] = sudoersCase.group
            files["/etc/hostname"] = sudoersCase.hostname + "\n"
            let memory = InMemoryFiles(files)
            let parsed = SudoersParser.read(memory, hostname: sudoersCase.hostname)
            if answer.accepted { tally.accepted += 1 } else { tally.refused += 1 }
            guard case .success(let document) = parsed else {
                if answer.accepted, case .failure(let failure) = parsed {
                    tally.disagree("accept", "we refused (\(failure)), visudo accepted", sudoersCase)
                }
                continue
            }
            guard answer.accepted else {
                tally.disagree("accept", "we accepted, visudo refused", sudoersCase)
                continue
            }
            if let structure = answer.structure {
                tally.structures += 1
                let theirs = Self.shape(ofConverted: structure)
                let ours = Self.shape(of: document)
                if theirs != ours {
                    tally.disagree(
                        "structure", "cvtsudoers \(theirs.map(String.init(describing:)) ?? "unreadable"), we \(ours)", sudoersCase)
                }
            }
            let world = SudoersWorld.parse(passwd: sudoersCase.passwd, group: sudoersCase.group, hostname: sudoersCase.hostname)
            let policy = SudoersPolicy(document: document, world: world, now: now.timeIntervalSince1970)
            for query in sudoersCase.queries {
                guard let allowed = answer.allowed[query], let account = world.account(named: query.user),
                    let target = target(query, world)
                else { continue }
                tally.queries += 1
                let decision = policy.decide(account, target: target, command: .init(path: query.command, arguments: query.arguments))
                let ours = decision?.allowed == true
                if ours != allowed {
                    // Digests are not verified (the scanned root's binaries are not hashed): such a
                    // command is taken as granted, so the reader errs towards reporting a grant.
                    if ours, sudoersCase.files.values.contains(where: { $0.contains("sha224:") }) {
                        tally.conservative += 1
                        continue
                    }
                    tally.disagree("allowed", "\(query): sudo \(allowed), we \(ours)", sudoersCase)
                    continue
                }
                guard allowed, let noPassword = answer.withoutPassword[query], let decision else { continue }
                tally.allowedQueries += 1
                if decision.asksPassword == noPassword {
                    tally.disagree(
                        "password", "\(query): sudo runs it without a password: \(noPassword); we ask: \(decision.asksPassword)",
                        sudoersCase)
                }
            }
            // The inventory rows the checks read: "every command", and its password, per user.
            guard case .success(let rules) = SudoProbe.read(memory, now: now) else {
                tally.disagree("rows", "the probe failed where the parser did not", sudoersCase)
                continue
            }
            for user in Set(sudoersCase.queries.map(\.user)) {
                let anyQueries = sudoersCase.queries.filter { $0.user == user && $0.command == "/usr/bin/uname" && $0.runasGroup == nil }
                let defaultQuery = anyQueries.first { $0.runasUser == nil }
                guard let defaultQuery, let sudoAll = answer.allowed[defaultQuery] else { continue }
                tally.ruleChecks += 1
                let rows = rules.filter { $0.principal == user && $0.commands == ["ALL"] && $0.isAccountDecision }
                let rootRows = rows.filter { ["ALL", "root", "#0"].contains($0.runas.first ?? "") || $0.runas == ["root"] }
                // Only when an ALL item decided the unlisted command (a glob or folder may name it).
                let decidedByAll =
                    world.account(named: user).flatMap { account in
                        policy.decide(
                            account, target: .init(user: world.account(uid: 0) ?? account, userSpecified: false, group: nil),
                            command: .init(path: "/usr/bin/uname", arguments: ""))
                    }.map { $0.command.kind == .all } ?? true
                guard decidedByAll else { continue }
                // The probe takes host addresses and netgroups to match (an offline scan cannot tell).
                let unresolvedHosts = document.userSpecs.contains {
                    $0.privileges.contains {
                        $0.hosts.contains {
                            switch $0.kind {
                            case .networkAddress, .netgroup: return true
                            default: return false
                            }
                        }
                    }
                }
                if !sudoAll, !rows.isEmpty, unresolvedHosts {
                    tally.conservative += 1
                    continue
                }
                if sudoAll, rows.isEmpty { tally.disagree("rows-all", "\(user): sudo allows every command, no ALL row", sudoersCase) }
                if !sudoAll, !rootRows.isEmpty, !anyQueries.contains(where: { answer.allowed[$0] == true }) {
                    tally.disagree("rows-all", "\(user): ALL row \(rootRows[0]) but sudo refuses an unlisted command", sudoersCase)
                }
                if sudoAll, let noPassword = answer.withoutPassword[defaultQuery], let row = rootRows.first,
                    row.runsWithoutPassword != noPassword
                {
                    tally.disagree("rows-password", "\(user): row \(row), sudo without password: \(noPassword)", sudoersCase)
                }
            }
        }
    }

    /// Privileges (user spec × host list), commands, and commands tagged NOPASSWD / PASSWD.
    struct Shape: Equatable, CustomStringConvertible {
        var privileges = 0, commands = 0, nopasswd = 0, passwd = 0
        var description: String { "\(privileges) privileges, \(commands) commands (\(nopasswd) NOPASSWD, \(passwd) PASSWD)" }
    }

    static func shape(of document: SudoersDocument) -> Shape {
        var shape = Shape()
        for spec in document.userSpecs {
            for privilege in spec.privileges {
                shape.privileges += 1
                shape.commands += privilege.commands.count
                shape.nopasswd += privilege.commands.filter { $0.nopasswd == true }.count
                shape.passwd += privilege.commands.filter { $0.nopasswd == false }.count
            }
        }
        return shape
    }

    /// cvtsudoers 1.9.13 writes options such as `"runcwd": "/tmp"` and SELinux roles bare inside
    /// arrays (not JSON); wrap each such line in braces. An empty policy prints nothing.
    static func repairedConversion(_ data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return Data("{}".utf8) }
        var containers: [Character] = []
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("]") || trimmed.hasPrefix("}") { _ = containers.popLast() }
            if trimmed.hasPrefix("\""), !trimmed.hasSuffix("["), !trimmed.hasSuffix("{"), containers.last == "[" {
                let comma = trimmed.hasSuffix(",")
                lines.append("{ " + (comma ? String(trimmed.dropLast()) : trimmed) + " }" + (comma ? "," : ""))
            } else {
                lines.append(String(line))
            }
            if trimmed.hasSuffix("[") { containers.append("[") } else if trimmed.hasSuffix("{") { containers.append("{") }
        }
        return Data(lines.joined(separator: "\n").utf8)
    }

    static func shape(ofConverted data: Data) -> Shape? {
        guard let json = try? JSONSerialization.jsonObject(with: repairedConversion(data)) as? [String: Any] else { return nil }
        var shape = Shape()
        for spec in json["User_Specs"] as? [[String: Any]] ?? [] {
            shape.privileges += 1
            for commandSpec in spec["Cmnd_Specs"] as? [[String: Any]] ?? [] {
                let count = (commandSpec["Commands"] as? [Any])?.count ?? 0
                shape.commands += count
                let options = commandSpec["Options"] as? [[String: Any]] ?? []
                if let authenticate = options.compactMap({ $0["authenticate"] as? Bool }).last {
                    if authenticate { shape.passwd += count } else { shape.nopasswd += count }
                }
            }
        }
        return shape
    }

    @Test("hand-written edge cases and 280 seeded random files agree with visudo and sudo")
    func differential() throws {
        guard SudoersOracle.available else {
            if Self.inCI { Issue.record("sudo, visudo, unshare and setpriv (and root) are needed in CI") }
            return
        }
        var generator = SudoersCaseGenerator(seed: Self.seed)
        let cases = SudoersEdgeCases.cases + (0..<Self.randomCount).map { generator.makeCase($0) }
        var tally = Tally()
        try Self.compare(cases, into: &tally)
        print("sudoers differential (seed \(Self.seed)): \(tally)")
        for example in tally.examples { print(example) }
        #expect(tally.cases >= 300)
        #expect(tally.disagreements.isEmpty, "seed \(Self.seed): \(tally)")
    }
}
