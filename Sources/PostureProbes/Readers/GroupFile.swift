/// One /etc/group entry as glibc's nss_files returns it from `getgrent`.
struct GroupEntry: Equatable, Sendable {
    var name: String
    var password: String
    var gid: UInt32
    /// Members as glibc lists them: leading blanks dropped, trailing blanks kept (so `alice `
    /// is not `alice`), empty items dropped.
    var members: [String]
    var line: Int
}

/// /etc/group read as nss_files reads it (files-grp.c): `name:password:gid[:member,member…]`;
/// a line without a readable gid is skipped, a missing member list is empty.
enum GroupFile {
    static func parse(_ text: String) -> (entries: [GroupEntry], skipped: [SkippedLine]) {
        var entries: [GroupEntry] = []
        var skipped: [SkippedLine] = []
        for line in NSSFiles.lines(text) {
            var fields = NSSFiles.Fields(line.bytes)
            let name = fields.string()
            if name.hasPrefix("+") || name.hasPrefix("-") {
                skipped.append(SkippedLine(line: line.number, reason: "nss_compat entry '\(name.prefix(64))' (not a group for nss_files)"))
                continue
            }
            let password = fields.string()
            guard let gid = fields.number() else {
                skipped.append(SkippedLine(line: line.number, reason: "gid is not a number from 0 to 4294967295 followed by ':'"))
                continue
            }
            entries.append(GroupEntry(name: name, password: password, gid: gid,
                                      members: members(fields.remainder()), line: line.number))
        }
        return (entries, skipped)
    }

    /// glibc's parse_list over the rest of the line, split at `,`.
    static func members(_ text: String) -> [String] {
        var result: [String] = []
        for item in text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
            let trimmed = item.drop { NSSFiles.isSpace($0) }
            if !trimmed.isEmpty { result.append(String(decoding: trimmed, as: UTF8.self)) }
        }
        return result
    }

    /// The groups a user is in, as `getgrouplist`/`id` give them: the primary gid first, then
    /// each group (in file order) listing the user, gids kept once. Names are those `getgrgid`
    /// returns (the first group with that gid); a gid without a group has no name.
    static func membership(user: String, primaryGID: UInt32, groups: [GroupEntry]) -> [(gid: UInt32, name: String?)] {
        var gids: [UInt32] = [primaryGID]
        for group in groups where group.members.contains(user) && !gids.contains(group.gid) {
            gids.append(group.gid)
        }
        return gids.map { gid in (gid, groups.first { $0.gid == gid }?.name) }
    }
}
