import Foundation
import FuzzSupport
import PostureInventory

@testable import PostureRules

/// Attestation files: any bytes give sign-offs or positioned errors, never a crash; no sign-off
/// accepted is dated in the future, lacks evidence or names an unknown control.
@_cdecl("fuzz_attestations_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let source = YAMLSource(file: "fuzz.yaml", text: String(decoding: fuzzBytes(data, size), as: UTF8.self))
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let controls = ["access-review", "security-training", "privacy-notice-review"]
        let (attestations, _) = AttestationLoader.load(source: source, now: now, controls: controls)
        for attestation in attestations {
            precondition(controls.contains(attestation.control), "unknown control accepted")
            precondition(!attestation.evidence.isEmpty, "sign-off without evidence accepted")
            precondition(attestation.date <= now.addingTimeInterval(AttestationLoader.earliestTimeZone), "future date accepted")
        }
        return 0
    }
}
