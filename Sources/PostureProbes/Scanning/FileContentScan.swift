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

    /// Bytes read first: most files in a home folder are smaller, so they are read in one call.
    static let firstReadBytes = 128 * 1024
    /// A NUL in this many first bytes means binary.
    static let headBytes = 8192

    /// A read buffer kept by one worker for all the files it scans (one chunk, plus room for the
    /// bytes carried over from the chunk before), so no file pays for allocating one.
    final class Buffer {
        let base: UnsafeMutablePointer<UInt8>

        init() {
            // Not cleared: only bytes a read has filled are ever scanned.
            base = .allocate(capacity: FileContentScan.chunkBytes + 256)
        }

        deinit { base.deallocate() }
    }

    /// Scans an open regular file of `size` bytes, reading into `buffer` (a new one if nil).
    static func scan(fd: Int32, size: Int, scanner: SensitiveScanner, buffer: Buffer? = nil) throws(Skip) -> Result {
        let buffer = buffer ?? Buffer()
        let base = buffer.base
        // The common case: a small file, read whole (the first read decides whether it is text,
        // and usually holds it all) and scanned in place, no line counted unless something is found.
        if size <= chunkBytes {
            var filled = 0
            while filled < size {
                let wanted = filled == 0 ? min(size, firstReadBytes) : size - filled
                let count = pread(fd, base + filled, wanted, off_t(filled))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw .unreadable(String(cString: strerror(errno)).lowercased())
                }
                if count == 0 { break }
                // A NUL in the first 8 KiB means binary (recordings, archives, databases), unless
                // it is UTF-16 text (exports from Windows tools), read in its own way.
                if filled == 0 {
                    switch TextEncoding.detect(UnsafeBufferPointer(start: base, count: min(count, headBytes))) {
                    case .bytes: break
                    case nil: throw .binary
                    case let encoding?:
                        return try scanRange(fd: fd, from: 0, to: size, firstLine: 1, scanner: scanner, buffer: buffer, encoding: encoding)
                            .result
                    }
                }
                filled += count
            }
            let findings = scanner.scan(UnsafeBufferPointer(start: base, count: filled), firstLine: 1, before: nil, countingLines: false)
            var result = Result()
            for (kind, count, first) in SensitiveScanner.matches(findings) {
                result.found[kind] = (count, first.line, first.masked)
            }
            return result
        }
        let headCount = pread(fd, base, headBytes, 0)
        if headCount < 0 { throw .unreadable(String(cString: strerror(errno)).lowercased()) }
        switch TextEncoding.detect(UnsafeBufferPointer(start: base, count: headCount)) {
        case .bytes: break
        case nil: throw .binary
        case let encoding?:
            return try scanRange(fd: fd, from: 0, to: size, firstLine: 1, scanner: scanner, buffer: buffer, encoding: encoding).result
        }
        guard size >= splitBytes else {
            return try scanRange(fd: fd, from: 0, to: size, firstLine: 1, scanner: scanner, buffer: buffer).result
        }
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
        let first = try scanRange(fd: fd, from: 0, to: splitAt, firstLine: 1, scanner: scanner, buffer: buffer)
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
    static func scanRange(
        fd: Int32, from: Int, to: Int, firstLine: Int,
        scanner: SensitiveScanner, buffer: Buffer = Buffer(), encoding: TextEncoding = .bytes
    ) throws(Skip) -> (result: Result, lines: Int) {
        var result = Result()
        let base = buffer.base
        // UTF-16 is read two bytes per character into `wide` and narrowed into the buffer; an odd
        // last byte is half a character and ends the text.
        let unit = encoding == .bytes ? 1 : 2
        let to = from + (to - from) / unit * unit
        let wide: UnsafeMutablePointer<UInt8>? = unit == 1 ? nil : .allocate(capacity: chunkBytes * unit)
        defer { wide?.deallocate() }
        var carried = 0
        var offset = from
        var line = firstLine
        var before: UInt8? = nil
        if from > 0 {
            var byte: UInt8 = 0
            if pread(fd, &byte, 1, off_t(from - 1)) == 1 { before = byte }
        }
        while offset < to || carried > 0 {
            let wanted = min(chunkBytes * unit, to - offset)
            var count = 0
            var narrowed = 0
            if wanted > 0 {
                count = pread(fd, wide ?? base + carried, wanted, off_t(offset))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw .unreadable(String(cString: strerror(errno)).lowercased())
                }
                count -= count % unit
                narrowed = wide.map { encoding.narrow($0, count: count, into: base + carried) } ?? count
            }
            offset += count
            let available = carried + narrowed
            let atEnd = offset >= to || count == 0
            // Scan up to the last byte that cannot be inside a number; carry the rest over, so a
            // number split between two reads is seen whole.
            var safe = available
            if !atEnd {
                var back = available
                while back > 0, available - back < 256 {
                    let byte = base[back - 1]
                    if !(byte >= 0x30 && byte <= 0x39) && byte != 0x20 && byte != 0x2D && !((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
                    {
                        break
                    }
                    back -= 1
                }
                safe = back > 0 ? back : available
            }
            let findings = scanner.scan(UnsafeBufferPointer(start: base, count: safe), firstLine: line, before: before)
            for (kind, count, first) in SensitiveScanner.matches(findings) {
                if let existing = result.found[kind] {
                    result.found[kind] = (existing.count + count, existing.line, existing.sample)
                } else {
                    result.found[kind] = (count, first.line, first.masked)
                }
            }
            line += findings.lines
            if safe > 0 { before = base[safe - 1] }
            carried = available - safe
            if carried > 0 { memmove(base, base + safe, carried) }
            // The file ended early (cut while being read): nothing more will come.
            if count == 0 { break }
        }
        return (result, line - firstLine)
    }
}
