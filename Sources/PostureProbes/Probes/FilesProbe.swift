import Foundation
import PostureInventory

/// files: stat facts (and text, when a rule asks about content) for the paths rules name.
struct FilesProbe: Probe {
    let families: [FactFamily] = [.files]
    static let maximumContentBytes = FileFact.contentLimitBytes

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        let root = context.root
        let users = AccountsProbe.passwdNames(root)
        var groups: [Int: String] = [:]
        for line in ((try? root.readText("/etc/group")) ?? "").split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count >= 3, let gid = Int(fields[2]), groups[gid] == nil { groups[gid] = String(fields[0]) }
        }
        var files: [FileFact] = []
        for (path, wantsContent) in context.request.files.sorted(by: { $0.key < $1.key }) {
            var fact = FileFact(path: path, exists: false)
            do {
                let info = try root.statEntry(path)
                fact.exists = true
                fact.type = HostRoot.typeName(info.st_mode)
                fact.mode = String(format: "%04o", info.st_mode & 0o7777)
                fact.uid = Int(info.st_uid)
                fact.gid = Int(info.st_gid)
                fact.owner = users[Int(info.st_uid)]
                fact.group = groups[Int(info.st_gid)]
                fact.size = Int(info.st_size)
                fact.modifiedAt = ISODate.string(epochSeconds: Int(info.st_mtim.tv_sec))
                if wantsContent, info.st_mode & S_IFMT == S_IFREG {
                    let (bytes, truncated) = try root.read(path, limit: Self.maximumContentBytes)
                    fact.content = String(decoding: bytes, as: UTF8.self)
                    fact.contentTruncated = truncated
                }
            } catch .notFound {
                fact.exists = false
            } catch {
                fact.error = error.description
            }
            files.append(fact)
        }
        result.inventory.files = files
        return result
    }
}
