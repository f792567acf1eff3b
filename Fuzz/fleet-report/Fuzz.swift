import FuzzSupport

@testable import PostureFleet

/// The fleet ingest's report reader: any bytes are a checked, bounded record or a positioned
/// rejection; never a crash or a hang.
@_cdecl("fuzz_fleet_report_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let bytes = fuzzBytes(data, size)
        let file = CandidateReport(path: "fuzz.json", size: bytes.count, modified: 0, bytes: bytes, digest: "sha256:fuzz")
        _ = ReportRecord.make(file)
        return 0
    }
}
