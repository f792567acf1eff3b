/// How sshd cuts sshd_config into lines and words, byte for byte as OpenSSH 9.2 does
/// (servconf.c `load_server_config`, misc.c `strdelim` and `argv_split`).
enum SSHDTokens {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, carriageReturn: UInt8 = 0x0D, newline: UInt8 = 0x0A
    static let formFeed: UInt8 = 0x0C, quote: UInt8 = 0x22, apostrophe: UInt8 = 0x27, equals: UInt8 = 0x3D
    static let hash: UInt8 = 0x23, backslash: UInt8 = 0x5C

    /// strdelim's separators: space, tab, CR, LF.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == carriageReturn || byte == newline
    }

    /// The lines sshd parses, numbered from 1: each line loses its leading spaces, tabs and CRs,
    /// and a NUL byte cuts off the rest of its line, newline included (sshd copies with strlen),
    /// so the next line joins it.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != newline { end += 1 }
            if end < bytes.count { end += 1 }  // getline keeps the newline
            var from = start
            while from < end, bytes[from] == space || bytes[from] == tab || bytes[from] == carriageReturn { from += 1 }
            var to = from
            while to < end, bytes[to] != 0 { to += 1 }
            buffer.append(contentsOf: bytes[from..<to])
            start = end
        }
        return buffer.split(separator: newline, omittingEmptySubsequences: false)
    }

    /// The line without trailing whitespace and form feeds (the first byte is never removed, as in sshd).
    static func trimmedTrailing(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = line.endIndex
        while end - line.startIndex > 1 {
            let byte = line[end - 1]
            guard isWhitespace(byte) || byte == formFeed || byte == 0 else { break }
            end -= 1
        }
        return line[line.startIndex..<end]
    }

    /// One strdelim step: the next word, split at whitespace, a double quote or one `=`. `rest` nil
    /// means the line is used up; a word of nil means an unmatched quote (sshd then ignores the line).
    static func strdelim(_ text: ArraySlice<UInt8>?) -> (word: [UInt8]?, rest: ArraySlice<UInt8>?) {
        guard let text else { return (nil, nil) }
        guard let stop = text.firstIndex(where: { isWhitespace($0) || $0 == quote || $0 == equals }) else {
            return (Array(text), nil)
        }
        if text[stop] == quote {
            guard let close = text[(stop + 1)...].firstIndex(of: quote) else { return (nil, nil) }
            let word = Array(text[text.startIndex..<stop]) + Array(text[(stop + 1)..<close])
            var next = close + 1
            while next < text.endIndex, isWhitespace(text[next]) { next += 1 }
            return (word, text[next...])
        }
        let sawEquals = text[stop] == equals
        var next = stop + 1
        while next < text.endIndex, isWhitespace(text[next]) { next += 1 }
        if !sawEquals, next < text.endIndex, text[next] == equals {
            next += 1
            while next < text.endIndex, isWhitespace(text[next]) { next += 1 }
        }
        return (Array(text[text.startIndex..<stop]), text[next...])
    }

    /// argv_split with comments: words split at spaces and tabs, single or double quotes group,
    /// `\` escapes a quote, a backslash or (outside quotes) a space; a `#` starting a word ends the
    /// line. Nil when a quote is left open.
    static func arguments(_ text: ArraySlice<UInt8>, limit: Int) -> [[UInt8]]? {
        var words: [[UInt8]] = []
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == space || byte == tab {
                index += 1
                continue
            }
            if byte == hash { break }
            guard words.count < limit else { return words }
            var word: [UInt8] = []
            var open: UInt8 = 0
            while index < text.endIndex {
                let current = text[index]
                if current == backslash {
                    let next = index + 1 < text.endIndex ? text[index + 1] : 0
                    if next == apostrophe || next == quote || next == backslash || (open == 0 && next == space) {
                        index += 1
                        word.append(next)
                    } else {
                        word.append(current)
                    }
                } else if open == 0, current == space || current == tab {
                    break
                } else if open == 0, current == quote || current == apostrophe {
                    open = current
                } else if open != 0, current == open {
                    open = 0
                } else {
                    word.append(current)
                }
                index += 1
            }
            if index >= text.endIndex, open != 0 { return nil }
            words.append(word)
        }
        return words
    }
}
