import Foundation
import PostureInventory

/// accounts and groups: passwd, shadow (when readable), group, and last logins from lastlog and
/// wtmp (binary layouts of x86_64 glibc: lastlog records of 292 bytes indexed by uid, utmp records
/// of 384 bytes).
struct AccountsProbe: Probe {
    let families: [FactFamily] = [.accounts, .groups]
    static let nonInteractiveShells = ["nologin", "false", "sync", "halt", "shutdown"]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        let root = context.root
        let passwd: String
        do {
            passwd = try root.readText("/etc/passwd")
        } catch {
            result.fail("accounts", "/etc/passwd: \(error)")
            result.fail("groups", "/etc/passwd: \(error)")
            return result
        }
        var groups: [Group] = []
        switch Result(catching: { () throws(HostRoot.ReadError) -> String in try root.readText("/etc/group") }) {
        case .success(let text):
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                guard fields.count >= 4, let gid = Int(fields[2]) else { continue }
                groups.append(Group(name: String(fields[0]), gid: gid,
                                    members: fields[3].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }))
            }
            result.inventory.groups = groups
        case .failure(let error):
            result.fail("groups", "/etc/group: \(error)")
        }
        var shadow: [String: Substring]?
        var changed: [String: Int] = [:]
        switch Result(catching: { () throws(HostRoot.ReadError) -> String in try root.readText("/etc/shadow") }) {
        case .success(let text):
            var entries: [String: Substring] = [:]
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
                if fields.count >= 2 { entries[String(fields[0])] = fields[1] }
                // Days since 1970 of the last password change; 0 means "must change at next login".
                if fields.count >= 3, let days = Int(fields[2]), days > 0 { changed[String(fields[0])] = days }
            }
            shadow = entries
        case .failure(let error):
            result.fail("accounts.password", "/etc/shadow: \(error)")
        }
        let logins = LastLogins.read(root, result: &result)
        var accounts: [Account] = []
        for (number, line) in passwd.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 7, let uid = Int(fields[2]), !fields[0].hasPrefix("+"), !fields[0].hasPrefix("-") else { continue }
            let name = fields[0], shell = fields[6]
            let shellName = shell.split(separator: "/").last.map(String.init) ?? ""
            var account = Account(name: name, uid: uid, gid: Int(fields[3]), home: fields[5], shell: shell,
                                  interactive: !shell.isEmpty && !Self.nonInteractiveShells.contains(shellName))
            let hash = fields[1] == "x" ? shadow?[name].map(String.init) : fields[1]
            if let hash {
                (account.password, account.locked) = Self.passwordState(hash)
            } else {
                account.password = "unknown"
            }
            account.groups = ([groups.first { $0.gid == account.gid }?.name].compactMap { $0 } +
                              groups.filter { $0.members.contains(name) }.map(\.name)).uniqued()
            account.lastLogin = logins[uid].map { ISODate.string(epochSeconds: $0) }
            account.source = SourceLocation(file: "/etc/passwd", line: number + 1)
            account.passwordChangedAt = changed[name].map { String(ISODate.string(epochSeconds: $0 * 86_400).prefix(10)) }
            accounts.append(account)
        }
        result.inventory.accounts = accounts
        return result
    }

    /// The password field's meaning (shadow(5)): empty needs no password; a leading `!` is locked;
    /// `*` and other non-hash values allow no password login.
    static func passwordState(_ field: String) -> (String, Bool) {
        if field.isEmpty { return ("empty", false) }
        if field.hasPrefix("!") { return ("locked", true) }
        if field.hasPrefix("$") || field.count == 13 { return ("set", false) }
        return ("none", false)
    }

    /// uid → name from /etc/passwd, for labelling processes.
    static func passwdNames(_ root: HostRoot) -> [Int: String] {
        var names: [Int: String] = [:]
        for line in ((try? root.readText("/etc/passwd")) ?? "").split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count >= 3, let uid = Int(fields[2]), names[uid] == nil { names[uid] = String(fields[0]) }
        }
        return names
    }
}

/// Last login times by uid, from lastlog and wtmp, whichever is later.
enum LastLogins {
    static let lastlogRecord = 292
    static let utmpRecord = 384

    static func read(_ root: HostRoot, result: inout ProbeResult) -> [Int: Int] {
        var latest: [Int: Int] = [:]
        let names = AccountsProbe.passwdNames(root)
        let uids = Dictionary(names.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        // lastlog is sparse and indexed by uid; read only the records of known accounts.
        if let (bytes, _) = try? root.read("/var/log/lastlog", limit: 64 * 1024 * 1024) {
            for uid in names.keys {
                let offset = uid * lastlogRecord
                guard uid >= 0, offset + 4 <= bytes.count else { continue }
                let time = Int(Int32(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 |
                                      UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24))
                if time > 0 { latest[uid] = max(latest[uid] ?? 0, time) }
            }
        }
        if let (bytes, truncated) = try? root.read("/var/log/wtmp", limit: 256 * 1024 * 1024) {
            let whole = bytes.count / utmpRecord
            if bytes.count % utmpRecord != 0 {
                result.fail("accounts.wtmp", "/var/log/wtmp ends in a partial record (\(bytes.count % utmpRecord) bytes); ignored")
            }
            if truncated { result.fail("accounts.wtmp", "/var/log/wtmp is larger than 256 MiB; only the start was read") }
            for index in 0..<whole {
                let base = index * utmpRecord
                let type = Int16(bitPattern: UInt16(bytes[base]) | UInt16(bytes[base + 1]) << 8)
                guard type == 7 else { continue } // USER_PROCESS
                let user = String(decoding: bytes[(base + 44)..<(base + 76)].prefix { $0 != 0 }, as: UTF8.self)
                let time = Int(Int32(bitPattern: UInt32(bytes[base + 340]) | UInt32(bytes[base + 341]) << 8 |
                                      UInt32(bytes[base + 342]) << 16 | UInt32(bytes[base + 343]) << 24))
                if let uid = uids[user], time > 0 { latest[uid] = max(latest[uid] ?? 0, time) }
            }
        }
        return latest
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

extension Result where Failure == HostRoot.ReadError {
    init(catching body: () throws(HostRoot.ReadError) -> Success) {
        do { self = .success(try body()) } catch { self = .failure(error) }
    }
}
