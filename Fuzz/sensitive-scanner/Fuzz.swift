import FuzzSupport
import PostureProbes

/// The card and SSN scanner: any bytes, split anywhere, never a crash; a match is always masked.
@_cdecl("fuzz_sensitive_scanner_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let bytes = fuzzBytes(data, size)
        let scanner = SensitiveScanner()
        // The first byte chooses where a two-part read splits the input.
        let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        bytes.withUnsafeBufferPointer { buffer in
            let whole = scanner.scan(buffer, firstLine: 1, before: nil)
            let head = scanner.scan(UnsafeBufferPointer(rebasing: buffer[..<split]), firstLine: 1, before: nil)
            _ = scanner.scan(
                UnsafeBufferPointer(rebasing: buffer[split...]), firstLine: 1 + head.lines,
                before: split > 0 ? buffer[split - 1] : nil)
            for match in [whole.firstCard, whole.firstSSN].compactMap({ $0 }) {
                // Masked: never more than six leading and four trailing digits.
                precondition(match.masked.filter(\.isNumber).count <= 10, "unmasked sample \(match.masked.count) chars")
            }
        }
        return 0
    }
}
