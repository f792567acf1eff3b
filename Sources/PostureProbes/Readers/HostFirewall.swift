import PostureInventory

/// The host firewall as it stands after boot, judged on the input path: ufw by its own settings
/// (enabled, default input policy), firewalld by its default zone's target, nftables by the
/// ruleset its unit loads. Each counts only when its unit is enabled by a link that resolves
/// and is not masked. `active` means packets to the host that no rule allows are dropped, for
/// IPv4 and IPv6 both.
enum HostFirewall {
    static let nftablesConf = "/etc/nftables.conf"

    struct Finding {
        var product: String
        var ipv4: Bool
        var ipv6: Bool
        var detail: String
    }

    static func read(_ files: some ConfigFiles) -> JSONValue {
        var looked: [String] = []
        var errors: [String] = []
        var findings: [Finding] = []
        for outcome in [ufw(files), firewalld(files), nftables(files)] {
            switch outcome {
            case .protecting(let finding): findings.append(finding)
            case .notProtecting(let why): looked.append(why)
            case .error(let reason): errors.append(reason)
            }
        }
        let ipv4 = findings.contains(where: \.ipv4)
        let ipv6 = findings.contains(where: \.ipv6)
        var object: [String: JSONValue] = [
            "active": .bool(ipv4 && ipv6), "ipv4_default_deny": .bool(ipv4), "ipv6_default_deny": .bool(ipv6),
            "detail": .string((findings.map { "\($0.product): \($0.detail)" } + looked + errors).joined(separator: "; ")),
        ]
        if let product = findings.first?.product { object["product"] = .string(product) }
        if !errors.isEmpty { object["errors"] = .array(errors.map(JSONValue.string)) }
        return .object(object)
    }

    enum Outcome {
        case protecting(Finding)
        case notProtecting(String)
        case error(String)
    }

    /// ufw: ENABLED=yes in ufw.conf, DEFAULT_INPUT_POLICY DROP or REJECT, ufw.service enabled.
    static func ufw(_ files: some ConfigFiles) -> Outcome {
        guard let conf = try? files.readText("/etc/ufw/ufw.conf") else { return .notProtecting("ufw: /etc/ufw/ufw.conf absent") }
        let settings = shellAssignments(conf)
        guard settings["ENABLED"]?.lowercased() == "yes" else { return .notProtecting("ufw: ENABLED is not yes in /etc/ufw/ufw.conf") }
        let unit = UnitEnablement.check(files, "ufw.service")
        guard unit.enabled else { return .notProtecting("ufw: \(unit.detail)") }
        let defaults = shellAssignments((try? files.readText("/etc/default/ufw")) ?? "")
        let policy = defaults["DEFAULT_INPUT_POLICY"]?.uppercased() ?? "(unset)"
        guard policy == "DROP" || policy == "REJECT" else {
            return .notProtecting("ufw: DEFAULT_INPUT_POLICY is \(policy) in /etc/default/ufw (DROP or REJECT expected)")
        }
        let ipv6 = defaults["IPV6"]?.lowercased() == "yes"
        return .protecting(
            Finding(
                product: "ufw", ipv4: true, ipv6: ipv6,
                detail: "ENABLED=yes, DEFAULT_INPUT_POLICY=\(policy), IPV6=\(ipv6 ? "yes" : "no"), \(unit.detail)"))
    }

    /// firewalld: the unit enabled, and the default zone's target not ACCEPT.
    static func firewalld(_ files: some ConfigFiles) -> Outcome {
        let unit = UnitEnablement.check(files, "firewalld.service")
        guard unit.enabled else { return .notProtecting("firewalld: \(unit.detail)") }
        let conf = shellAssignments((try? files.readText("/etc/firewalld/firewalld.conf")) ?? "")
        let zone = conf["DefaultZone"] ?? "public"
        guard !zone.isEmpty,
            zone.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
            })
        else {
            return .error("/etc/firewalld/firewalld.conf: DefaultZone '\(zone)' is not a zone name")
        }
        for folder in ["/etc/firewalld/zones", "/usr/lib/firewalld/zones"] {
            guard let xml = try? files.readText("\(folder)/\(zone).xml") else { continue }
            let target = xmlAttribute(xml, element: "zone", name: "target") ?? "default"
            guard target.uppercased() != "ACCEPT" else {
                return .notProtecting("firewalld: default zone \(zone) (\(folder)/\(zone).xml) has target ACCEPT")
            }
            return .protecting(
                Finding(
                    product: "firewalld", ipv4: true, ipv6: true,
                    detail: "default zone \(zone) (\(folder)/\(zone).xml) target \(target), \(unit.detail)"))
        }
        return .notProtecting("firewalld: default zone \(zone) has no zone file")
    }

    /// nftables: nftables.service enabled, and /etc/nftables.conf denying by default on input.
    static func nftables(_ files: some ConfigFiles) -> Outcome {
        let unit = UnitEnablement.check(files, "nftables.service")
        guard unit.enabled else { return .notProtecting("nftables: \(unit.detail)") }
        let ruleset: NftablesRuleset
        switch NftablesRuleset.read(nftablesConf, in: files) {
        case .success(let read): ruleset = read
        case .failure(let error): return .error("nftables: \(error) (nft would not load the ruleset)")
        }
        let verdict = InputPath.judge(ruleset)
        guard verdict.ipv4 || verdict.ipv6 else {
            let chains = verdict.inputChains.isEmpty ? "no base chain on the input hook" : verdict.inputChains.joined(separator: ", ")
            return .notProtecting("nftables: \(nftablesConf): \(chains)")
        }
        return .protecting(
            Finding(
                product: "nftables", ipv4: verdict.ipv4, ipv6: verdict.ipv6,
                detail: "input denied by default in \(verdict.denyingChains.joined(separator: ", ")), \(unit.detail)"))
    }

    /// `KEY=value` lines as the shell and ufw read them (quotes removed, `#` lines skipped).
    static func shellAssignments(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for raw in text.scalarLines {
            let line = raw.trimmingCharacters(in: [" ", "\t", "\r"])
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...]
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = value.dropFirst().dropLast()
            }
            values[String(line[..<equals])] = String(value)
        }
        return values
    }

    /// The value of `name="…"` in the first `<element …>` tag.
    static func xmlAttribute(_ xml: String, element: String, name: String) -> String? {
        guard let open = xml.range(of: "<\(element)") else { return nil }
        let tag = xml[open.upperBound...].prefix { $0 != ">" }
        for quote in ["\"", "'"] {
            if let start = tag.range(of: "\(name)=\(quote)") {
                return String(tag[start.upperBound...].prefix { String($0) != quote })
            }
        }
        return nil
    }
}

/// Whether systemd starts a unit at boot: a link to it in a `*.wants` folder of
/// /etc/systemd/system that resolves to a unit file, and no mask (a link to /dev/null).
enum UnitEnablement {
    static let folder = "/etc/systemd/system"

    static func check(_ files: some ConfigFiles, _ unit: String) -> (enabled: Bool, detail: String) {
        if isMasked(files, "\(folder)/\(unit)") { return (false, "\(unit) is masked") }
        var dangling: [String] = []
        for wants in ((try? files.list(folder)) ?? []).filter({ $0.hasSuffix(".wants") }) {
            let path = "\(folder)/\(wants)/\(unit)"
            guard ((try? files.list("\(folder)/\(wants)")) ?? []).contains(unit) else { continue }
            if files.exists(path), !isMasked(files, path) { return (true, "\(unit) enabled (\(path))") }
            dangling.append(path)
        }
        if !dangling.isEmpty { return (false, "\(unit) enablement link \(dangling.joined(separator: ", ")) leads to no unit file") }
        return (false, "\(unit) is not enabled (no link in \(folder)/*.wants)")
    }

    /// A unit linked to /dev/null (systemd looks at the link's text), or empty, is masked.
    static func isMasked(_ files: some ConfigFiles, _ path: String) -> Bool {
        if let host = files as? HostRoot, let target = host.linkTarget(path), target == "/dev/null" { return true }
        do {
            return try files.readText(path).isEmpty
        } catch .notRegularFile {
            return true
        } catch {
            return false
        }
    }
}
