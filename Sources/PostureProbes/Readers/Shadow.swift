/// One /etc/shadow entry as glibc's nss_files returns it from `getspent`. Day counts are days
/// since 1970-01-01; nil where glibc gives -1 (the field is empty).
struct ShadowEntry: Equatable, Sendable {
    var name: String
    var hash: String
    var lastChange: Int?
    var minimum: Int?
    var maximum: Int?
    var warning: Int?
    var inactive: Int?
    var expire: Int?
    var line: Int
}

/// /etc/shadow read as nss_files reads it (files-spwd.c). `name:hash:last:min:max` is the old
/// form (the rest absent); otherwise `warn:inactive:expire` must follow and a flag field may
/// end the line. Numbers are read into a C `int` (so 4294967295 is -1, which means empty).
/// A line glibc refuses (`bob:`, a letter in a number, a tenth field) is skipped, and then
/// `getspnam` finds the next line of that name, or none.
enum ShadowFile {
    static func parse(_ text: String) -> (entries: [ShadowEntry], skipped: [SkippedLine]) {
        var entries: [ShadowEntry] = []
        var skipped: [SkippedLine] = []
        for line in NSSFiles.lines(text) {
            var fields = NSSFiles.Fields(line.bytes)
            let name = fields.string()
            if let marker = NSSFiles.compatMarker(name, line: line.number, what: "an account") {
                skipped.append(marker)
                continue
            }
            if let entry = entry(name: name, fields: &fields, line: line.number) {
                entries.append(entry)
            } else {
                skipped.append(
                    SkippedLine(
                        line: line.number,
                        reason: "not a shadow entry glibc reads (name:hash:last:min:max[:warn:inactive:expire[:flag]], numbers or empty)"))
            }
        }
        return (entries, skipped)
    }

    private static func entry(name: String, fields: inout NSSFiles.Fields, line: Int) -> ShadowEntry? {
        let hash = fields.string()
        var entry = ShadowEntry(name: name, hash: hash, line: line)
        guard let last = days(fields.optionalNumber()), let min = days(fields.optionalNumber()),
            let max = days(fields.optionalNumber())
        else { return nil }
        (entry.lastChange, entry.minimum, entry.maximum) = (last, min, max)
        // The old form ends here (blanks allowed).
        if fields.rest.allSatisfy(NSSFiles.isSpace) { return entry }
        guard let warn = days(fields.optionalNumber()), let inactive = days(fields.optionalNumber()),
            let expire = days(fields.optionalNumber())
        else { return nil }
        (entry.warning, entry.inactive, entry.expire) = (warn, inactive, expire)
        if !fields.atEnd {
            // The flag field is the last: a number and then nothing, not even a `:`.
            guard let (flag, after) = NSSFiles.strtou32(fields.rest), flag != nil, after.isEmpty else { return nil }
        }
        return entry
    }

    /// A day field: `.some(nil)` when empty or -1, `.some(n)` for a value, nil to skip the line.
    private static func days(_ field: NSSFiles.OptionalNumber) -> Int?? {
        switch field {
        case .skip: return nil
        case .absent: return .some(nil)
        case .value(let raw):
            let value = Int(Int32(bitPattern: raw))
            return .some(value == -1 ? nil : value)
        }
    }
}
