import FuzzSupport

@testable import PostureProbes

/// apt's LZ4-compressed lists: any bytes decode or fail cleanly, within the output limit.
@_cdecl("fuzz_lz4_frame_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let output = try? LZ4Frame.decode(fuzzBytes(data, size), limit: 1 << 22)
        precondition((output?.count ?? 0) <= 1 << 22, "decoded past the limit")
        return 0
    }
}
