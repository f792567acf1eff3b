import Foundation
import PostureInventory

/// sudo: for every account of the scanned host, what sudoers (and everything it includes) lets
/// it run on this host's name, as whom, and whether a password is asked, as sudo 1.9 decides
/// (the last matching rule wins), with the file and line of the deciding rule. A sudoers that
/// sudo would refuse is a collection error, never grants.
struct SudoProbe: Probe {
    let families: [FactFamily] = [.sudo]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        guard context.root.exists("/etc/sudoers") else {
            // sudo is not installed (or keeps no sudoers): there are no grants.
            result.inventory.sudo = []
            return result
        }
        switch Self.read(context.root, now: context.now) {
        case .success(let rules): result.inventory.sudo = rules
        case .failure(let failure): result.fail("sudo", failure.description)
        }
        return result
    }

    /// The per-account grants of the sudoers policy found in `files`, or where it fails.
    static func read(_ files: any ConfigFiles, now: Date) -> Result<[SudoRule], SudoersParser.Failure> {
        let hostname: String?
        do {
            hostname = try files.readText("/etc/hostname").split(whereSeparator: \.isWhitespace).first.map(String.init)
        } catch {
            hostname = nil
        }
        let document: SudoersDocument
        switch SudoersParser.read(files, hostname: hostname ?? "") {
        case .success(let parsed): document = parsed
        case .failure(let failure): return .failure(failure)
        }
        if hostname == nil, let spec = document.userSpecs.first(where: { $0.privileges.contains { $0.hosts != [.init(kind: .all)] } }) {
            return .failure(
                .init(
                    file: spec.location.file, line: spec.location.line ?? 0,
                    reason: "this rule names hosts, and /etc/hostname could not be read to tell whether it applies"))
        }
        var texts: [String] = []
        for file in ["/etc/passwd", "/etc/group"] {
            do {
                texts.append(try files.readText(file))
            } catch {
                return .failure(.init(file: file, line: 0, reason: "accounts and groups are needed to judge sudoers: \(error)"))
            }
        }
        let (passwd, group) = (texts[0], texts[1])
        let world = SudoersWorld.parse(passwd: passwd, group: group, hostname: hostname ?? "")
        // A rule for a host address or netgroup is taken to apply: better a grant reported than one missed.
        let policy = SudoersPolicy(document: document, world: world, now: now.timeIntervalSince1970, assumeUnresolvedHostsMatch: true)
        return .success(SudoersGrants.rules(policy))
    }
}
