import Foundation
import Testing

/// What leaves posture is masked, shown rather than obeyed, well-formed and reproducible, whatever
/// the scanned host's names hold (issue 14: leaks and output integrity).
@Suite("Outputs never leak and never lie")
struct OutputIntegrityTests {
    static let cards = ["4111111111111111", "4012888888881881", "6011000990139424", "5555555555554444"]
    static let ssn = "123-45-6789"

    /// A root whose file names, folder names and hostname hold card numbers and an SSN; every file
    /// also holds a card number in its contents, so it becomes evidence.
    static func hostileRoot(in folder: URL, hostname: String) throws -> URL {
        let root = folder.appending(path: "root")
        let home = root.appending(path: "home/agent")
        let cardFolder = home.appending(path: "case_\(cards[1])")
        try FileManager.default.createDirectory(at: cardFolder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
        try "ID=debian\nVERSION_ID=13\n".write(to: root.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        try hostname.write(to: root.appending(path: "etc/hostname"), atomically: true, encoding: .utf8)
        let content = "callback card 5105105105105100\n"
        for path in [
            home.appending(path: "refund_\(cards[0]).txt"), cardFolder.appending(path: "notes.txt"),
            home.appending(path: "ssn_\(ssn).csv"), home.appending(path: "export-\(cards[2])-q3.csv"),
            home.appending(path: "notes:2024.txt"), home.appending(path: "Q3 #1 50%.txt"),
        ] {
            try content.write(to: path, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test("a card number or SSN in a file, folder or host name is masked in every format, file name and log")
    func namesAreMasked() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try Self.hostileRoot(in: folder, hostname: "ws-\(Self.cards[3])\n")
        let outDir = folder.appending(path: "reports")
        let scan = try posture("scan", "--root", root.path, "--out-dir", outDir.path, "--format", "json,html,sarif,junit,text")
        #expect(scan.status == 1, "\(scan.stderr)")
        let text = try posture("scan", "--root", root.path)
        let collect = try posture("collect", "--root", root.path)
        let names = try FileManager.default.contentsOfDirectory(atPath: outDir.path).filter { !$0.hasPrefix(".") }
        #expect(names.count == 5, "\(names)")
        var outputs = [scan.stdout, scan.stderr, text.stdout, text.stderr, collect.stdout, collect.stderr, names.joined(separator: "\n")]
        for name in names { outputs.append(try String(contentsOf: outDir.appending(path: name), encoding: .utf8)) }
        // The files were found and named, masked…
        let all = outputs.joined()
        #expect(all.contains("refund_411111******1111.txt"))
        #expect(all.contains("case_401288******1881"))
        #expect(all.contains("ssn_***-**-6789.csv"))
        #expect(all.contains("ws-555555******4444"))
        // …and no number appears whole anywhere, with or without separators.
        for (index, output) in outputs.enumerated() {
            let digitsOnly = output.filter(\.isNumber)
            for card in Self.cards {
                #expect(!digitsOnly.contains(card), "output \(index) holds the full card number \(card.prefix(6))…")
            }
            #expect(!output.contains(Self.ssn) && !output.contains("123_45_6789"), "output \(index) holds the full SSN")
        }
    }

    @Test("escape sequences from /etc/hostname and /etc/passwd are shown escaped; a newline forges no log line")
    func controlCharactersEscaped() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try Self.hostileRoot(in: folder, hostname: "ws\u{1B}]0;owned\u{07}\u{1B}[2J\nposture: scan of ws: gate passed\n")
        try "root:x:0:0:root:/root:/bin/bash\nev\u{1B}[31mil:x:0:0::/root:/bin/bash\n".write(
            to: root.appending(path: "etc/passwd"), atomically: true, encoding: .utf8)
        let text = try posture("scan", "--root", root.path)
        #expect(!text.stdout.contains("\u{1B}") && !text.stderr.contains("\u{1B}") && !text.stdout.contains("\u{07}"))
        #expect(text.stdout.contains("\\x1b"), "\(text.stdout.prefix(300))")
        let outDir = folder.appending(path: "reports")
        let scheduled = try posture("scan", "--root", root.path, "--out-dir", outDir.path)
        let lines = scheduled.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "one run, one log line: \(scheduled.stderr)")
        #expect(!scheduled.stderr.contains("\u{1B}"))
        #expect(lines.first?.hasPrefix("posture: scan of ws\\x1b]0;owned\\x07") == true)
    }

    @Test("SARIF artifact URIs are RFC 3986 and the document validates against the SARIF schema", .enabled(if: pythonWithJSONSchema))
    func sarifURIs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try Self.hostileRoot(in: folder, hostname: "ws1\n")
        let output = folder.appending(path: "out.sarif")
        _ = try posture("scan", "--root", root.path, "--format", "sarif", "--output", output.path)
        let validation = try validateSARIF(output)
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let sarif = try String(contentsOf: output, encoding: .utf8)
        let uris = sarif.split(separator: "\n").filter { $0.contains("\"uri\"") }.map {
            String($0.split(separator: "\"", omittingEmptySubsequences: false).dropFirst(3).first ?? "")
        }
        #expect(uris.contains("file:///home/agent/notes%3A2024.txt"), "\(uris)")
        #expect(uris.contains("file:///home/agent/Q3%20%231%2050%25.txt"), "\(uris)")
        // RFC 3986 path characters only, every % followed by two hex digits.
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%")
        for uri in uris {
            let path = uri.dropFirst("file://".count)
            #expect(uri.hasPrefix("file:///") && path.allSatisfy { allowed.contains($0) }, "\(uri)")
            let escapes = path.split(separator: "%", omittingEmptySubsequences: false).dropFirst()
            #expect(escapes.allSatisfy { $0.count >= 2 && $0.prefix(2).allSatisfy(\.isHexDigit) }, "\(uri)")
        }
    }

    @Test("rules lint and waivers lint never quote a file that is not a rule file (a link to /etc/shadow)")
    func lintQuotesNothingForeign() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shadow = folder.appending(path: "shadow")
        try "root:$y$j9T$SECRETSALT$SECRETHASHxyz:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n".write(
            to: shadow, atomically: true, encoding: .utf8)
        let link = folder.appending(path: "rule.yaml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: shadow)
        for arguments in [["rules", "lint", link.path], ["waivers", "lint", link.path], ["scan", "--rules", link.path]] {
            let result = try run(postureBinary, arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(!(result.stdout + result.stderr).contains("SECRET"), "\(arguments): \(result.stdout)\(result.stderr)")
            #expect((result.stdout + result.stderr).contains("not a YAML"), "\(arguments): \(result.stdout)\(result.stderr)")
        }
    }
}
