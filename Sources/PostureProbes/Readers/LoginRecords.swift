/// One account's latest login as a login record holds it.
struct LoginRecord: Equatable, Sendable {
    /// Seconds since 1970.
    var time: Int
    /// The file it was read from (`/var/log/wtmp`, `/var/lib/lastlog/lastlog2.db`, …).
    var source: String
}

/// Latest logins gathered from every record kind a Debian system keeps: the legacy lastlog
/// (by uid) and wtmp (by name), and trixie's lastlog2 and wtmpdb (by name). The newest record
/// wins, whichever file holds it: a host upgraded to trixie has both kinds.
struct LoginRecords: Sendable {
    var byUID: [UInt32: LoginRecord] = [:]
    var byName: [String: LoginRecord] = [:]
    /// What was looked at, for the evidence ("/var/log/wtmp: 12 logins").
    var looked: [String] = []
    /// Files that exist but could not be read in full, with the reason.
    var errors: [String] = []

    /// The latest login of an account: the lastlog record of its uid (accounts sharing a uid
    /// share that record, as `lastlog` shows) or a record under its name.
    func latest(name: String, uid: UInt32) -> LoginRecord? {
        [byUID[uid], byName[name]].compactMap { $0 }.max { $0.time < $1.time }
    }

    mutating func note(name: String, _ record: LoginRecord) {
        if let known = byName[name], known.time >= record.time { return }
        byName[name] = record
    }

    mutating func note(uid: UInt32, _ record: LoginRecord) {
        if let known = byUID[uid], known.time >= record.time { return }
        byUID[uid] = record
    }
}

/// The legacy binary records of x86_64 glibc: lastlog (`struct lastlog`, 292 bytes, record
/// N for uid N) and wtmp (`struct utmp`, 384 bytes).
enum LegacyLoginRecords {
    static let lastlogRecord = 292
    static let utmpRecord = 384
    /// `ut_type` of a login.
    static let userProcess: Int16 = 7

    /// lastlog times for the given uids (0 = never), read from a sparse file of records.
    static func lastlog(_ bytes: [UInt8], uids: some Sequence<UInt32>) -> [UInt32: Int] {
        var times: [UInt32: Int] = [:]
        for uid in uids {
            let (offset, overflow) = Int(uid).multipliedReportingOverflow(by: lastlogRecord)
            guard !overflow, offset >= 0, offset <= bytes.count - 4 else { continue }
            let time = Int(int32(bytes, at: offset))
            if time > 0 { times[uid] = time }
        }
        return times
    }

    /// `ut_type` of a logout.
    static let deadProcess: Int16 = 8

    /// Latest login time per user name in a wtmp file, and the number of whole records and the
    /// bytes left over after them (a torn last record).
    ///
    /// A login is what util-linux `last` lists as one (last.c retypes records before it looks at
    /// them): a record left as or made USER_PROCESS with a user name. A record with a user name
    /// and a line becomes one unless it is a logout (DEAD_PROCESS), `LOGIN`, or its line starts
    /// with `~` (then only `shutdown`, `reboot` and `runlevel` are retyped); `date` records on
    /// a `|` or `{` line are clock changes.
    static func wtmp(_ bytes: [UInt8]) -> (latest: [String: Int], records: Int, leftover: Int) {
        var latest: [String: Int] = [:]
        let whole = bytes.count / utmpRecord
        for index in 0..<whole {
            let base = index * utmpRecord
            var type = Int16(bitPattern: UInt16(bytes[base]) | UInt16(bytes[base + 1]) << 8)
            let line = bytes[(base + 8)..<(base + 40)].prefix { $0 != 0 }
            let user = String(decoding: bytes[(base + 44)..<(base + 76)].prefix { $0 != 0 }, as: UTF8.self)
            let time = Int(int32(bytes, at: base + 340))
            guard !user.isEmpty, time > 0 else { continue }
            if line.first == UInt8(ascii: "~") {
                if user.hasPrefix("shutdown") || user.hasPrefix("reboot") || user.hasPrefix("runlevel") { continue }
            } else if type != deadProcess, !line.isEmpty, user != "LOGIN" {
                type = userProcess
            }
            if user == "date", line.first == UInt8(ascii: "|") || line.first == UInt8(ascii: "{") { continue }
            guard type == userProcess else { continue }
            if time > latest[user] ?? 0 { latest[user] = time }
        }
        return (latest, whole, bytes.count % utmpRecord)
    }

    /// A little-endian 32-bit signed integer; the caller checks `offset + 4 <= bytes.count`.
    private static func int32(_ bytes: [UInt8], at offset: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3])
                << 24)
    }
}
