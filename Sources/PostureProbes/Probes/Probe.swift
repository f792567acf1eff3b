import Foundation
import PostureInventory
import Synchronization

/// A probe gathers one or more fact families from a host root. It only reads; a failure becomes a
/// collection error with its reason, never a crash.
protocol Probe: Sendable {
    /// The fact families it fills (`accounts`, `groups`); a timeout is reported against them.
    var families: [FactFamily] { get }
    /// Seconds it may take before its families are reported as timed out.
    var timeout: TimeInterval { get }
    func collect(_ context: ProbeContext) -> ProbeResult
}

extension Probe {
    var timeout: TimeInterval { Collector.defaultTimeout }
}

/// What a probe may use: the root it reads, what the rules asked for, and the clock.
struct ProbeContext: Sendable {
    var root: HostRoot
    var request: FactRequest
    var now: Date
    /// The dpkg database, read once however many probes need it (packages, updates, antivirus).
    let dpkg = Shared<Result<[Package]?, HostRoot.ReadError>>()

    func dpkgPackages() -> Result<[Package]?, HostRoot.ReadError> {
        dpkg.value { PackagesProbe.dpkgPackages(root) }
    }

    /// pid → command name of every running process (live hosts), listed once for all probes.
    let processes = Shared<[Int: String]>()

    func processNames() -> [Int: String] {
        processes.value {
            guard root.isLive else { return [:] }
            var names: [Int: String] = [:]
            for entry in (try? root.list("/proc")) ?? [] {
                // A process may exit while being read; it is then simply not listed.
                guard let pid = Int(entry), let comm = try? root.readText("/proc/\(pid)/comm") else { continue }
                names[pid] = comm.trimmingCharacters(in: .newlines)
            }
            return names
        }
    }
}

/// A value computed once, by whichever thread asks first; the others wait for it.
final class Shared<Value: Sendable>: Sendable {
    private let state = Mutex<Value?>(nil)

    func value(_ make: () -> Value) -> Value {
        state.withLock { cached in
            if let cached { return cached }
            let made = make()
            cached = made
            return made
        }
    }
}

/// Facts from one probe: a partial inventory and the reasons for what it could not collect.
struct ProbeResult: Sendable {
    var inventory = Inventory()
    var errors: [CollectionError] = []

    mutating func fail(_ fact: String, _ reason: String) {
        errors.append(CollectionError(fact: fact, reason: reason))
    }
}
