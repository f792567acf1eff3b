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
            if let marker = NSSFiles.compatMarker(name, line: line.number, what: "a group") {
                skipped.append(marker)
                continue
            }
            let password = fields.string()
            guard let gid = fields.number() else {
                skipped.append(SkippedLine(line: line.number, reason: "gid is not a number from 0 to 4294967295 followed by ':'"))
                continue
            }
            entries.append(
                GroupEntry(
                    name: name, password: password, gid: gid,
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

    /// The lines glibc's initgroups (files-initgroups.c) reads to give a login its groups: every
    /// line, comments and blank-led lines included, since it hands each raw line to the group
    /// parser without the comment check. A `#sudo:x:27:alice` line still puts alice in gid 27.
    static func initgroupsEntries(_ text: String) -> [GroupEntry] {
        var entries: [GroupEntry] = []
        for (index, raw) in Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var line = raw
            if let nul = line.firstIndex(of: 0) { line = line[line.startIndex..<nul] }
            var fields = NSSFiles.Fields(line)
            let name = fields.string()
            let password = fields.string()
            let gid: UInt32
            if name.hasPrefix("+") || name.hasPrefix("-") {
                // nss_compat lines may leave the gid empty (then 0).
                switch fields.optionalNumber() {
                case .value(let value): gid = value
                case .absent: gid = 0
                case .skip: continue
                }
            } else {
                guard let value = fields.number() else { continue }
                gid = value
            }
            entries.append(GroupEntry(name: name, password: password, gid: gid, members: members(fields.remainder()), line: index + 1))
        }
        return entries
    }

    /// The groups a login gets (`getgrouplist`, `id -G`): the primary gid first, then the gid of
    /// each line (as initgroups reads them) listing the user, each gid once. Names are those
    /// `getgrgid` returns: the first group of that gid in `groups` (the entries `getgrent` gives).
    static func membership(user: String, primaryGID: UInt32, initgroups: [GroupEntry], groups: [GroupEntry]) -> [(
        gid: UInt32, name: String?
    )] {
        var gids: [UInt32] = [primaryGID]
        for group in initgroups where group.members.contains(user) && !gids.contains(group.gid) {
            gids.append(group.gid)
        }
        return gids.map { gid in (gid, groups.first { $0.gid == gid }?.name) }
    }
}
