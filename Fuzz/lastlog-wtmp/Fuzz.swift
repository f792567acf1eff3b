import FuzzSupport

@testable import PostureProbes

/// The legacy login-record readers (wtmp's 384-byte and lastlog's 292-byte records): any bytes,
/// any uid, never a crash or an out-of-bounds read.
@_cdecl("fuzz_lastlog_wtmp_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let bytes = fuzzBytes(data, size)
        _ = LegacyLoginRecords.wtmp(bytes)
        // uids from the input's first bytes, and the edges: 0, the last record, the largest uid.
        var uids: Set<UInt32> = [0, UInt32(max(0, bytes.count / LegacyLoginRecords.lastlogRecord)), UInt32.max]
        var index = 0
        while index + 4 <= min(bytes.count, 64) {
            uids.insert(
                UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
            index += 4
        }
        _ = LegacyLoginRecords.lastlog(bytes, uids: uids)
        return 0
    }
}
