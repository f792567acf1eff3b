import Foundation
import PostureInventory

/// packages: the dpkg status database, or rpm's where rpm is the package manager.
struct PackagesProbe: Probe {
    let families: [FactFamily] = [.packages]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        switch context.dpkgPackages() {
        case .success(let packages?):
            result.inventory.packages = packages
        case .success(nil):
            switch RPMQuery.packages(context.root) {
            case .success(let packages?): result.inventory.packages = packages
            case .success(nil): result.fail("packages", "no package database found (dpkg status or rpm)")
            case .failure(let reason): result.fail("packages", reason.description)
            }
        case .failure(let error):
            result.fail("packages", Self.describe(error))
        }
        return result
    }

    static let statusPath = "/var/lib/dpkg/status"
    /// Larger than any real status file (Debian with every package is about 60 MB).
    static let maximumDatabaseBytes = 512 * 1024 * 1024

    /// A read error of the status file, as `file:line: error: …` when dpkg would refuse it.
    static func describe(_ error: HostRoot.ReadError) -> String {
        if case .system(let message) = error, message.hasPrefix(statusPath + ":") { return message }
        return "\(statusPath): \(error)"
    }

    /// Packages with files on disk, from var/lib/dpkg/status; nil when there is no dpkg database.
    static func dpkgPackages(_ root: HostRoot) -> Result<[Package]?, HostRoot.ReadError> {
        let bytes: [UInt8]
        do {
            // A partial database would drop packages silently: too large is an error, not a cut.
            let read = try root.read(statusPath, limit: maximumDatabaseBytes)
            guard !read.truncated else { return .failure(.tooLarge(maximumDatabaseBytes)) }
            bytes = read.bytes
        } catch .notFound {
            return .success(nil)
        } catch {
            return .failure(error)
        }
        let entries: [DpkgStatus.Entry]
        switch DpkgStatus.parse(bytes) {
        case .success(let parsed): entries = parsed
        case .failure(let error): return .failure(.system("\(statusPath):\(error.line): error: \(error.message) (dpkg refuses the file)"))
        }
        // Every state with the package's files on disk counts (unpacked, half-configured,
        // triggers-awaited or -pending, half-installed, held or marked for removal): apt treats
        // them all as installed and offers their upgrades. config-files and not-installed do not.
        var packages: [Package] = []
        for entry in entries where entry.state.hasFilesOnDisk {
            // Only half-installed may lack a version; dpkg cannot say which version is on disk.
            guard let version = entry.version, !version.isEmpty else { continue }
            packages.append(
                Package(
                    name: entry.name, version: version, arch: entry.architecture, manager: "dpkg",
                    source: entry.source, status: entry.status))
        }
        packages.sort { ($0.name, $0.arch ?? "") < ($1.name, $1.arch ?? "") }
        return .success(packages)
    }
}

/// Queries rpm's database with an allowlisted, shell-free invocation of rpm itself.
enum RPMQuery {
    static let candidates = ["/usr/bin/rpm", "/bin/rpm"]

    static func packages(_ root: HostRoot) -> Result<[Package]?, CommandRunner.Failure> {
        let database = ["/var/lib/rpm", "/usr/lib/sysimage/rpm"].first { root.exists($0) }
        guard let database, let rpm = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .success(nil)
        }
        // --dbpath reads the root's database without chrooting into it.
        let realDatabase = (try? root.resolve(database)) ?? database
        let format = "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n"
        switch CommandRunner.run(rpm, ["--dbpath", realDatabase, "-qa", "--qf", format], timeout: 30) {
        case .failure(let failure): return .failure(failure)
        case .success(let output):
            let packages = output.split(separator: "\n").compactMap { line -> Package? in
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 3, fields[0] != "gpg-pubkey" else { return nil }
                return Package(
                    name: fields[0], version: fields[1], arch: fields[2], manager: "rpm",
                    source: fields.count > 3 && fields[3] != "(none)" ? fields[3] : nil)
            }
            return .success(packages.sorted { ($0.name, $0.arch ?? "") < ($1.name, $1.arch ?? "") })
        }
    }
}
