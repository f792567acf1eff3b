import Foundation
import FuzzSupport

@testable import PostureProbes

/// The file read of the content scan (one read buffer reused across files, small files read
/// whole): any bytes, written to a file and scanned through a descriptor, give the same counts and
/// first lines as the scanner run over the same text in memory (UTF-16 narrowed as the scan
/// reads it), unless the file is binary.
nonisolated(unsafe) let scratch: (fd: Int32, buffer: FileContentScan.Buffer) = {
    var template = Array("/tmp/posture-fuzz-content-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    return (fd, FileContentScan.Buffer())
}()

@_cdecl("fuzz_content_scan_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let bytes = fuzzBytes(data, size)
        let fd = scratch.fd
        precondition(fd >= 0 && ftruncate(fd, 0) == 0)
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        precondition(written == bytes.count)
        let scanner = SensitiveScanner()
        // The same text in memory: UTF-16 (by its mark or its NUL pattern) narrowed to one byte per
        // code unit, as the file scan reads it.
        let encoding = bytes.withUnsafeBufferPointer {
            TextEncoding.detect(UnsafeBufferPointer(rebasing: $0.prefix(FileContentScan.headBytes)))
        }
        var text = bytes
        if let encoding, encoding != .bytes {
            text = [UInt8](repeating: 0, count: bytes.count / 2)
            let count = bytes.count
            bytes.withUnsafeBufferPointer { input in
                text.withUnsafeMutableBufferPointer { output in
                    guard let from = input.baseAddress, let to = output.baseAddress else { return }
                    _ = encoding.narrow(from, count: count, into: to)
                }
            }
        }
        let whole = text.withUnsafeBufferPointer { scanner.scan($0, firstLine: 1, before: nil) }
        do throws(FileContentScan.Skip) {
            let read = try FileContentScan.scan(fd: fd, size: bytes.count, scanner: scanner, buffer: scratch.buffer)
            precondition(
                read.found[.card]?.count ?? 0 == whole.cards && read.found[.ssn]?.count ?? 0 == whole.ssns,
                "counts differ: file \(read.found), memory \(whole.cards) cards \(whole.ssns) SSNs")
            precondition(
                read.found[.card]?.line == whole.firstCard?.line && read.found[.ssn]?.line == whole.firstSSN?.line,
                "first lines differ")
        } catch {
            if case .binary = error {
                precondition(encoding == nil, "binary, but the first 8 KiB are text (\(String(describing: encoding)))")
            } else {
                preconditionFailure("unreadable: \(error)")
            }
        }
        return 0
    }
}
