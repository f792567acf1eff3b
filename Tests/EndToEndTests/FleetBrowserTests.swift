import Foundation
import Testing

@Suite("The fleet report in a real browser", .enabled(if: chromium != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
struct FleetBrowserTests {
    @Test("every section renders with the counts of the JSON, links resolve, and nothing is requested")
    func rendersOffline() throws {
        let fleet = try GeneratedFleet()
        defer { try? FileManager.default.removeItem(at: fleet.folder) }
        #expect(try fleet.report().status == 0)
        let page = fleet.out.appending(path: "fleet.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.firstMatch(of: /https?:\/\//) == nil, "the fleet report names no network URL")
        let (dom, requests) = try loadInChromium(page)
        for section in ["verdict", "trend", "practices", "requirements", "rules", "worst", "changes", "stale", "hosts"] {
            #expect(dom.contains("<section id=\"\(section)\""), "section \(section)")
        }
        let json = try fleet.json()
        let verdict = try #require(json["verdict"] as? [String: Any])
        for (key, field) in [
            ("hosts", "hosts"), ("judged", "judged"), ("passing", "passing"), ("failing", "failing"),
            ("stale", "stale"), ("never-scanned", "never_scanned"),
        ] {
            let shown = dom.firstMatch(of: try Regex("data-count=\"\(key)\"><b>([0-9]+)</b>"))?.output[1].substring
            #expect(shown.map(String.init) == (verdict[field] as? Int).map(String.init), "\(key)")
        }
        let hosts = try #require(json["hosts"] as? [Any])
        #expect(dom.matches(of: /<tr data-host=/).count == hosts.count)
        let rules = try #require(json["rules"] as? [[String: Any]])
        #expect(dom.matches(of: /<details class="rule" open=""/).count == rules.count, "open, so a printout lists the hosts")
        #expect(dom.matches(of: /<svg class="chart"/).count == 3)
        // Links to the hosts' own reports are relative and point at files that exist.
        let links = html.matches(of: /href="([^"]+)"/).map { String($0.output.1) }
        #expect(!links.isEmpty)
        for link in links {
            #expect(!link.contains(":"), "\(link)")
            let target = fleet.out.appending(path: link.removingPercentEncoding ?? link).standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: target.path), "\(link)")
        }
        // The page names no URL (above), so the only thing it can load is itself; Chromium's own
        // background requests (updates, time) are in the log too and are not the page's.
        #expect(requests.filter { $0.hasPrefix("file:") }.allSatisfy { $0 == page.absoluteString }, "\(requests)")
    }
}
