import Foundation

/// Reads a file from this test target's Fixtures folder.
func fixture(_ name: String, file: StaticString = #filePath) throws -> String {
    let folder = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appending(path: "Fixtures")
    return try String(contentsOf: folder.appending(path: name), encoding: .utf8)
}

/// Parses `A B expected` lines.
func vectors(_ name: String) throws -> [(String, String, Int)] {
    try fixture(name).split(separator: "\n").compactMap { line in
        let fields = line.split(separator: " ")
        guard fields.count == 3, let expected = Int(fields[2]) else { return nil }
        return (String(fields[0]), String(fields[1]), expected)
    }
}
