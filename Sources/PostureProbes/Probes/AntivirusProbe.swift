import Foundation
import PostureInventory

/// antivirus: products from the catalog found by package or file; on a live host whether they run
/// and scan in real time (by process); the date of their newest signatures (ClamAV: the build time
/// in the header of daily.cvd/.cld).
struct AntivirusProbe: Probe {
    let families: [FactFamily] = [.antivirus]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        let root = context.root
        let installed: Set<String>
        switch context.dpkgPackages() {
        case .success(let packages?): installed = Set(packages.map(\.name))
        default: installed = []
        }
        let running = Set(context.processNames().values)
        var products: [AntivirusProduct] = []
        for definition in context.request.antivirus {
            let present = definition.packages.contains(where: installed.contains) || definition.files.contains(where: root.exists)
            guard present else { continue }
            var product = AntivirusProduct(product: definition.title)
            if root.isLive {
                product.running = definition.processes.contains(where: running.contains)
                product.realTime =
                    definition.realTimeProcesses.isEmpty ? nil : definition.realTimeProcesses.contains(where: running.contains)
            }
            if definition.signatureFormat == "clamav-cvd" {
                var newest: (date: Int, version: String)?
                for path in definition.signaturePaths where path.contains("daily") {
                    guard let (bytes, _) = try? root.read(path, limit: 512), let header = ClamAVDatabase.header(bytes) else { continue }
                    if header.buildTime > (newest?.date ?? 0) { newest = (header.buildTime, header.version) }
                }
                if let newest {
                    product.signatureDate = ISODate.string(epochSeconds: newest.date)
                    product.signatureVersion = newest.version
                }
            }
            products.append(product)
        }
        result.inventory.antivirus = products
        return result
    }
}

/// The 512-byte ASCII header of a ClamAV .cvd/.cld database:
/// `ClamAV-VDB:build time:version:signatures:functionality level:md5:signature:builder:epoch seconds`.
enum ClamAVDatabase {
    struct Header: Equatable {
        var version: String
        var buildTime: Int
    }

    static func header(_ bytes: [UInt8]) -> Header? {
        let text = String(decoding: bytes.prefix(512), as: UTF8.self)
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
        let fields = line.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 3, fields[0] == "ClamAV-VDB" else { return nil }
        // Field 8 is the build time in seconds; very old files lack it.
        guard fields.count >= 9, let seconds = Int(fields[8].trimmingCharacters(in: .whitespaces)), seconds > 0 else { return nil }
        return Header(version: fields[2], buildTime: seconds)
    }
}
