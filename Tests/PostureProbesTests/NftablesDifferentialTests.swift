import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The nftables reader against nft itself: each generated ruleset is checked with `nft -c -f`,
/// then loaded into a fresh network namespace (`unshare -n`) and listed back as JSON; the base
/// chains, their policies and rule counts must be the ones posture read, and the input path
/// judged from nft's own listing must be posture's verdict.
@Suite("nftables rulesets, compared with nft")
struct NftablesDifferentialTests {
    static let conditional = [
        "ct state established,related accept", "iif lo accept", "tcp dport 22 accept", "meta l4proto icmp accept",
        "tcp dport { 80, 443 } counter accept", "udp dport 53 drop", "ct state invalid drop", "meta l4proto ipv6-icmp accept",
    ]
    static let unconditional = [
        "drop", "counter drop", "reject", "log prefix \"in: \" drop", "accept", "counter accept",
        "reject with icmpx type admin-prohibited", "counter packets 0 bytes 0 drop", "jump helper",
    ]

    /// A ruleset of one to three tables, in block or command style, with an optional include.
    static func ruleset(_ random: inout SeededGenerator) -> (main: String, include: String?) {
        var text = "#!/usr/sbin/nft -f\n"
        if Bool.random(using: &random) { text += "flush ruleset\n" }
        var include: String?
        for index in 0..<Int.random(in: 1...3, using: &random) {
            let family = ["inet", "ip", "ip6", "inet", "netdev"].randomElement(using: &random)!
            let table = "t\(index)"
            if family == "netdev" {
                text +=
                    "table netdev \(table) {\n  chain ingress_\(index) { type filter hook ingress device lo priority 0; policy accept; }\n}\n"
                continue
            }
            let hook = ["input", "input", "forward", "output"].randomElement(using: &random)!
            let policy = ["accept", "drop", nil].randomElement(using: &random)!
            var rules: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                var rule =
                    Int.random(in: 0..<3, using: &random) == 0
                    ? unconditional.randomElement(using: &random)!
                    : conditional.randomElement(using: &random)!
                if family != "inet", rule.contains("icmpx") { rule = "reject" }  // icmpx exists in inet tables only
                rules.append(rule)
            }
            let baseLine =
                "type filter hook \(hook) priority \(["0", "filter", "-10"].randomElement(using: &random)!);"
                + (policy.map { " policy \($0);" } ?? "")
            let dormant = Int.random(in: 0..<8, using: &random) == 0
            var body = "table \(family) \(table) {\n"
            if dormant { body += "  flags dormant\n" }
            body += "  chain helper { counter; }\n"
            switch Int.random(in: 0..<3, using: &random) {
            case 0:  // blocks, one rule a line
                body += "  chain c\(index) {\n    \(baseLine)\n" + rules.map { "    \($0)\n" }.joined() + "  }\n}\n"
                text += body
            case 1:  // blocks on one line, rules separated by ;
                body += "  chain c\(index) { \(baseLine) " + rules.map { "\($0); " }.joined() + "}\n}\n"
                text += body
            default:  // commands
                text += "add table \(family) \(table)" + (dormant ? " { flags dormant; }\n" : "\n")
                text += "add chain \(family) \(table) helper\n"
                text += "add chain \(family) \(table) c\(index) { \(baseLine) }\n"
                for rule in rules { text += "add rule \(family) \(table) c\(index) \(rule)\n" }
                if rules.count > 1, Bool.random(using: &random) {
                    text +=
                        "insert rule \(family) \(table) c\(index) \(family == "inet" ? unconditional.randomElement(using: &random)! : "counter drop")\n"
                }
            }
            if index == 0, Int.random(in: 0..<4, using: &random) == 0 {
                text += "include \"nftables.d/extra.nft\"\n"
                include =
                    "add rule \(family) \(table) helper counter\n"
                    + (Bool.random(using: &random)
                        ? "table inet late {\n  chain in { type filter hook input priority 10; policy drop; }\n}\n" : "")
            }
            if index > 0, Int.random(in: 0..<6, using: &random) == 0 { text += "delete table \(family) \(table)\n" }
        }
        return (text, include)
    }

    /// The input path as judged from nft's own JSON listing of the loaded ruleset.
    static func oracleVerdict(_ json: Any, dormant: Set<String>) -> (ipv4: Bool, ipv6: Bool, chains: [String]) {
        let items = ((json as? [String: Any])?["nftables"] as? [[String: Any]]) ?? []
        var chains: [(family: String, table: String, name: String, hook: String?, type: String?, policy: String?)] = []
        var rules: [String: [[[String: Any]]]] = [:]
        for item in items {
            if let chain = item["chain"] as? [String: Any], let family = chain["family"] as? String, let table = chain["table"] as? String,
                let name = chain["name"] as? String
            {
                chains.append((family, table, name, chain["hook"] as? String, chain["type"] as? String, chain["policy"] as? String))
            }
            if let rule = item["rule"] as? [String: Any], let family = rule["family"] as? String, let table = rule["table"] as? String,
                let chain = rule["chain"] as? String
            {
                rules["\(family) \(table) \(chain)", default: []].append((rule["expr"] as? [[String: Any]]) ?? [])
            }
        }
        var ipv4 = false
        var ipv6 = false
        var described: [String] = []
        let neutral: Set<String> = ["counter", "log"]
        for chain in chains {
            let key = "\(chain.family) \(chain.table) \(chain.name)"
            described.append("\(key) hook=\(chain.hook ?? "-") policy=\(chain.policy ?? "-") rules=\(rules[key]?.count ?? 0)")
            guard chain.hook == "input", chain.type == "filter", ["ip", "ip6", "inet"].contains(chain.family),
                !dormant.contains("\(chain.family) \(chain.table)")
            else { continue }
            var end: String?
            for expressions in rules[key] ?? [] {
                let keys = expressions.flatMap(\.keys)
                guard
                    keys.allSatisfy({
                        neutral.contains($0) || ["accept", "drop", "reject", "jump", "goto", "return", "queue"].contains($0)
                    }),
                    let verdict = keys.first(where: { !neutral.contains($0) })
                else { continue }
                end = verdict
                break
            }
            let denies = end.map { $0 == "drop" || $0 == "reject" } ?? (chain.policy == "drop")
            if denies {
                if chain.family != "ip6" { ipv4 = true }
                if chain.family != "ip" { ipv6 = true }
            }
        }
        return (ipv4, ipv6, described.sorted())
    }

    /// posture's chains, described as the oracle describes nft's.
    static func ourChains(_ ruleset: NftablesRuleset) -> [String] {
        ruleset.allChains.map {
            "\($0.family) \($0.table) \($0.name) hook=\($0.hook ?? "-") policy=\($0.hook == nil ? "-" : $0.policy ?? "accept") rules=\($0.rules.count)"
        }.sorted()
    }

    @Test("80 generated rulesets: nft -c accepts them, and the chains and the input-path verdict agree with nft's listing")
    func generatedRulesets() throws {
        guard Oracle.nft.ready(), Oracle.unshare.ready() else { return }
        // Loading a ruleset needs a network namespace of its own (root, or CAP_SYS_ADMIN).
        guard try Oracle.unshare.run(["-n", "/bin/true"]).status == 0 else {
            if Oracle.inCI { Issue.record("unshare -n is not permitted here; the nftables oracle needs it (run as root)") }
            return
        }
        let seed: UInt64 = 0x00F1_4E_3A11
        var random = SeededGenerator(seed: seed)
        var disagreements = 0
        var denying = 0
        var refused = 0
        for number in 0..<80 {
            let (main, include) = Self.ruleset(&random)
            let root = try FixtureRoot()
            try root.write("/etc/nftables.conf", main)
            if let include { try root.write("/etc/nftables.d/extra.nft", include) }
            // nft 1.0.6 writes a table's flags wrongly in JSON, so dormant tables come from the text listing.
            let script = "nft -c -I \"$1\" -f \"$2\" && nft -I \"$1\" -f \"$2\" && nft -j list ruleset && echo && nft list ruleset"
            let loaded = try Oracle.unshare.run(["-n", "/bin/sh", "-c", script, "sh", root.path + "/etc", root.path + "/etc/nftables.conf"])
            let ours = NftablesRuleset.read("/etc/nftables.conf", in: HostRoot(root: root.path))
            guard loaded.status == 0 else {
                refused += 1
                if case .success = ours {
                    // Rule syntax is nft's to judge; a structure posture accepts must be one nft accepts.
                    disagreements += 1
                    Issue.record("case \(number) (seed \(seed)): nft refuses (\(loaded.stderr)), posture reads it\n\(main)")
                }
                continue
            }
            let jsonText = loaded.stdout.prefix { $0 != "\n" }
            let json = try JSONSerialization.jsonObject(with: Data(jsonText.utf8))
            var dormant: Set<String> = []
            var table = ""
            for line in loaded.stdout.split(separator: "\n").dropFirst() {
                if line.hasPrefix("table ") { table = line.dropFirst(6).replacingOccurrences(of: " {", with: "") }
                if line.trimmingCharacters(in: .whitespaces) == "flags dormant" { dormant.insert(table) }
            }
            let oracle = Self.oracleVerdict(json, dormant: dormant)
            guard case .success(let ruleset) = ours else {
                disagreements += 1
                Issue.record("case \(number) (seed \(seed)): nft loads it, posture refuses: \(ours)\n\(main)")
                continue
            }
            let verdict = InputPath.judge(ruleset)
            if verdict.ipv4 && verdict.ipv6 { denying += 1 }
            if Self.ourChains(ruleset) != oracle.chains || verdict.ipv4 != oracle.ipv4 || verdict.ipv6 != oracle.ipv6 {
                disagreements += 1
                Issue.record(
                    """
                    case \(number) (seed \(seed)): nft \(oracle.chains) v4=\(oracle.ipv4) v6=\(oracle.ipv6); \
                    posture \(Self.ourChains(ruleset)) v4=\(verdict.ipv4) v6=\(verdict.ipv6)
                    \(main)\(include.map { "--- include:\n\($0)" } ?? "")
                    """)
            }
        }
        print(
            "nftables differential: 80 rulesets (seed \(seed)), nft refused \(refused), deny by default on input \(denying), disagreements \(disagreements)"
        )
        #expect(disagreements == 0)
        #expect(denying > 5 && denying < 75)
    }

    @Test("structure nft refuses is refused, with file:line")
    func refusals() throws {
        let cases = [
            "table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n}\n":
                "/etc/nftables.conf:1: error: syntax error, '{' is never closed",
            "tabel inet filter { }\n": "/etc/nftables.conf:1: error: syntax error, unexpected 'tabel'",
            "table inet filter { chain input { type filter hook input priority 0; policy drop; }\n}\n}\n":
                "/etc/nftables.conf:3: error: syntax error, unexpected '}'",
            "table inet filter { chain input { type filter hook input priority 0; policy drop }\n}\n":
                "/etc/nftables.conf:1: error: syntax error, unexpected '}', expecting newline or semicolon",
            "include \"missing.nft\"\n": "/etc/nftables.conf:1: error: /etc/missing.nft: no such file",
            "include \"posture-loop.nft\"\n": "/etc/posture-loop.nft:1: error: includes nest deeper than 16 (a loop?)",
        ]
        for (text, message) in cases {
            let loop = "include \"posture-loop.nft\"\n"
            let result = NftablesRuleset.read(
                "/etc/nftables.conf", in: InMemoryFiles(["/etc/nftables.conf": text, "/etc/posture-loop.nft": loop]))
            guard case .failure(let error) = result else {
                Issue.record("accepted: \(text)")
                continue
            }
            #expect(error.description == message)
            if Oracle.nft.available {
                let root = try FixtureRoot()
                try root.write("/etc/nftables.conf", text)
                try root.write("/etc/posture-loop.nft", loop)
                #expect(
                    try Oracle.nft.run(["-c", "-I", root.path + "/etc", "-f", root.path + "/etc/nftables.conf"]).status != 0, "\(text)")
            }
        }
    }

    static let denyingRuleset =
        "flush ruleset\ntable inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n"
        + "    ct state established,related accept\n  }\n  chain forward { type filter hook forward priority 0; policy drop; }\n}\n"

    @Test("the firewall fact: policy accept on input with a dropping forward chain is not active; a dangling or masked unit is not active")
    func firewallFact() {
        let link = "/etc/systemd/system/sysinit.target.wants/nftables.service"
        let unit = "[Unit]\nDescription=nftables\n"
        func fact(_ files: [String: String]) -> [String: JSONValue] {
            guard case .object(let object) = HostFirewall.read(InMemoryFiles(files)) else { return [:] }
            return object
        }
        let active = fact(["/etc/nftables.conf": Self.denyingRuleset, link: unit])
        #expect(active["active"] == .bool(true) && active["product"] == .string("nftables"))
        if case .string(let detail)? = active["detail"] {
            #expect(detail.contains("inet filter input (/etc/nftables.conf:4)"))
        } else {
            Issue.record("no detail")
        }
        let forwardOnly = Self.denyingRuleset.replacingOccurrences(of: "priority 0; policy drop;\n", with: "priority 0; policy accept;\n")
        #expect(fact(["/etc/nftables.conf": forwardOnly, link: unit])["active"] == .bool(false))
        // The link lists the unit, but nothing is behind it (InMemoryFiles: listed folder, absent file).
        #expect(
            fact(["/etc/nftables.conf": Self.denyingRuleset, "/etc/systemd/system/sysinit.target.wants/other.service": unit])["active"]
                == .bool(false))
        #expect(
            fact(["/etc/nftables.conf": Self.denyingRuleset, link: unit, "/etc/systemd/system/nftables.service": ""])["active"]
                == .bool(false))
        let ipv4Only = Self.denyingRuleset.replacingOccurrences(of: "table inet filter", with: "table ip filter")
        let partial = fact(["/etc/nftables.conf": ipv4Only, link: unit])
        #expect(
            partial["active"] == .bool(false) && partial["ipv4_default_deny"] == .bool(true) && partial["ipv6_default_deny"] == .bool(false)
        )
        // ufw by its own settings.
        let ufwLink = "/etc/systemd/system/multi-user.target.wants/ufw.service"
        #expect(
            fact(["/etc/ufw/ufw.conf": "ENABLED=yes\n", "/etc/default/ufw": "IPV6=yes\nDEFAULT_INPUT_POLICY=\"DROP\"\n", ufwLink: unit])[
                "active"] == .bool(true))
        #expect(
            fact(["/etc/ufw/ufw.conf": "ENABLED=yes\n", "/etc/default/ufw": "IPV6=yes\nDEFAULT_INPUT_POLICY=\"ACCEPT\"\n", ufwLink: unit])[
                "active"] == .bool(false))
        #expect(
            fact(["/etc/ufw/ufw.conf": "ENABLED=no\n", "/etc/default/ufw": "IPV6=yes\nDEFAULT_INPUT_POLICY=\"DROP\"\n", ufwLink: unit])[
                "active"] == .bool(false))
        // firewalld by its default zone.
        let fwLink = "/etc/systemd/system/multi-user.target.wants/firewalld.service"
        let zone = { (target: String) in "<?xml version=\"1.0\"?>\n<zone target=\"\(target)\">\n  <short>Public</short>\n</zone>\n" }
        #expect(
            fact([fwLink: unit, "/usr/lib/firewalld/zones/public.xml": "<?xml version=\"1.0\"?>\n<zone>\n</zone>\n"])["active"]
                == .bool(true))
        #expect(
            fact([
                fwLink: unit, "/etc/firewalld/firewalld.conf": "DefaultZone=trusted\n",
                "/usr/lib/firewalld/zones/trusted.xml": zone("ACCEPT"),
            ])["active"] == .bool(false))
        #expect(
            fact([fwLink: unit, "/etc/firewalld/zones/public.xml": zone("ACCEPT"), "/usr/lib/firewalld/zones/public.xml": zone("default")])[
                "active"] == .bool(false))
    }

    @Test("a dangling enablement link on disk is not an enabled unit")
    func danglingLink() throws {
        let root = try FixtureRoot()
        try root.write("/etc/nftables.conf", Self.denyingRuleset)
        try root.symlink("/etc/systemd/system/sysinit.target.wants/nftables.service", to: "/lib/systemd/system/nftables.service")
        let host = HostRoot(root: root.path)
        #expect(UnitEnablement.check(host, "nftables.service").enabled == false)
        #expect(UnitEnablement.check(host, "nftables.service").detail.contains("leads to no unit file"))
        try root.write("/lib/systemd/system/nftables.service", "[Unit]\n")
        #expect(UnitEnablement.check(host, "nftables.service").enabled == true)
        try root.symlink("/etc/systemd/system/nftables.service", to: "/dev/null")
        #expect(UnitEnablement.check(host, "nftables.service").enabled == false)
    }
}
