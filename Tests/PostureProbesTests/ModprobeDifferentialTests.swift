import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The modprobe.d reader against kmod: `modprobe -c -C FOLDER…` (the folders in kmod's order)
/// prints the blacklist and install lines it obeys, in order, after hiding, continuation and
/// name normalisation.
@Suite("modprobe.d and USB storage, compared with modprobe -c")
struct ModprobeDifferentialTests {
    static let lines = [
        "blacklist usb-storage", "blacklist usb_storage", "blacklist uas", "install usb-storage /bin/true",
        "install usb_storage /bin/false",
        "install usb-storage /sbin/modprobe --ignore-install usb-storage", "install usb-storage /usr/bin/logger usb blocked",
        "# blacklist usb-storage", "  # indented comment", "install usb-storage \\\n  /bin/true", "options usb-storage quirks=0",
        "alias usb-disk usb-storage", "blacklist\tfirewire-core", "install firewire_ohci /bin/false", "", "install usb-* /bin/false",
        "softdep usb-storage pre: uas", "remove usb-storage /bin/true", "blacklist", "install usb-storage",
        "blacklist usb-storage\r", "install usb-storage /bin/true\r",
    ]

    func oracleDump(_ root: FixtureRoot) throws -> (blacklists: [String], installs: [String]) {
        let folders = ModprobeConfig.folders.map { root.path + $0 }
        let result = try Oracle.modprobe.run(folders.flatMap { ["-C", $0] } + ["-c"])
        var blacklists: [String] = []
        var installs: [String] = []
        for line in result.stdout.scalarLines {  // kmod keeps a "\r" in names; split at "\n" scalars only
            if line.hasPrefix("blacklist ") { blacklists.append(String(line.dropFirst(10))) }
            if line.hasPrefix("install ") { installs.append(String(line.dropFirst(8))) }
        }
        return (blacklists, installs)
    }

    @Test("100 generated modprobe.d trees: the same blacklist and install lines as kmod, in its order")
    func generatedTrees() throws {
        guard Oracle.modprobe.ready() else { return }
        let seed: UInt64 = 0x0DB1_0C4E
        var random = SeededGenerator(seed: seed)
        var disagreements = 0
        var blocked = 0
        for number in 0..<100 {
            let root = try FixtureRoot()
            var description = ""
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let folder = ModprobeConfig.folders.randomElement(using: &random)!
                let name = ["usb.conf", "blacklist.conf", "00-local.conf", "zz.conf", "usb.conf.dpkg-old", "usb"].randomElement(
                    using: &random)!
                let text =
                    (0..<Int.random(in: 1...4, using: &random)).map { _ in Self.lines.randomElement(using: &random)! }.joined(
                        separator: "\n")
                    + (Bool.random(using: &random) ? "\n" : "")
                try root.write("\(folder)/\(name)", text)
                description += "\(folder)/\(name):\n\(text)\n"
            }
            let oracle = try oracleDump(root)
            let config = ModprobeConfig.read(HostRoot(root: root.path))
            let ours = (config.blacklists.map(\.module), config.installs.map { "\($0.module) \($0.argument)" })
            if case .object(let fact) = ModprobeConfig.removableMedia(HostRoot(root: root.path)), fact["usb_storage_blocked"] == .bool(true)
            {
                blocked += 1
            }
            if ours.0 != oracle.blacklists || ours.1 != oracle.installs {
                disagreements += 1
                Issue.record("case \(number) (seed \(seed)): kmod \(oracle), posture \(ours)\n\(description)")
            }
        }
        print("modprobe differential: 100 trees (seed \(seed)), usb-storage blocked in \(blocked), disagreements \(disagreements)")
        #expect(disagreements == 0)
        #expect(blocked > 20 && blocked < 140)
    }

    func fact(_ files: [String: String]) -> (blocked: Bool, source: String) {
        guard case .object(let object) = ModprobeConfig.removableMedia(InMemoryFiles(files)),
            case .bool(let blocked)? = object["usb_storage_blocked"], case .string(let source)? = object["source"]
        else { return (false, "") }
        return (blocked, source)
    }

    @Test("blacklist is recognised, /bin/true is /bin/false, and the evidence names the line or what was looked at")
    func usbStorage() {
        #expect(
            fact(["/etc/modprobe.d/usb.conf": "# no USB sticks\nblacklist usb-storage\n"]) == (
                true, "/etc/modprobe.d/usb.conf:2: blacklist usb-storage"
            ))
        #expect(
            fact(["/etc/modprobe.d/usb.conf": "install usb-storage /bin/true\n"]) == (
                true, "/etc/modprobe.d/usb.conf:1: install usb-storage /bin/true"
            ))
        #expect(fact(["/etc/modprobe.d/usb.conf": "install usb_storage /bin/false\n"]).blocked)
        // The first install line wins, as in kmod: a later /bin/false does not help.
        let loads = fact([
            "/etc/modprobe.d/a.conf": "install usb-storage /sbin/modprobe --ignore-install usb-storage\n",
            "/etc/modprobe.d/b.conf": "install usb-storage /bin/false\n",
        ])
        #expect(!loads.blocked && loads.source.contains("/etc/modprobe.d/a.conf:1"))
        // /etc hides the same name in /usr/lib.
        #expect(!fact(["/etc/modprobe.d/usb.conf": "# allowed here\n", "/usr/lib/modprobe.d/usb.conf": "blacklist usb-storage\n"]).blocked)
        // Only *.conf files count.
        #expect(!fact(["/etc/modprobe.d/usb.conf.disabled": "blacklist usb-storage\n"]).blocked)
        let nothing = fact(["/etc/modprobe.d/other.conf": "blacklist pcspkr\n", "/lib/modprobe.d/aliases.conf": "alias foo bar\n"])
        #expect(
            nothing == (
                false, "no blacklist or install line for usb-storage in 2 files under " + ModprobeConfig.folders.joined(separator: ", ")
            ))
        #expect(fact([:]).source.contains("no *.conf file"))
        #expect(fact(["/proc/cmdline": "BOOT_IMAGE=/vmlinuz ro modprobe.blacklist=usb-storage,uas quiet\n"]).blocked)
    }
}
