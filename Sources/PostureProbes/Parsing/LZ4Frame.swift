/// Decodes the LZ4 frame format (lz4.org frame spec v1.6), which apt uses for its package lists
/// when configured to keep them compressed (`Acquire::GzipIndexes` with lz4, common in images).
/// Checksums are not verified: the lists are signed and verified by apt when it fetches them.
enum LZ4Frame {
    enum DecodeError: Error, CustomStringConvertible {
        case notLZ4
        case unsupported(String)
        case corrupt(String)
        case tooLarge

        var description: String {
            switch self {
            case .notLZ4: "not an LZ4 frame"
            case .unsupported(let what): "unsupported LZ4 feature: \(what)"
            case .corrupt(let what): "corrupt LZ4 data: \(what)"
            case .tooLarge: "LZ4 data expands past the limit"
            }
        }
    }

    /// A growable byte buffer that copies matches in place (an Array would copy itself whenever a
    /// match reads from the bytes it is appending to).
    private struct Output {
        var storage: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count = 0
        let limit: Int

        init(capacity: Int, limit: Int) {
            self.capacity = max(capacity, 4096)
            self.limit = limit
            storage = .allocate(capacity: self.capacity)
        }

        mutating func reserve(_ extra: Int) throws(DecodeError) {
            guard count + extra > capacity else { return }
            guard count + extra <= limit else { throw .tooLarge }
            var newCapacity = capacity * 2
            while newCapacity < count + extra { newCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: storage, count: count)
            storage.deallocate()
            storage = grown
            capacity = newCapacity
        }

        mutating func append(_ source: UnsafeBufferPointer<UInt8>, from start: Int, count length: Int) throws(DecodeError) {
            try reserve(length)
            (storage + count).update(from: source.baseAddress! + start, count: length)
            count += length
        }

        mutating func copyMatch(offset: Int, length: Int) throws(DecodeError) {
            try reserve(length)
            let from = storage + (count - offset)
            let to = storage + count
            if offset >= length {
                to.update(from: from, count: length)
            } else {
                // Overlapping: the match repeats bytes it is producing, so copy forwards byte by byte.
                for step in 0..<length { to[step] = from[step] }
            }
            count += length
        }

        func finish() -> [UInt8] {
            defer { storage.deallocate() }
            return Array(UnsafeBufferPointer(start: storage, count: count))
        }
    }

    static func decode(_ input: [UInt8], limit: Int = 1 << 30) throws(DecodeError) -> [UInt8] {
        var output = Output(capacity: input.count * 4, limit: limit)
        do {
            try input.withUnsafeBufferPointer { (buffer) throws(DecodeError) in
                try decodeFrames(buffer, into: &output)
            }
        } catch {
            output.storage.deallocate()
            throw error
        }
        return output.finish()
    }

    private static func decodeFrames(_ input: UnsafeBufferPointer<UInt8>, into output: inout Output) throws(DecodeError) {
        var position = 0
        func u32(_ at: Int) -> UInt32 {
            UInt32(input[at]) | UInt32(input[at + 1]) << 8 | UInt32(input[at + 2]) << 16 | UInt32(input[at + 3]) << 24
        }
        var frames = 0
        // A file may hold several frames back to back (and skippable frames).
        while position + 4 <= input.count {
            let magic = u32(position)
            if magic & 0xFFFF_FFF0 == 0x184D_2A50 {
                guard position + 8 <= input.count else { throw .corrupt("truncated skippable frame") }
                position += 8 + Int(u32(position + 4))
                continue
            }
            guard magic == 0x184D_2204 else {
                if frames == 0 { throw .notLZ4 }
                throw .corrupt("bad frame magic")
            }
            frames += 1
            position += 4
            guard position + 2 <= input.count else { throw .corrupt("truncated header") }
            let flags = input[position]
            guard flags >> 6 == 1 else { throw .unsupported("frame version \(flags >> 6)") }
            let blockChecksum = flags & 0x10 != 0
            let hasContentSize = flags & 0x08 != 0
            let contentChecksum = flags & 0x04 != 0
            if flags & 0x01 != 0 { throw .unsupported("dictionary") }
            position += 2 + (hasContentSize ? 8 : 0) + 1  // FLG, BD, content size, header checksum
            guard position <= input.count else { throw .corrupt("truncated header") }
            while true {
                guard position + 4 <= input.count else { throw .corrupt("truncated block size") }
                let word = u32(position)
                position += 4
                if word == 0 { break }  // end mark
                let size = Int(word & 0x7FFF_FFFF)
                guard position + size <= input.count else { throw .corrupt("truncated block") }
                if word & 0x8000_0000 != 0 {
                    try output.append(input, from: position, count: size)
                } else {
                    try decodeBlock(input, from: position, count: size, into: &output)
                }
                position += size + (blockChecksum ? 4 : 0)
            }
            position += contentChecksum ? 4 : 0
        }
        if frames == 0 { throw .notLZ4 }
    }

    private static func decodeBlock(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, count: Int,
        into output: inout Output
    ) throws(DecodeError) {
        var index = start
        let end = start + count
        while index < end {
            let token = input[index]
            index += 1
            let literalLength = try length(Int(token >> 4), input, &index, end)
            guard index + literalLength <= end else { throw .corrupt("literals past the block") }
            try output.append(input, from: index, count: literalLength)
            index += literalLength
            if index == end { break }  // the last sequence has literals only
            guard index + 2 <= end else { throw .corrupt("truncated match offset") }
            let offset = Int(input[index]) | Int(input[index + 1]) << 8
            index += 2
            guard offset > 0, offset <= output.count else { throw .corrupt("match offset out of range") }
            let matchLength = try length(Int(token & 0x0F), input, &index, end) + 4
            try output.copyMatch(offset: offset, length: matchLength)
        }
    }

    /// A length from its 4-bit field: 15 means more bytes follow, each added, until one below 255.
    private static func length(
        _ field: Int, _ input: UnsafeBufferPointer<UInt8>, _ index: inout Int,
        _ end: Int
    ) throws(DecodeError) -> Int {
        var total = field
        guard field == 15 else { return total }
        while true {
            guard index < end else { throw .corrupt("truncated length") }
            let byte = input[index]
            index += 1
            total += Int(byte)
            if byte != 255 { return total }
        }
    }
}
