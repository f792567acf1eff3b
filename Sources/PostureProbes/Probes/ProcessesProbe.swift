import Foundation
import PostureInventory

/// processes: what runs now, from /proc. Only a live host has processes; for an offline root the
/// family stays uncollected.
struct ProcessesProbe: Probe {
    let families: [FactFamily] = [.processes]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        guard context.root.isLive else { return result }
        let users = AccountsProbe.passwdNames(context.root)
        var processes: [RunningProcess] = []
        for (pid, name) in context.processNames() {
            var process = RunningProcess(pid: pid, name: name)
            if let status = try? context.root.readText("/proc/\(pid)/status"),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }),
                let uid = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.flatMap({ Int($0) })
            {
                process.user = users[uid] ?? String(uid)
            }
            if let cmdline = try? context.root.read("/proc/\(pid)/cmdline", limit: 4096).bytes, !cmdline.isEmpty {
                process.command = String(decoding: cmdline.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
            }
            processes.append(process)
        }
        result.inventory.processes = processes.sorted { $0.pid < $1.pid }
        return result
    }
}

/// services: systemd units, enabled when linked from a .wants/.requires folder under
/// /etc/systemd/system (masked when linked to /dev/null); active, on a live host run by systemd,
/// when systemd has an invocation for the unit.
struct ServicesProbe: Probe {
    let families: [FactFamily] = [.services]
    static let unitFolders = ["/etc/systemd/system", "/run/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        let root = context.root
        var units: [String: Service] = [:]
        for folder in Self.unitFolders {
            for name in (try? root.list(folder)) ?? []
            where name.hasSuffix(".service") || name.hasSuffix(".socket") || name.hasSuffix(".timer") {
                if units[name] == nil { units[name] = Service(name: name, enabled: false) }
            }
        }
        if units.isEmpty && !root.exists("/lib/systemd/systemd") && !root.exists("/usr/lib/systemd/systemd") {
            result.fail("services", "no systemd units found; only systemd is supported")
            return result
        }
        // Enablement: symlinks in *.wants and *.requires folders under /etc/systemd/system.
        for folder in (try? root.list("/etc/systemd/system")) ?? [] where folder.hasSuffix(".wants") || folder.hasSuffix(".requires") {
            for name in (try? root.list("/etc/systemd/system/\(folder)")) ?? [] {
                let base = name.replacingOccurrences(of: #"@[^.]*\."#, with: "@.", options: .regularExpression)
                let key = units[name] != nil ? name : base
                if units[key] == nil { units[key] = Service(name: key) }
                units[key]?.enabled = true
            }
        }
        for (name, _) in units where root.linkTarget("/etc/systemd/system/\(name)") == "/dev/null" {
            units[name]?.enabled = false  // masked
        }
        if root.isLive, root.exists("/run/systemd/system") {
            let invocations = Set(
                ((try? root.list("/run/systemd/units")) ?? []).compactMap { entry -> String? in
                    entry.hasPrefix("invocation:") ? String(entry.dropFirst("invocation:".count)) : nil
                })
            for name in units.keys { units[name]?.active = invocations.contains(name) }
        }
        result.inventory.services = units.values.sorted { $0.name < $1.name }
        return result
    }
}
