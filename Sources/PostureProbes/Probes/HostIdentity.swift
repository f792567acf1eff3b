import Foundation
import PostureInventory

/// What identifies a host to an auditor beyond its name: machine id, asset tag and addresses.
/// Each is left out when not collected; none is ever guessed.
enum HostIdentity {
    /// `/etc/machine-id` as systemd reads it: 32 lowercase hex digits on the first line. Anything
    /// else (empty on a golden image, "uninitialized") is no machine id.
    static func machineID(_ root: HostRoot) -> String? {
        guard let (bytes, _) = try? root.read("/etc/machine-id", limit: 4096) else { return nil }
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        guard line.count == 32, line.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return String(decoding: line, as: UTF8.self)
    }

    /// The SMBIOS chassis asset tag (live hosts only; an offline root has no firmware). Vendors'
    /// placeholders ("Default string", "No Asset Tag", blanks) are not a tag.
    static func assetTag(_ root: HostRoot) -> String? {
        guard root.isLive, let (bytes, _) = try? root.read("/sys/class/dmi/id/chassis_asset_tag", limit: 256) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let placeholders = ["", "default string", "no asset tag", "not specified", "to be filled by o.e.m.", "none", "asset-1234567890"]
        return placeholders.contains(text.lowercased()) ? nil : text
    }

    /// The live host's IPv4 and IPv6 addresses, loopback and link-local left out, sorted.
    static func addresses() -> [String] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return [] }
        defer { freeifaddrs(first) }
        var found: Set<String> = []
        var next = first
        while let entry = next {
            defer { next = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            guard getnameinfo(address, length, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let name = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // Loopback and link-local say nothing about which desk this is.
            if name.hasPrefix("127.") || name == "::1" || name.lowercased().hasPrefix("fe80") || name.hasPrefix("169.254.") { continue }
            found.insert(name)
        }
        return found.sorted()
    }
}
