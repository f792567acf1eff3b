import FuzzSupport

@testable import PostureProbes

/// apt sources, one-line (.list) and deb822 (.sources), read through the reader the probe uses,
/// with the cross-file Trusted/Signed-By checks: the same text is both files.
@_cdecl("fuzz_apt_sources_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
        _ = AptSources.read(InMemoryFiles(["/etc/apt/sources.list": text, "/etc/apt/sources.list.d/fuzz.sources": text]))
        return 0
    }
}
