import FuzzSupport

@testable import PostureProbes

/// modprobe.d files and the USB-storage verdict drawn from them.
@_cdecl("fuzz_modprobe_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
        _ = ModprobeConfig.removableMedia(InMemoryFiles(["/etc/modprobe.d/fuzz.conf": text, "/proc/cmdline": text]))
        return 0
    }
}
