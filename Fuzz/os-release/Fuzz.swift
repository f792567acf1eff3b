import FuzzSupport

@testable import PostureProbes

/// os-release(5) files: any bytes, never a crash or a hang.
@_cdecl("fuzz_os_release_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        _ = OSRelease.parse(String(decoding: fuzzBytes(data, size), as: UTF8.self))
        return 0
    }
}
