import Foundation
import PostureInventory

/// volumes: mounted filesystems and swap with whether each sits on an encrypted (dm-crypt)
/// device. A live host is read from /proc and /sys; an offline root from fstab and crypttab.
struct VolumesProbe: Probe {
    let families: [FactFamily] = [.volumes]
    static let pseudoFilesystems: Set<String> = [
        "proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "cgroup", "cgroup2", "securityfs", "pstore", "bpf", "debugfs",
        "tracefs", "mqueue", "hugetlbfs", "fusectl", "configfs", "binfmt_misc", "autofs", "efivarfs", "rpc_pipefs",
        "nsfs", "ramfs", "fuse.gvfsd-fuse", "fuse.portal", "squashfs", "selinuxfs", "devfs",
    ]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        if context.root.isLive {
            result.inventory.volumes = live(context.root, &result)
        } else {
            let volumes = offline(context.root)
            // An image with no fstab says nothing about how it will be mounted: not "no volumes".
            if volumes.isEmpty {
                result.fail("volumes", "/etc/fstab lists no filesystems, so how this root is mounted is unknown")
            } else {
                result.inventory.volumes = volumes
            }
        }
        return result
    }

    static func role(_ mount: String, fs: String) -> String {
        switch mount {
        case "/": "root"
        case "/home": "home"
        case "/boot", "/boot/efi": "boot"
        case "[SWAP]": "swap"
        default: fs == "swap" ? "swap" : "data"
        }
    }

    private func live(_ root: HostRoot, _ result: inout ProbeResult) -> [Volume] {
        var volumes: [Volume] = []
        guard let mountinfo = try? root.readText("/proc/self/mountinfo") else {
            result.fail("volumes", "/proc/self/mountinfo could not be read")
            return []
        }
        for line in mountinfo.split(separator: "\n") {
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2 else { continue }
            let left = halves[0].split(separator: " ")
            let right = halves[1].split(separator: " ")
            guard left.count >= 5, right.count >= 2 else { continue }
            let fs = String(right[0])
            guard !Self.pseudoFilesystems.contains(fs) else { continue }
            let mount = Self.unescape(String(left[4]))
            let device = Self.unescape(String(right[1]))
            let (encrypted, scheme) = Self.encryption(ofDeviceNumber: String(left[2]), root)
            volumes.append(
                Volume(
                    mount: mount, device: device, fs: fs, encrypted: encrypted, scheme: scheme,
                    role: Self.role(mount, fs: fs)))
        }
        if let swaps = try? root.readText("/proc/swaps") {
            for line in swaps.split(separator: "\n").dropFirst() {
                let fields = line.split(whereSeparator: \.isWhitespace)
                guard fields.count >= 2 else { continue }
                let path = Self.unescape(String(fields[0]))
                var info = stat()
                var encrypted: Bool?
                var scheme: String?
                if stat(path, &info) == 0 {
                    let number = info.st_mode & S_IFMT == S_IFBLK ? info.st_rdev : info.st_dev
                    (encrypted, scheme) = Self.encryption(ofDeviceNumber: "\(major(number)):\(minor(number))", root)
                }
                volumes.append(Volume(mount: "[SWAP]", device: path, fs: "swap", encrypted: encrypted, scheme: scheme, role: "swap"))
            }
        }
        return volumes
    }

    /// Whether a block device (MAJOR:MINOR) is a dm-crypt mapping or sits on one (LVM on LUKS).
    /// Not a block device (overlay, network filesystems): unknown.
    static func encryption(ofDeviceNumber number: String, _ root: HostRoot, depth: Int = 0) -> (Bool?, String?) {
        let base = "/sys/dev/block/\(number)"
        guard depth < 8, root.exists(base) else { return (nil, nil) }
        if let uuid = try? root.readText("\(base)/dm/uuid"), uuid.hasPrefix("CRYPT-") {
            let scheme = uuid.dropFirst("CRYPT-".count).split(separator: "-").first.map { $0.lowercased() }
            return (true, scheme)
        }
        var anyUnknown = false
        for slave in (try? root.list("\(base)/slaves")) ?? [] {
            guard let dev = try? root.readText("/sys/class/block/\(slave)/dev") else {
                anyUnknown = true
                continue
            }
            let (encrypted, scheme) = encryption(
                ofDeviceNumber: dev.trimmingCharacters(in: .whitespacesAndNewlines), root,
                depth: depth + 1)
            if encrypted == true { return (true, scheme) }
            if encrypted == nil { anyUnknown = true }
        }
        return (anyUnknown ? nil : false, nil)
    }

    private func offline(_ root: HostRoot) -> [Volume] {
        let mapped = Set(
            ((try? root.readText("/etc/crypttab")) ?? "").split(separator: "\n").compactMap { line -> String? in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
                return trimmed.split(whereSeparator: \.isWhitespace).first.map(String.init)
            })
        var volumes: [Volume] = []
        for line in ((try? root.readText("/etc/fstab")) ?? "").split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let fields = trimmed.split(whereSeparator: \.isWhitespace).map { Self.unescape(String($0)) }
            guard fields.count >= 3, !Self.pseudoFilesystems.contains(fields[2]), fields[2] != "none" || fields[1] == "none" else {
                continue
            }
            let device = fields[0]
            let fs = fields[2]
            let mount = fs == "swap" ? "[SWAP]" : fields[1]
            var encrypted: Bool?
            if mapped.isEmpty {
                encrypted = false
            } else if device.hasPrefix("/dev/mapper/"), mapped.contains(String(device.dropFirst("/dev/mapper/".count))) {
                encrypted = true
            }
            // Otherwise (LVM names, UUID=) the filesystem may or may not sit inside a mapping: unknown.
            volumes.append(
                Volume(
                    mount: mount, device: device, fs: fs, encrypted: encrypted,
                    scheme: encrypted == true ? "dm-crypt" : nil, role: Self.role(mount, fs: fs)))
        }
        return volumes
    }

    /// fstab and mountinfo escape blanks as \040 and the like.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            if source[index] == 0x5C, index + 3 < source.count,
                let value = UInt8(String(decoding: source[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func major(_ device: dev_t) -> UInt32 { UInt32((device >> 8) & 0xFFF) | UInt32((device >> 32) & ~0xFFF) }
private func minor(_ device: dev_t) -> UInt32 { UInt32(device & 0xFF) | UInt32((device >> 12) & ~0xFF) }
