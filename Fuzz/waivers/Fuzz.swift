import FuzzSupport
import PostureInventory

@testable import PostureRules

/// Waiver files: any bytes give waivers or positioned errors, never a crash; every waiver
/// accepted has a real calendar date.
@_cdecl("fuzz_waivers_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let source = YAMLSource(file: "fuzz.yaml", text: String(decoding: fuzzBytes(data, size), as: UTF8.self))
        let (waivers, _) = WaiverLoader.load(source: source, ruleIDs: ["volumes-encrypted", "sudo-no-nopasswd", "ssh-root-login-disabled"])
        for waiver in waivers {
            let day = String(ISODate.format(waiver.expires).prefix(10))
            precondition(CalendarDate.parse(day) == waiver.expires, "waiver date \(day) does not round-trip")
        }
        return 0
    }
}
