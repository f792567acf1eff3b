import Foundation
import PostureInventory

/// host: hostname, os-release, running and newest installed kernel, reboot pending, architecture,
/// machine id, asset tag and addresses (the last three from HostIdentity).
struct HostProbe: Probe {
    let families: [FactFamily] = [.host]

    func collect(_ context: ProbeContext) -> ProbeResult {
        let root = context.root
        var result = ProbeResult()
        var host = HostFacts(
            collectedAt: ISODate.format(context.now), source: root.isLive ? "live" : "root",
            collector: "posture \(Collector.version)")
        if root.isLive {
            var name = [CChar](repeating: 0, count: 256)
            if gethostname(&name, name.count) == 0 {
                host.hostname = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        } else if let text = try? root.readText("/etc/hostname") {
            host.hostname = text.split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        let osRelease = (try? root.readText("/etc/os-release")) ?? (try? root.readText("/usr/lib/os-release"))
        if let osRelease {
            let values = OSRelease.parse(osRelease)
            host.os = OperatingSystem(
                family: "linux", id: values["ID"], versionId: values["VERSION_ID"],
                version: values["VERSION"], codename: values["VERSION_CODENAME"],
                prettyName: values["PRETTY_NAME"])
        } else {
            result.fail("host.os", "neither /etc/os-release nor /usr/lib/os-release could be read")
        }
        var kernel = Kernel()
        if root.isLive {
            var names = utsname()
            if uname(&names) == 0 {
                kernel.running = withUnsafeBytes(of: names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                host.architecture = withUnsafeBytes(of: names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            }
        }
        // Installed kernels: /boot/vmlinuz-RELEASE (Debian, RHEL) or /lib/modules/RELEASE.
        var releases = ((try? root.list("/boot")) ?? []).filter { $0.hasPrefix("vmlinuz-") }.map { String($0.dropFirst(8)) }
        if releases.isEmpty {
            releases = ((try? root.list("/lib/modules")) ?? []).filter { root.exists("/lib/modules/\($0)/modules.dep") }
        }
        kernel.newestInstalled = releases.max { (DebianVersion.compare($0, $1) ?? 0) < 0 }
        if kernel.running != nil || kernel.newestInstalled != nil { host.kernel = kernel }
        // Debian and Ubuntu flag a pending reboot in /run; offline roots have no /run to read.
        if root.isLive {
            let flagged = root.exists("/run/reboot-required") || root.exists("/var/run/reboot-required")
            var newerKernel: Bool?
            if let running = kernel.running, let newest = kernel.newestInstalled,
                let order = DebianVersion.compare(running, newest)
            {
                newerKernel = order < 0
            }
            if flagged || newerKernel == true {
                host.rebootRequired = true
            } else if let newerKernel {
                host.rebootRequired = newerKernel
            } else {
                // No flag is no evidence while the newest installed kernel is unknown.
                result.fail(
                    "host.reboot_required",
                    "no kernel found in /boot (vmlinuz-*) or /lib/modules, so whether the running "
                        + "kernel \(kernel.running ?? "?") is the newest installed cannot be told")
            }
        }
        host.machineId = HostIdentity.machineID(root)
        host.assetTag = HostIdentity.assetTag(root)
        if root.isLive {
            let addresses = HostIdentity.addresses()
            if !addresses.isEmpty { host.addresses = addresses }
        }
        result.inventory.host = host
        return result
    }
}
