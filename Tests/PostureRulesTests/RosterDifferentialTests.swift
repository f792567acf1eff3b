import Foundation
import Testing

@testable import PostureRules

/// Python's csv module (strict mode) as the reference reader of RFC 4180: whatever posture's CSV
/// reader accepts, Python reads to the same records. Random rosters are written field by field
/// (quoted when a field needs it), some then damaged by one byte, and all are judged in one
/// Python run.
@Suite("HR roster CSV against Python's csv module")
struct RosterDifferentialTests {
    typealias Generator = SplitMix

    static let pieces = ["a", "b", "ann", " ", ",", "\"", "\n", "\r\n", "é", "\t", "x y"]

    static func field(_ random: inout Generator) -> String {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func encode(_ field: String, _ random: inout Generator) -> String {
        let needsQuotes = field.contains { [",", "\"", "\n", "\r"].contains($0) }
        if needsQuotes || Bool.random(using: &random) && Bool.random(using: &random) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    static func document(_ random: inout Generator) -> String {
        let columns = Int.random(in: 1...4, using: &random)
        let end = Bool.random(using: &random) ? "\r\n" : "\n"
        var text = ""
        let rows = Int.random(in: 1...5, using: &random)
        for row in 0..<rows {
            text += (0..<columns).map { _ in encode(field(&random), &random) }.joined(separator: ",")
            if row < rows - 1 || Bool.random(using: &random) { text += end }
        }
        // One damaged byte in a third of the cases: a stray quote, comma, CR or LF.
        if Int.random(in: 0..<3, using: &random) == 0, !text.isEmpty {
            var scalars = Array(text.unicodeScalars)
            let damage: [Unicode.Scalar] = ["\"", ",", "\r", "\n"]
            scalars.insert(damage.randomElement(using: &random)!, at: Int.random(in: 0...scalars.count, using: &random))
            text = String(String.UnicodeScalarView(scalars))
        }
        return text
    }

    @Test("posture's CSV reader and Python's csv (strict) read every accepted document alike")
    func differential() throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("python3 is missing in CI") }
            return
        }
        let seed = UInt64(ProcessInfo.processInfo.environment["POSTURE_SEED"] ?? "") ?? 14_004
        print("roster CSV differential: seed \(seed) (POSTURE_SEED to replay)")
        var random = SplitMix(seed: seed)
        let documents = (0..<600).map { _ in Self.document(&random) }
        let script = """
            import csv, io, json, sys
            out = []
            for text in json.load(sys.stdin):
                try:
                    out.append(list(csv.reader(io.StringIO(text, newline=''), strict=True)))
                except csv.Error:
                    out.append(None)
            json.dump(out, sys.stdout)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let payload = try JSONSerialization.data(withJSONObject: documents)
        DispatchQueue.global().async {
            input.fileHandleForWriting.write(payload)
            try? input.fileHandleForWriting.close()
        }
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = try #require(try JSONSerialization.jsonObject(with: answer) as? [Any])
        try #require(expected.count == documents.count)
        var accepted = 0
        for (document, reference) in zip(documents, expected) {
            guard case .success(let records) = CSVRecords.parse(Array(document.utf8), file: "r.csv") else { continue }
            accepted += 1
            // Python reads a blank line as no fields, posture as one empty field.
            let ours = records.map { $0.blank ? [] : $0.fields }
            #expect(reference as? [[String]] == ours, "seed \(seed), document \(String(reflecting: document))")
        }
        print("roster CSV differential: \(documents.count) documents, \(accepted) accepted by posture, all read alike by Python")
        #expect(accepted > 300, "the generator should mostly write valid CSV")
    }
}
