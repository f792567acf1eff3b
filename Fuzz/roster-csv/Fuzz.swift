import FuzzSupport
import PostureInventory

@testable import PostureRules

/// HR roster CSV: any bytes give a roster or one positioned error, never a crash; every row of a
/// roster accepted has exactly the header's columns.
@_cdecl("fuzz_roster_csv_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        if case .success(let roster) = Roster.parse(fuzzBytes(data, size), file: "fuzz.csv") {
            precondition(Set(roster.header).count == roster.header.count, "duplicate header accepted")
            for row in roster.rows { precondition(row.count == roster.header.count, "ragged row accepted") }
            _ = roster.missingColumn("status", use: "the status column")
        }
        return 0
    }
}
