import PostureInventory

/// The host as the report's header and "Host and scan" box describe it: only what was collected,
/// each value once.
enum HTMLHostModel {
    /// "Debian GNU/Linux 12 (bookworm)", or "Windows 10 Pro 22H2, build 10.0.19045.4291".
    static func osLine(_ host: HostFacts?) -> String {
        guard let os = host?.os else { return "operating system not recorded" }
        var line = os.prettyName ?? [os.id, os.versionId].compactMap { $0 }.joined(separator: " ")
        if line.isEmpty { line = os.family ?? "operating system not recorded" }
        if let build = os.build, !build.isEmpty, !line.contains(build) { line += ", build \(build)" }
        return line
    }

    static func details(_ report: Report) -> [[String: Any]] {
        let host = report.host
        var rows: [(String, String)] = [("Hostname", host?.hostname ?? "not recorded"), ("Operating system", osLine(host))]
        if let kernel = host?.kernel {
            var text = kernel.running ?? "running kernel not recorded"
            if let newest = kernel.newestInstalled, newest != kernel.running { text += " (newest installed: \(newest))" }
            rows.append(("Kernel", text))
        }
        if let architecture = host?.architecture { rows.append(("Architecture", architecture)) }
        if let addresses = host?.addresses, !addresses.isEmpty { rows.append(("Addresses", addresses.joined(separator: ", "))) }
        if let id = host?.machineId { rows.append(("Machine id", id)) }
        if let tag = host?.assetTag { rows.append(("Asset tag", tag)) }
        rows.append(("Facts from", source(report)))
        if let collector = host?.collector { rows.append(("Collected by", collector)) }
        rows.append(("Facts collected at", host?.collectedAt ?? "not recorded"))
        rows.append(("Judged at", "\(report.scan.evaluatedAt) (ages are measured to this time)"))
        rows.append(
            ("Scan started", report.scan.startedAt + (report.scan.durationMs > 0 ? ", took \(seconds(report.scan.durationMs))" : "")))
        rows.append(("Scanner", "\(report.scanner.name) \(report.scanner.version)"))
        if !report.scan.only.isEmpty { rows.append(("Only", report.scan.only.joined(separator: ", "))) }
        if !report.scan.skip.isEmpty { rows.append(("Skipped", report.scan.skip.joined(separator: ", "))) }
        rows.append(("Rules digest", report.scan.rulesDigest))
        return rows.map { ["label": $0.0, "value": $0.1, "mono": $0.0 == "Rules digest" || $0.0 == "Machine id"] }
    }

    /// "this host, scanned live", "an offline root", "the exported inventory FILE".
    static func source(_ report: Report) -> String {
        switch report.scan.source {
        case "live": "this host, scanned live"
        case "root": "an offline copy of the host's filesystem (--root)"
        default: report.scan.inventory.map { "the exported inventory \($0)" } ?? "an exported inventory"
        }
    }

    static func seconds(_ milliseconds: Int) -> String {
        let value = Double(milliseconds) / 1000
        return value < 10 ? HTMLViewModel.format(value, digits: 2) + " s" : HTMLViewModel.format(value) + " s"
    }
}
