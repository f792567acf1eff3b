import FuzzSupport
import PostureInventory

@testable import PostureProbes

/// The passwd, shadow and group readers, and the account judgement over them: any bytes, never
/// a crash or a hang. The same input is read as each of the three files.
@_cdecl("fuzz_passwd_shadow_group_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
        let passwd = PasswdFile.parse(text).entries
        let shadow = ShadowFile.parse(text).entries
        let groups = GroupFile.parse(text).entries
        let initgroups = GroupFile.initgroupsEntries(text)
        var first: [String: ShadowEntry] = [:]
        for entry in shadow where first[entry.name] == nil { first[entry.name] = entry }
        for entry in passwd.prefix(200) {
            var account = Account(name: entry.name, uid: Int(entry.uid))
            AccountsProbe.judgePassword(entry, shadow: first, into: &account)
            _ = account.aging?.verdict(onDay: 20_787)
            _ = GroupFile.membership(user: entry.name, primaryGID: entry.gid, initgroups: initgroups, groups: groups)
        }
        return 0
    }
}
