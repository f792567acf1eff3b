import Foundation
import Testing

/// The trend: earlier reports of the same host (from --history, or the --out-dir folder) give a
/// score and coverage line and the findings new since the last scan; reports of other hosts and
/// files that are not reports are passed over.
@Suite("The HTML report's trend", .enabled(if: browserTestsEnabled))
struct HTMLTrendTests {
    static let demo = repositoryRoot.appending(path: "Reports/examples/demo-workstation.inventory.json")

    func scan(_ inventory: String, epoch: Int, _ extra: String...) throws -> RunResult {
        try run(
            postureBinary, ["scan", "--inventory", inventory, "--now", "2026-11-30T00:00:00Z", "--fail-on", "none"] + extra,
            environment: ["SOURCE_DATE_EPOCH": String(epoch)])
    }

    @Test("--history: three earlier scans and this one, and what is new since the last")
    func history() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = folder.appending(path: "history")
        try FileManager.default.createDirectory(at: history, withIntermediateDirectories: true)
        // Earlier scans had telnet removed (fewer failures), then back.
        var inventory = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.demo)) as? [String: Any])
        let packages = try #require(inventory["packages"] as? [[String: Any]])
        inventory["packages"] = packages.filter { $0["name"] as? String != "telnet" }
        let cleaner = folder.appending(path: "cleaner.json")
        try JSONSerialization.data(withJSONObject: inventory).write(to: cleaner)
        for (day, input) in [(1, cleaner.path), (8, Self.demo.path), (15, cleaner.path)] {
            let output = history.appending(path: "agent-ws-042-day\(day).json")
            let result = try scan(input, epoch: 1_793_491_200 + day * 86_400, "--format", "json", "--output", output.path)
            #expect(result.status == 0, "\(result.stderr)")
        }
        // Not reports, or another host's: passed over.
        try "not json".write(to: history.appending(path: "junk.json"), atomically: true, encoding: .utf8)
        var other = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.demo)) as? [String: Any])
        var host = try #require(other["host"] as? [String: Any])
        host["hostname"] = "another-desk"
        other["host"] = host
        let otherInventory = folder.appending(path: "other.json")
        try JSONSerialization.data(withJSONObject: other).write(to: otherInventory)
        _ = try scan(
            otherInventory.path, epoch: 1_793_491_200 + 10 * 86_400, "--format", "json", "--output",
            history.appending(path: "another.json").path)
        let page = folder.appending(path: "now.html")
        let result = try scan(
            Self.demo.path, epoch: 1_793_491_200 + 22 * 86_400, "--format", "html", "--history", history.path, "--output", page.path)
        #expect(result.status == 0, "\(result.stderr)")
        let (dom, _) = try loadInChromium(page, javaScript: false)
        #expect(dom.contains("<h2 id=\"trend\">Trend</h2>"))
        #expect(dom.contains("This host over 4 scans since 2026-11-0"), "three earlier scans of this host and this one")
        #expect(dom.contains("<svg class=\"chart trend-chart\""))
        #expect(dom.components(separatedBy: "<circle ").count - 1 == 4, "one score mark per scan")
        let new = try #require(dom.firstMatch(of: /<h3>New since the last scan \((\d+)\)<\/h3>[\s\S]*?<\/ul>/))
        #expect(Int(new.output.1) ?? 0 >= 1)
        #expect(String(new.output.0).contains("telnet"))
    }

    @Test("--out-dir: the second scheduled run's HTML shows the first in its trend")
    func outDir() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for day in [1, 2] {
            // File names carry the wall-clock second the run started; two runs must not share one.
            if day == 2 { Thread.sleep(forTimeInterval: 1.1) }
            let result = try scan(Self.demo.path, epoch: 1_793_491_200 + day * 86_400, "--out-dir", folder.path, "--format", "json,html")
            #expect(result.status == 0, "\(result.stderr)")
        }
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count == 2)
        let first = try String(contentsOf: folder.appending(path: pages[0]), encoding: .utf8)
        let second = try String(contentsOf: folder.appending(path: pages[1]), encoding: .utf8)
        #expect(!first.contains("id=\"trend\""))
        #expect(second.contains("This host over 2 scans"))
    }

    @Test("--history must be a folder")
    func historyMustBeAFolder() throws {
        let result = try posture("scan", "--inventory", Self.demo.path, "--format", "html", "--history", "/nonexistent-folder")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--history '/nonexistent-folder' is not a folder"))
    }
}
