import Foundation
import Testing

/// A report with every state an auditor can meet — pass, fail, error, unknown, not applicable,
/// waived, an expired waiver, and a baseline with new, fixed and still-failing findings — read back
/// from the DOM Chromium builds, with JavaScript on and off.
@Suite("The HTML report shows every state", .enabled(if: browserTestsEnabled))
struct HTMLReportStatesTests {
    static let demo = repositoryRoot.appending(path: "Reports/examples/demo-workstation.inventory.json")
    static let now = "2026-11-30T00:00:00Z"

    /// Writes the every-state inputs into `folder`; returns the scan arguments that use them.
    static func everyStateScan(in folder: URL) throws -> [String] {
        var inventory = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: demo)) as? [String: Any])
        // error: a probe that failed; unknown: a family not collected.
        inventory["collection_errors"] = [["fact": "settings.sshd", "reason": "sshd_config:3: Bad configuration option"]]
        inventory.removeValue(forKey: "antivirus")
        let current = folder.appending(path: "current.json")
        try JSONSerialization.data(withJSONObject: inventory).write(to: current)
        // The baseline saw rsh-client (fixed since), not telnet (new since); tftp-hpa fails in both.
        var earlier = inventory
        var packages = try #require(earlier["packages"] as? [[String: Any]])
        let telnet = try #require(packages.firstIndex { $0["name"] as? String == "telnet" })
        packages[telnet]["name"] = "rsh-client"
        earlier["packages"] = packages
        let earlierInventory = folder.appending(path: "earlier.json")
        try JSONSerialization.data(withJSONObject: earlier).write(to: earlierInventory)
        let baseline = folder.appending(path: "baseline.report.json")
        let saved = try posture(
            "scan", "--inventory", earlierInventory.path, "--now", now, "--format", "json", "--output", baseline.path,
            "--fail-on", "none")
        #expect(saved.status == 0, "\(saved.stderr)")
        let waivers = folder.appending(path: "waivers.yaml")
        try """
        waivers:
          - rule: host-firewall-active
            reason: break-glass access until the bastion is live
            owner: it-security@example.com
            expires: 2027-03-31
          - rule: volumes-encrypted
            reason: re-encrypted during the autumn refresh
            owner: desktop-team@example.com
            expires: 2026-10-01
        """.write(to: waivers, atomically: true, encoding: .utf8)
        return [
            "scan", "--inventory", current.path, "--now", now, "--roster",
            repositoryRoot.appending(path: "Reports/examples/demo-roster.csv").path,
            "--waivers", waivers.path, "--baseline", baseline.path,
        ]
    }

    struct Rendered {
        var report: [String: Any]
        var results: [[String: Any]]
        var page: URL
    }

    static func render(in folder: URL) throws -> Rendered {
        let arguments = try everyStateScan(in: folder)
        let json = folder.appending(path: "report.json")
        let page = folder.appending(path: "report.html")
        for (format, output) in [("json", json), ("html", page)] {
            let result = try run(postureBinary, arguments + ["--format", format, "--output", output.path])
            #expect(result.status == 1, "\(result.stderr)")
        }
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        return Rendered(report: report, results: results, page: page)
    }

    func ids(_ results: [[String: Any]], _ states: String...) -> [String] {
        results.filter { states.contains($0["state"] as? String ?? "") }.compactMap { ($0["rule"] as? [String: Any])?["id"] as? String }
    }

    @Test("each state has its own section, heading, count and cards", arguments: [true, false])
    func everySection(javaScript: Bool) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Self.render(in: folder)
        let (dom, _) = try loadInChromium(rendered.page, javaScript: javaScript)
        #expect(dom.contains("data-enhanced") == javaScript)
        let sections: [(id: String, heading: String, states: [String])] = [
            ("failed", "Failed", ["fail"]), ("not-judged", "Not judged: errors and unknowns", ["error", "unknown"]),
            ("waived", "Waived", ["waived"]), ("not-applicable", "Not applicable", ["not_applicable"]), ("passed", "Passed", ["pass"]),
        ]
        var seen = 0
        for (id, heading, states) in sections {
            let expected = rendered.results.filter { states.contains($0["state"] as? String ?? "") }
            #expect(!expected.isEmpty, "the fixture has no \(states) result")
            let body = try #require(section(id, in: dom), "no section \(id)")
            #expect(body.contains("<h2>\(heading) (\(expected.count))</h2>"), "section \(id): \(body.prefix(200))")
            let cards = body.matches(of: /<article class="rule [^"]*" id="rule-([a-z0-9.-]+)"/).map { String($0.output.1) }
            let expectedIDs = expected.compactMap { ($0["rule"] as? [String: Any])?["id"] as? String }
            #expect(Set(cards) == Set(expectedIDs) && cards.count == expectedIDs.count, "section \(id)")
            seen += cards.count
        }
        #expect(seen == rendered.results.count, "every rule appears exactly once")
        for state in ["fail", "error", "unknown", "waived", "not_applicable", "pass"] {
            #expect(!ids(rendered.results, state).isEmpty, "the fixture has a \(state) result")
        }
    }

    @Test("the expired waiver is listed and marked on its rule; the live one says what it covers")
    func waivers() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Self.render(in: folder)
        let (dom, _) = try loadInChromium(rendered.page, javaScript: false)
        let expired = try #require(section("expired-waivers", in: dom))
        #expect(expired.contains("<h2>Expired waivers (1)</h2>"))
        #expect(expired.contains("<code>volumes-encrypted</code></a>: expired 2026-10-01, owner desktop-team@example.com"))
        let card = try #require(dom.firstMatch(of: /<article[^>]*id="rule-volumes-encrypted"[\s\S]*?<\/article>/)).output
        #expect(card.contains("Expired waiver:"), "\(card)")
        #expect(card.contains("ended on 2026-10-01") && card.contains("counts as fail"))
        #expect(!card.contains("Waived ()"))
        let waived = try #require(section("waived", in: dom))
        #expect(waived.contains("Waived (the rule reached fail) until 2027-03-31 by it-security@example.com"))
    }

    @Test("the baseline box labels new, fixed and still failing, and says what it counts")
    func baseline() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Self.render(in: folder)
        let (dom, _) = try loadInChromium(rendered.page)
        let box = try #require(dom.firstMatch(of: /<div class="card baseline">[\s\S]*?<\/div>/)).output
        let diff = try #require(rendered.report["baseline"] as? [String: Any])
        let counts = [
            "new": (diff["new"] as? [Any])?.count ?? -1, "fixed": (diff["fixed"] as? [Any])?.count ?? -1,
            "still": (diff["still_failing"] as? [Any])?.count ?? -1,
        ]
        #expect(counts["new"]! >= 1 && counts["fixed"]! >= 1 && counts["still"]! >= 1, "\(counts)")
        #expect(box.contains("<h3>New (\(counts["new"]!))</h3>"))
        #expect(box.contains("<h3>Fixed (\(counts["fixed"]!))</h3>"))
        #expect(box.contains("<h3>Still failing (\(counts["still"]!))</h3>"))
        #expect(box.contains("counting findings (one per failed evidence item"))
        let newList = String(box.split(separator: "<h3>Fixed").first ?? "")
        #expect(newList.contains("telnet") && !newList.contains("rsh-client"))
        let fixedList = String(box.split(separator: "<h3>Fixed").last?.split(separator: "<h3>Still").first ?? "")
        #expect(fixedList.contains("rsh-client"))
        #expect(box.components(separatedBy: "<li>").count - 1 == counts.values.reduce(0, +), "each finding once")
    }

    @Test("the header says when facts were collected and when they were judged; no empty brackets")
    func header() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Self.render(in: folder)
        let (dom, _) = try loadInChromium(rendered.page, javaScript: false)
        #expect(dom.contains("facts collected 2026-11-29"))
        #expect(dom.contains("judged 2026-11-30T00:00:00Z"))
        #expect(!dom.contains("()"), "an empty bracket: \(dom.ranges(of: "()").count)")
        #expect(!dom.contains("`"), "backticks shown literally")
        #expect(dom.contains("Set <code>PermitRootLogin no</code>"))
        #expect(dom.contains("Grade bands: A 90–100"))
        #expect(dom.contains("<th class=\"num\">Not applicable</th>"))
    }
}
