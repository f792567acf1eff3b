import Foundation
import PostureInventory

/// updates: pending upgrades computed offline, as apt would choose them, from the package lists
/// apt last downloaded (var/lib/apt/lists) against the installed versions. No network, no apt
/// run, nothing written.
///
/// Candidate choice follows apt's default policy: each list's priority is 500, 100 for a suite
/// marked NotAutomatic with ButAutomaticUpgrades, 1 for NotAutomatic alone; the installed version
/// counts as 100; the candidate is the version of highest priority, the newest among equals, and
/// an update is pending when it is newer than what is installed. Pins in /etc/apt/preferences are
/// not applied (they are reported, so the result is not mistaken for apt's).
struct UpdatesProbe: Probe {
    let families: [FactFamily] = [.updates]
    /// Debian's main Packages list alone is about 50 MB; reading it on a busy or slow machine takes
    /// longer than the default probe budget.
    var timeout: TimeInterval { 120 }
    static let listsFolder = "/var/lib/apt/lists"

    struct Source {
        var origin: String?
        var label: String?
        var suite: String?
        var codename: String?
        var priority: Int
        var isSecurity: Bool

        var name: String { "\(label ?? origin ?? "unknown"):\(codename ?? suite ?? "")" + (suite.map { "/\($0)" } ?? "") }
    }

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        let root = context.root
        let installed: [Package]
        switch context.dpkgPackages() {
        case .success(let packages?): installed = packages
        case .success(nil):
            result.fail("updates", "no dpkg database: pending updates are computed for apt-based systems only")
            return result
        case .failure(let error):
            result.fail("updates", PackagesProbe.describe(error))
            return result
        }
        // The sources say whether security fixes can arrive at all, whatever the lists hold.
        var sources: [AptSource]?
        var sourceFiles: [String]?
        switch AptSources.read(root) {
        case .success(let read): (sources, sourceFiles) = (read.sources, read.files)
        case .failure(let error): result.fail("updates.sources", error.description)
        }
        let noPending = { (reason: String) -> ProbeResult in
            result.fail("updates.pending", reason)
            result.inventory.updates = Updates(pending: [], sources: sources, sourceFiles: sourceFiles)
            return result
        }
        let names: [String]
        do {
            names = try root.list(Self.listsFolder)
        } catch {
            return noPending("\(Self.listsFolder): \(error)")
        }
        let releaseFiles = names.filter { $0.hasSuffix("_InRelease") || $0.hasSuffix("_Release") }
        guard !releaseFiles.isEmpty else {
            return noPending("no package lists in \(Self.listsFolder) (apt-get update has never run)")
        }
        var newest = 0
        var sourcesByList: [String: Source] = [:]  // release-file prefix → source
        for name in releaseFiles {
            let path = "\(Self.listsFolder)/\(name)"
            if let info = try? root.statEntry(path) { newest = max(newest, Int(info.st_mtim.tv_sec)) }
            // A release file not read whole hides its suite's lists: that is not "nothing pending".
            let bytes: [UInt8]
            do {
                let read = try root.read(path)
                guard !read.truncated else {
                    result.fail("updates.pending", "\(path): more than \(HostRoot.maximumFileBytes) bytes, not read in full")
                    continue
                }
                bytes = read.bytes
            } catch {
                result.fail("updates.pending", "\(path): \(error)")
                continue
            }
            var fields: [String: String] = [:]
            ControlFile.paragraphs(bytes, fields: ["Origin", "Label", "Suite", "Codename", "NotAutomatic", "ButAutomaticUpgrades"]) {
                if $0["Suite"] != nil || $0["Origin"] != nil { fields = $0 }
            }
            let notAutomatic = fields["NotAutomatic"] == "yes"
            let priority = notAutomatic ? (fields["ButAutomaticUpgrades"] == "yes" ? 100 : 1) : 500
            let suite = fields["Suite"]
            let label = fields["Label"]
            let security =
                (label?.contains("Security") ?? false) || (suite?.hasSuffix("-security") ?? false)
                || (fields["Codename"]?.hasSuffix("-security") ?? false)
            let prefix = String(name.dropLast(name.hasSuffix("_InRelease") ? "InRelease".count : "Release".count))
            sourcesByList[prefix] = Source(
                origin: fields["Origin"], label: label, suite: suite, codename: fields["Codename"],
                priority: priority, isSecurity: security)
        }
        // Offered versions of the installed packages: (name, arch) → [(version, source)].
        var wanted: [String: [String]] = [:]
        for package in installed { wanted[package.name, default: []].append(package.arch ?? "") }
        var offers: [String: [(version: String, source: Source)]] = [:]
        let listFiles = names.filter { $0.contains("_Packages") && !$0.hasSuffix(".diff_Index") }
        var prefixesRead: Set<String> = []
        for name in listFiles {
            guard let prefix = sourcesByList.keys.filter({ name.hasPrefix($0) }).max(by: { $0.count < $1.count }),
                let source = sourcesByList[prefix]
            else { continue }
            prefixesRead.insert(prefix)
            let bytes: [UInt8]
            do {
                // Debian's main list is about 50 MB; a cut list would hide offers, so too large is an error.
                let read = try root.read("\(Self.listsFolder)/\(name)", limit: PackagesProbe.maximumDatabaseBytes)
                guard !read.truncated else {
                    result.fail(
                        "updates.pending",
                        "\(Self.listsFolder)/\(name): more than \(PackagesProbe.maximumDatabaseBytes) bytes, not read in full")
                    continue
                }
                guard let text = try PackagesList.text(name: name, raw: read.bytes) else {
                    result.fail("updates.pending", "\(Self.listsFolder)/\(name): compression not supported (plain and lz4 are)")
                    continue
                }
                bytes = text
            } catch {
                result.fail("updates.pending", "\(Self.listsFolder)/\(name): \(error)")
                continue
            }
            PackagesList.offers(bytes, wanted: wanted) { package, version, architecture in
                offers["\(package):\(architecture)", default: []].append((version, source))
            }
        }
        // A suite whose Release was fetched but none of its Packages lists (debootstrap leaves
        // roots like that) offers nothing to compare with: "0 pending" would rest on nothing.
        let unread = sourcesByList.keys.filter { !prefixesRead.contains($0) }.sorted()
        if prefixesRead.isEmpty {
            return noPending(
                "\(Self.listsFolder) holds release files but no Packages lists (\(unread.prefix(3).joined(separator: ", "))): "
                    + "nothing to compare the installed packages with")
        }
        if !unread.isEmpty {
            result.fail(
                "updates.pending",
                "\(Self.listsFolder): no Packages lists for \(unread.prefix(3).joined(separator: ", ")), "
                    + "so what those suites offer is not known")
        }
        var pending: [PendingUpdate] = []
        for package in installed {
            guard let available = offers["\(package.name):\(package.arch ?? "")"] else { continue }
            // The installed version itself takes the priority of any list offering it, else 100.
            let installedPriority =
                available.filter { DebianVersion.compare($0.version, package.version) == 0 }
                .map(\.source.priority).max() ?? 100
            var best = (version: package.version, priority: installedPriority)
            for offer in available {
                let order = DebianVersion.compare(offer.version, best.version) ?? 0
                if offer.source.priority > best.priority || (offer.source.priority == best.priority && order > 0) {
                    best = (offer.version, offer.source.priority)
                }
            }
            guard (DebianVersion.compare(best.version, package.version) ?? 0) > 0 else { continue }
            let offering = available.filter { DebianVersion.compare($0.version, best.version) == 0 }.map(\.source)
            let security = offering.contains { $0.isSecurity }
            let origin = (offering.first { $0.isSecurity } ?? offering.first)?.name
            pending.append(
                PendingUpdate(
                    name: package.name, installed: package.version, candidate: best.version,
                    security: security, origin: origin))
        }
        if root.exists("/etc/apt/preferences") || !((try? root.list("/etc/apt/preferences.d")) ?? []).isEmpty {
            result.fail("updates.pins", "apt pins in /etc/apt/preferences are not applied; candidates follow the default policy")
        }
        // A security suite that is configured but was never downloaded hides its fixes.
        if let sources, let missing = sources.first(where: { $0.type == "deb" && $0.security }),
            !sourcesByList.values.contains(where: \.isSecurity)
        {
            result.fail(
                "updates.pending",
                "\(missing.location): the security suite '\(missing.suite)' has no downloaded lists "
                    + "in \(Self.listsFolder) (apt-get update has not fetched it)")
        }
        result.inventory.updates = Updates(
            pending: pending, listsUpdatedAt: newest > 0 ? ISODate.string(epochSeconds: newest) : nil,
            sources: sources, sourceFiles: sourceFiles)
        return result
    }
}
