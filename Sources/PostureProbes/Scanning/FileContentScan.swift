import Foundation
import Synchronization

/// Reads one file in bounded chunks and runs the sensitive-data scanner over it; a large file is
/// split in two halves at a line break and read by two threads. Memory stays at two chunks per
/// thread whatever the file's size.
enum FileContentScan {
    static let chunkBytes = 4 * 1024 * 1024
    /// Files at least this large are read by two threads.
    static let splitBytes = 64 * 1024 * 1024

    struct Result {
        /// Per kind: how many, the first line, and a masked sample.
        var found: [SensitiveScanner.Kind: (count: Int, line: Int, sample: String)] = [:]
    }

    enum Skip: Error {
        case binary
        case unreadable(String)
    }

    /// Scans an open regular file of `size` bytes.
    static func scan(fd: Int32, size: Int, scanner: SensitiveScanner) throws(Skip) -> Result {
        // A NUL in the first 8 KiB means binary (recordings, archives, databases): not text to read.
        var head = [UInt8](repeating: 0, count: min(size, 8192))
        let headCount = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        if headCount < 0 { throw .unreadable(String(cString: strerror(errno)).lowercased()) }
        if head.prefix(headCount).contains(0) { throw .binary }
        guard size >= splitBytes else { return try scanRange(fd: fd, from: 0, to: size, firstLine: 1, scanner: scanner).result }
        // Split at the first line break after the middle; the second half's lines are numbered
        // after the first half's are counted.
        var middle = size / 2
        var probe = [UInt8](repeating: 0, count: 65_536)
        search: while middle < size {
            let count = probe.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(middle)) }
            if count <= 0 { break }
            for i in 0..<count where probe[i] == 0x0A {
                middle += i + 1
                break search
            }
            middle += count
        }
        let second = Mutex<(Result, Int)?>(nil)
        let secondError = Mutex<Skip?>(nil)
        let group = DispatchGroup()
        let splitAt = middle
        DispatchQueue.global().async(group: group) {
            do {
                let part = try scanRange(fd: fd, from: splitAt, to: size, firstLine: 1, scanner: scanner)
                second.withLock { $0 = (part.result, part.lines) }
            } catch let skip as Skip {
                secondError.withLock { $0 = skip }
            } catch {
                secondError.withLock { $0 = .unreadable("\(error)") }
            }
        }
        let first = try scanRange(fd: fd, from: 0, to: splitAt, firstLine: 1, scanner: scanner)
        group.wait()
        if let error = secondError.withLock({ $0 }) { throw error }
        var merged = first.result
        if let (part, _) = second.withLock({ $0 }) {
            for (kind, entry) in part.found {
                let shifted = (entry.count, entry.line + first.lines, entry.sample)
                if let existing = merged.found[kind] {
                    merged.found[kind] = (existing.count + entry.count, existing.line, existing.sample)
                } else {
                    merged.found[kind] = shifted
                }
            }
        }
        return merged
    }

    /// Scans bytes [from, to); returns what it found and how many line breaks it passed.
    static func scanRange(fd: Int32, from: Int, to: Int, firstLine: Int,
                          scanner: SensitiveScanner) throws(Skip) -> (result: Result, lines: Int) {
        var result = Result()
        var buffer = [UInt8](repeating: 0, count: chunkBytes + 256)
        var carried = 0
        var offset = from
        var line = firstLine
        var before: UInt8? = nil
        if from > 0 {
            var byte: UInt8 = 0
            if pread(fd, &byte, 1, off_t(from - 1)) == 1 { before = byte }
        }
        while offset < to || carried > 0 {
            let wanted = min(chunkBytes, to - offset)
            var count = 0
            if wanted > 0 {
                count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + carried, wanted, off_t(offset)) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw .unreadable(String(cString: strerror(errno)).lowercased())
                }
            }
            offset += count
            let available = carried + count
            let atEnd = offset >= to || count == 0
            // Scan up to the last byte that cannot be inside a number; carry the rest over, so a
            // number split between two reads is seen whole.
            var safe = available
            if !atEnd {
                var back = available
                while back > 0, available - back < 256 {
                    let byte = buffer[back - 1]
                    if !(byte >= 0x30 && byte <= 0x39) && byte != 0x20 && byte != 0x2D && !((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) {
                        break
                    }
                    back -= 1
                }
                safe = back > 0 ? back : available
            }
            let findings = buffer.withUnsafeBufferPointer { pointer in
                scanner.scan(UnsafeBufferPointer(rebasing: pointer[0..<safe]), firstLine: line, before: before)
            }
            for (kind, count, first) in SensitiveScanner.matches(findings) {
                if let existing = result.found[kind] {
                    result.found[kind] = (existing.count + count, existing.line, existing.sample)
                } else {
                    result.found[kind] = (count, first.line, first.masked)
                }
            }
            line += findings.lines
            if safe > 0 { before = buffer[safe - 1] }
            carried = available - safe
            if carried > 0 {
                buffer.withUnsafeMutableBufferPointer { pointer in
                    pointer.baseAddress!.update(from: pointer.baseAddress! + safe, count: carried)
                }
            }
        }
        return (result, line - firstLine)
    }
}
