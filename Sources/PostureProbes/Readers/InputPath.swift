/// What an nftables ruleset does with packets addressed to the host (the input hook), per IP
/// version. A packet passes every base chain on the hook in turn; any one that drops it drops it.
/// A chain denies by default when, walking its rules in order, an unconditional drop or reject
/// comes before any unconditional accept, or no unconditional verdict comes and its policy is
/// drop. A chain in a dormant table sees nothing. Rules this reader cannot prove unconditional are
/// treated as conditional, except that an unconditional-looking accept always opens the chain.
enum InputPath {
    struct Verdict: Equatable {
        var ipv4: Bool
        var ipv6: Bool
        /// The chains that deny by default, `family table chain (file:line)`.
        var denyingChains: [String]
        /// Every input-hook base chain seen, with what it does.
        var inputChains: [String]
    }

    /// Statements that match nothing and change no verdict.
    static let neutralWords: Set<String> = ["counter", "log"]

    enum ChainEnd: Equatable { case deny, accept, policyDecides }

    static func judge(_ ruleset: NftablesRuleset) -> Verdict {
        var verdict = Verdict(ipv4: false, ipv6: false, denyingChains: [], inputChains: [])
        for chain in ruleset.allChains where chain.hook == "input" && chain.type == "filter" {
            guard ["ip", "ip6", "inet"].contains(chain.family) else { continue }
            let name = "\(chain.family) \(chain.table) \(chain.name) (\(chain.location))"
            if ruleset.dormantTables.contains("\(chain.family) \(chain.table)") {
                verdict.inputChains.append("\(name): table is dormant")
                continue
            }
            let denies: Bool
            switch walk(chain.rules) {
            case .deny: denies = true
            case .accept: denies = false
            case .policyDecides: denies = chain.policy == "drop"
            }
            verdict.inputChains.append("\(name): policy \(chain.policy ?? "accept"), \(denies ? "drops" : "accepts") what no rule matches")
            guard denies else { continue }
            verdict.denyingChains.append(name)
            if chain.family != "ip6" { verdict.ipv4 = true }
            if chain.family != "ip" { verdict.ipv6 = true }
        }
        return verdict
    }

    /// The first unconditional verdict among the rules, in order.
    static func walk(_ rules: [[String]]) -> ChainEnd {
        for rule in rules {
            switch unconditionalVerdict(rule) {
            case "drop", "reject": return .deny
            case "accept": return .accept
            case nil: continue
            default: return .accept  // jump, goto, queue, return: where it ends is not followed, so no pass rests on it
            }
        }
        return .policyDecides
    }

    /// The verdict of a rule that matches every packet, or nil when the rule has a condition.
    static func unconditionalVerdict(_ rule: [String]) -> String? {
        var words = rule[...]
        while let word = words.first {
            if word == "counter" {
                words = words.dropFirst()
                // counter packets N bytes N
                while let next = words.first, next == "packets" || next == "bytes" { words = words.dropFirst(2) }
            } else if word == "log" {
                words = words.dropFirst()
                while let next = words.first, ["prefix", "level", "flags", "group", "snaplen", "queue-threshold"].contains(next) {
                    words = words.dropFirst(2)
                }
            } else if word == "comment" {
                words = words.dropFirst(2)
            } else {
                break
            }
        }
        guard let verdict = words.first else { return nil }
        let after = words.dropFirst()
        switch verdict {
        case "accept", "drop", "return": return after.isEmpty || after.first == "comment" ? verdict : nil
        case "reject": return after.isEmpty || after.first == "with" || after.first == "comment" ? verdict : nil
        case "jump", "goto": return after.count == 1 ? verdict : nil
        case "queue": return verdict
        default:
            // A condition first (ip saddr …, tcp dport …, ct state …): but a rule that only ends in
            // accept after statements this reader does not know is not proved conditional.
            // A rule that sets something (meta mark set 1 accept) may hide no condition at all.
            if rule.last == "accept", rule.contains("set") || !rule.contains(where: conditionWords.contains) { return "accept" }
            return nil
        }
    }

    /// Words that start a match in nft's rule grammar (payload, meta, conntrack and friends).
    static let conditionWords: Set<String> = [
        "ip", "ip6", "inet", "tcp", "udp", "udplite", "sctp", "dccp", "icmp", "icmpv6", "igmp", "ah", "esp", "comp", "th",
        "ether", "vlan", "arp", "meta", "ct", "iif", "iifname", "oif", "oifname", "iiftype", "oiftype", "l4proto", "nfproto",
        "mark", "skuid", "skgid", "rt", "fib", "socket", "osf", "ipsec", "exthdr", "hbh", "rt0", "frag", "dst", "mh", "srh",
        "tcpopt", "limit", "quota", "@th", "@nh", "@ll", "pkttype", "cpu", "cgroup", "numgen", "jhash", "symhash", "tunnel",
        "dup", "fwd", "gre", "vxlan", "geneve", "ipip", "ip6ip", "iptos", "dscp", "length", "protocol", "nexthdr", "saddr", "daddr",
    ]
}
