import Foundation
import PostureInventory
import Testing

@testable import PostureReports
@testable import PostureRules

/// Host strings leave posture masked and, for terminals and logs, with control characters escaped.
@Suite("Host text: masking and escaping")
struct HostTextTests {
    @Test(
        "card numbers and SSNs in names and paths are masked like contents",
        arguments: [
            ("refund_4111111111111111.txt", "refund_411111******1111.txt"),
            ("refund4111111111111111.txt", "refund411111******1111.txt"),
            ("/home/a/4111-1111-1111-1111/x", "/home/a/411111******1111/x"),
            ("4111 1111 1111 1111", "411111******1111"),
            ("amex 378282246310005", "amex 378282*****0005"),
            ("ssn_123-45-6789.csv", "ssn_***-**-6789.csv"),
            ("ssn_123_45_6789.csv", "ssn_***-**-6789.csv"),
            ("4111111111111111 123-45-6789", "411111******1111 ***-**-6789"),
            // Not numbers of either kind: left alone.
            ("4111111111111112", "4111111111111112"),
            ("000-12-3456 666-12-3456", "000-12-3456 666-12-3456"),
            ("2026-11-30T00:00:00Z", "2026-11-30T00:00:00Z"),
            ("sha256:4111111111111111abcdef0123456789abcdef0123456789", "sha256:4111111111111111abcdef0123456789abcdef0123456789"),
        ])
    func masks(input: String, expected: String) {
        #expect(HostText.mask(input) == expected)
        // Idempotent: masking a masked string changes nothing (fingerprints rely on it).
        #expect(HostText.mask(expected) == expected)
    }

    @Test("control characters are escaped; line breaks too unless kept")
    func escapes() {
        #expect(HostText.escapingControls("ws\u{1B}[31mred\u{07}") == "ws\\x1b[31mred\\x07")
        #expect(HostText.escapingControls("a\nb") == "a\\x0ab")
        #expect(HostText.escapingControls("a\nb\tc", keepingLineBreaks: true) == "a\nb\tc")
        #expect(HostText.escapingControls("csi\u{9B}x") == "csi\\u{9b}x")
        #expect(HostText.escapingControls("plain ü") == "plain ü")
    }

    @Test("a report built from hostile host text holds it masked, and prints it escaped")
    func reportModel() throws {
        let (ruleSet, _) = RuleLoader.load()
        let set = try #require(ruleSet)
        let evidence = Evidence(
            subject: "/home/a/refund_4111111111111111.txt", location: "/home/a/refund_4111111111111111.txt:3",
            seen: "1 card number, e.g. 411111******1111")
        let rule = RuleInfo(
            id: "card", title: "Cards", category: "technology", practice: "technology/minimize-access", severity: .critical,
            weight: 10, rationale: "", remediation: "", references: [], source: "x.yaml:1:1")
        let result = RuleResult(rule: rule, state: .fail, reason: "1 in /home/a", evidence: [evidence], evidenceTotal: 1)
        let assessment = Scoring.assess([result], taxonomy: set.taxonomy)
        let date = Date(timeIntervalSince1970: 1_796_083_200)
        let report = Report(
            assessment: assessment,
            inventory: Inventory(
                host: HostFacts(hostname: "ws-6011000990139424\u{1B}]0;owned\u{07}\nposture: gate passed", source: "root")),
            ruleSet: set, selection: RuleSelection(), inventoryPath: nil, scannerVersion: "9", startedAt: date,
            finishedAt: date, evaluatedAt: date, reproducible: true, gate: GatePolicy().judge(assessment))
        let json = String(decoding: try JSONReporter.render(report), as: UTF8.self)
        let sarif = String(decoding: try SARIFReporter.render(report), as: UTF8.self)
        let junit = String(decoding: JUnitReporter.render(report), as: UTF8.self)
        let text = TextReporter.render(report)
        let log = TextReporter.logLine(report, written: ["/r/x.json"])
        for output in [json, sarif, junit, text, log] {
            #expect(!output.contains("4111111111111111"))
            #expect(!output.contains("6011000990139424"))
        }
        #expect(json.contains("refund_411111******1111.txt"))
        #expect(!text.contains("\u{1B}") && text.contains("\\x1b]0;owned\\x07\\x0aposture: gate passed"))
        #expect(!log.contains("\n") && !log.contains("\u{1B}"))
    }

    @Test(
        "SARIF artifact URIs are RFC 3986: a colon in a name is no line, and # % space are encoded",
        arguments: [
            ("/home/a/notes:2024.txt", "file:///home/a/notes%3A2024.txt", nil),
            ("/home/a/notes:2024.txt:7", "file:///home/a/notes%3A2024.txt", 7),
            ("/home/a/Q3 #1 50%.txt:2", "file:///home/a/Q3%20%231%2050%25.txt", 2),
            ("/home/a/é?.txt", "file:///home/a/%C3%A9%3F.txt", nil),
        ] as [(String, String, Int?)])
    func sarifURIs(location: String, uri: String, line: Int?) throws {
        let value = SARIFReporter.location(host: "h", evidence: Evidence(location: location))
        guard case .object(let members) = value, case .object(let physical)? = members["physicalLocation"],
            case .object(let artifact)? = physical["artifactLocation"], case .string(let written)? = artifact["uri"]
        else {
            Issue.record("no physical location in \(value)")
            return
        }
        #expect(written == uri)
        let startLine: Double? = {
            if case .object(let region)? = physical["region"], case .number(let number)? = region["startLine"] { return number }
            return nil
        }()
        #expect(startLine == line.map(Double.init))
        // Decoding the URI gives the path back.
        let path = line == nil ? location : String(location[..<(location.lastIndex(of: ":") ?? location.endIndex)])
        #expect(URL(string: written)?.path == path)
    }
}
