import FuzzSupport

@testable import PostureProbes

/// nftables rulesets (with an include of themselves, so the depth bound is exercised) and the
/// input-path judgement over whatever was read.
@_cdecl("fuzz_nftables_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
        let files = InMemoryFiles(["/etc/nftables.conf": text, "/etc/nftables.d/a.nft": text])
        if case .success(let ruleset) = NftablesRuleset.read("/etc/nftables.conf", in: files) { _ = InputPath.judge(ruleset) }
        return 0
    }
}
