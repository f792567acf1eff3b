import FuzzSupport

@testable import PostureProbes

/// The dpkg status reader (strict, as dpkg reads it) and the fast control-file reader: any bytes,
/// never a crash or a hang.
@_cdecl("fuzz_dpkg_status_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let bytes = fuzzBytes(data, size)
        ControlFile.paragraphs(bytes, fields: ["Package", "Status", "Version"]) { _ in }
        _ = DpkgStatus.parse(bytes)
        return 0
    }
}
