/// One /etc/passwd entry as glibc's nss_files returns it from `getpwent`.
struct PasswdEntry: Equatable, Sendable {
    var name: String
    var password: String
    var uid: UInt32
    var gid: UInt32
    var gecos: String
    var home: String
    var shell: String
    /// The 1-based line it came from.
    var line: Int
}

/// A line glibc passes over without a word; posture says so (file:line and why).
struct SkippedLine: Equatable, Sendable {
    var line: Int
    var reason: String
}

/// /etc/passwd read as nss_files reads it (files-pwd.c): `name:password:uid:gid:gecos:home:shell`,
/// where missing trailing string fields are empty and the shell is the rest of the line (a
/// `:` in it included). A line with a uid or gid glibc cannot read is skipped. `+`/`-` lines
/// are nss_compat markers: `getpwnam` and `getpwuid` never return them, so neither does this.
enum PasswdFile {
    static func parse(_ text: String) -> (entries: [PasswdEntry], skipped: [SkippedLine]) {
        var entries: [PasswdEntry] = []
        var skipped: [SkippedLine] = []
        for line in NSSFiles.lines(text) {
            var fields = NSSFiles.Fields(line.bytes)
            let name = fields.string()
            if let marker = NSSFiles.compatMarker(name, line: line.number, what: "an account") {
                skipped.append(marker)
                continue
            }
            let password = fields.string()
            guard let uid = fields.number() else {
                skipped.append(SkippedLine(line: line.number, reason: "uid is not a number from 0 to 4294967295 followed by ':'"))
                continue
            }
            guard let gid = fields.number() else {
                skipped.append(SkippedLine(line: line.number, reason: "gid is not a number from 0 to 4294967295 followed by ':'"))
                continue
            }
            let gecos = fields.string()
            let home = fields.string()
            let shell = fields.remainder()
            entries.append(
                PasswdEntry(
                    name: name, password: password, uid: uid, gid: gid, gecos: gecos,
                    home: home, shell: shell, line: line.number))
        }
        return (entries, skipped)
    }
}
