import FuzzSupport
@testable import PostureProbes

/// The dpkg status and apt Packages reader: any bytes, never a crash or a hang.
@_cdecl("fuzz_dpkg_status_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        ControlFile.paragraphs(fuzzBytes(data, size), fields: ["Package", "Status", "Version"]) { _ in }
        return 0
    }
}
