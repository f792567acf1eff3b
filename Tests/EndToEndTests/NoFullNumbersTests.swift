import Foundation
import Testing

/// Sensitive numbers leave posture only masked: no output format, log line or inventory may hold
/// one whole, however it was written in the scanned files.
@Suite("No full card number or SSN in any output")
struct NoFullNumbersTests {
    static let cards = ["4111111111111111", "378282246310005", "6011000990139424", "5555555555554444", "3530111333300000"]
    static let ssns = ["123-45-6789", "078-05-1120"]

    @Test("every format, the log line and the inventory, for numbers plain and grouped")
    func nothingLeaks() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appending(path: "root")
        let home = root.appending(path: "home/agent")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
        try "ID=debian\nVERSION_ID=13\n".write(to: root.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        var notes = "Callback list\n"
        for (index, card) in Self.cards.enumerated() {
            // As people write them: plain, in groups of four with spaces, with dashes.
            let grouped = stride(from: 0, to: card.count, by: 4).map { offset -> String in
                let start = card.index(card.startIndex, offsetBy: offset)
                return String(card[start..<(card.index(start, offsetBy: 4, limitedBy: card.endIndex) ?? card.endIndex)])
            }
            notes += ["card \(card)", "card \(grouped.joined(separator: " "))", "card \(grouped.joined(separator: "-"))"][index % 3] + "\n"
        }
        notes += Self.ssns.map { "ssn \($0)" }.joined(separator: "\n") + "\n"
        try notes.write(to: home.appending(path: "notes.txt"), atomically: true, encoding: .utf8)
        try "id,card\n1,\(Self.cards[0])\n".write(to: home.appending(path: "export.csv"), atomically: true, encoding: .utf8)

        let outDir = folder.appending(path: "reports")
        let scan = try posture("scan", "--root", root.path, "--out-dir", outDir.path, "--format", "json,html,sarif,junit,text")
        #expect(scan.status == 1)
        let collect = try posture("collect", "--root", root.path)
        let text = try posture("scan", "--root", root.path)
        var outputs = [scan.stdout, scan.stderr, collect.stdout, collect.stderr, text.stdout, text.stderr]
        for name in try FileManager.default.contentsOfDirectory(atPath: outDir.path) {
            outputs.append(try String(contentsOf: outDir.appending(path: name), encoding: .utf8))
        }
        // The numbers were found…
        #expect(text.stdout.contains("card-numbers-not-stored"))
        #expect(text.stdout.contains("ssns-not-stored"))
        #expect(outputs.joined().contains("411111******1111"))
        // …and appear nowhere whole, with or without separators.
        for output in outputs {
            let digitsOnly = output.filter(\.isNumber)
            for card in Self.cards {
                #expect(!digitsOnly.contains(card), "a full card number \(card.prefix(6))… in an output")
            }
            for ssn in Self.ssns {
                #expect(!output.contains(ssn) && !digitsOnly.contains(ssn.filter(\.isNumber)), "a full SSN in an output")
            }
        }
    }
}
