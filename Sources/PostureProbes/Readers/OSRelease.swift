/// os-release(5): newline-separated `KEY=value` shell assignments, values optionally in matching
/// single or double quotes, with `\` escaping `$ " ' \` and backquote; `#` lines are comments; a
/// later repeat wins, as when a shell sources the file. No expansion, no concatenation.
enum OSRelease {
    static let maximumLines = 10_000

    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for raw in text.scalarLines.prefix(maximumLines) {
            let line = raw  // a stray \r stays in the value, as a shell keeps it
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals]
            guard !key.isEmpty,
                key.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
            else { continue }
            var value = line[line.index(after: equals)...]
            if let first = value.first, first == "\"" || first == "'" {
                guard value.count >= 2, value.last == first else {
                    values[String(key)] = unescaped(value)  // an unclosed quote is kept, as a regex reader keeps it
                    continue
                }
                value = value.dropFirst().dropLast()
            }
            values[String(key)] = unescaped(value)
        }
        return values
    }

    /// `\$`, `\"`, `\'`, `` \` `` and `\\` lose their backslash.
    static func unescaped(_ value: Substring) -> String {
        var result = ""
        var iterator = value.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else {
                result.append(character)
                continue
            }
            guard let next = iterator.next() else {
                result.append(character)
                break
            }
            if "$\"'`\\".contains(next) {
                result.append(next)
            } else {
                result.append(character)
                result.append(next)
            }
        }
        return result
    }
}
