import Foundation
import PostureInventory
import Synchronization

/// Gathers an inventory from the live host or an offline root: only the families and files
/// requested, every probe on its own thread, each with a time limit. A probe that fails or runs
/// out of time leaves a collection error, so its facts judge as `error`, never as a pass.
public enum Collector {
    public static let version = "0.1.0"

    /// Seconds each probe may take before its families are reported as timed out.
    public static let defaultTimeout: TimeInterval = 30

    static let probes: [any Probe] = [
        HostProbe(), PackagesProbe(), UpdatesProbe(), ProcessesProbe(), ServicesProbe(), AccountsProbe(), SudoProbe(),
        VolumesProbe(), SettingsProbe(), FilesProbe(), AntivirusProbe(), TreesProbe(),
    ]

    public static func collect(root: String?, request: FactRequest, now: Date = Date()) -> Inventory {
        let context = ProbeContext(root: HostRoot(root: root), request: request, now: now)
        // host always: it says what was scanned. files only when rules name paths.
        let chosen = probes.filter { probe in
            if probe.families.contains("host") { return true }
            if probe.families.contains("files") { return !request.files.isEmpty }
            if probe.families.contains("trees") { return !request.trees.isEmpty }
            return probe.families.contains(where: request.families.contains)
        }
        let results = Mutex([ProbeResult?](repeating: nil, count: chosen.count))
        let done = chosen.map { _ in DispatchSemaphore(value: 0) }
        let started = DispatchTime.now()
        for (index, probe) in chosen.enumerated() {
            DispatchQueue.global(qos: .utility).async {
                let result = probe.collect(context)
                results.withLock { $0[index] = result }
                done[index].signal()
            }
        }
        // Each probe gets its own time limit, counted from the common start.
        for (index, probe) in chosen.enumerated() {
            _ = done[index].wait(timeout: started + probe.timeout)
        }
        var inventory = Inventory()
        var errors: [CollectionError] = []
        let finished = results.withLock { $0 }
        for (index, probe) in chosen.enumerated() {
            guard let result = finished[index] else {
                errors += probe.families.map { CollectionError(fact: $0, reason: "timed out after \(Int(probe.timeout)) s") }
                continue
            }
            inventory.merge(result.inventory)
            errors += result.errors
        }
        inventory.collectionErrors = errors.isEmpty ? nil : errors.sorted { ($0.fact, $0.reason) < ($1.fact, $1.reason) }
        return inventory
    }
}

extension Inventory {
    /// Takes every family `other` collected.
    mutating func merge(_ other: Inventory) {
        host = other.host ?? host
        packages = other.packages ?? packages
        updates = other.updates ?? updates
        processes = other.processes ?? processes
        services = other.services ?? services
        antivirus = other.antivirus ?? antivirus
        accounts = other.accounts ?? accounts
        loginRecords = other.loginRecords ?? loginRecords
        groups = other.groups ?? groups
        sudo = other.sudo ?? sudo
        volumes = other.volumes ?? volumes
        settings = other.settings ?? settings
        files = other.files ?? files
        trees = other.trees ?? trees
        sensitive = other.sensitive ?? sensitive
    }
}
