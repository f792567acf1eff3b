import FuzzSupport
import PostureReports

/// The report decoder that `gate` and `--baseline` use: any bytes give a report or a positioned
/// error, never a crash; a report decoded is compared with itself as a baseline.
@_cdecl("fuzz_report_json_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        if let report = try? ReportFile.decode(fuzzBytes(data, size), file: "fuzz.json") {
            let diff = BaselineDiff(current: report.results, baseline: report, file: "fuzz.json")
            precondition(diff.new.isEmpty && diff.fixed.isEmpty, "a report differs from itself")
        }
        return 0
    }
}
