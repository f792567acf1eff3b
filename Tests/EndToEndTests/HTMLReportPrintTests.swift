import Foundation
import Testing

/// The printed report, as Chromium's "Save as PDF" makes it and pdfinfo counts it: the demo and a
/// host-sized report (long evidence lists, many accounts) each fit in 12 pages.
@Suite("The HTML report in print", .enabled(if: printTestsEnabled))
struct HTMLReportPrintTests {
    static let demo = repositoryRoot.appending(path: "Reports/examples/demo-workstation.inventory.json")
    static let maximumPages = 12

    func render(_ inventory: URL, in folder: URL, name: String) throws -> URL {
        let page = folder.appending(path: "\(name).html")
        let result = try posture(
            "scan", "--inventory", inventory.path, "--now", "2026-11-30T00:00:00Z", "--roster",
            repositoryRoot.appending(path: "Reports/examples/demo-roster.csv").path, "--attestations",
            repositoryRoot.appending(path: "Reports/examples/demo-attestations.yaml").path, "--format", "html", "--output", page.path)
        #expect([0, 1].contains(result.status), "\(result.stderr)")
        return page
    }

    @Test("the demo report prints in at most 12 pages")
    func demoPages() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pages = try pageCount(try printToPDF(try render(Self.demo, in: folder, name: "demo")))
        #expect(pages <= Self.maximumPages, "the demo prints in \(pages) pages")
    }

    /// The demo grown to a real workstation's size: 150 pending updates (the list that took eight
    /// pages), 60 accounts and 400 packages.
    static func hostSized(in folder: URL) throws -> URL {
        var inventory = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: demo)) as? [String: Any])
        var updates = try #require(inventory["updates"] as? [String: Any])
        var pending = try #require(updates["pending"] as? [[String: Any]])
        for index in 0..<150 {
            pending.append([
                "name": "library-package-with-a-long-name-\(index)", "installed": "1.\(index).0-1+deb12u1",
                "candidate": "1.\(index).1-1+deb12u1", "security": index % 3 == 0, "origin": "Debian-Security:12/stable-security",
            ])
        }
        updates["pending"] = pending
        inventory["updates"] = updates
        var accounts = try #require(inventory["accounts"] as? [[String: Any]])
        for index in 0..<60 {
            accounts.append([
                "name": "agent\(index)", "uid": 2000 + index, "gid": 2000 + index, "home": "/home/agent\(index)", "shell": "/bin/bash",
                "interactive": true, "locked": false, "password": "set", "last_login": "2026-11-20T09:00:00Z", "groups": ["agents"],
            ])
        }
        inventory["accounts"] = accounts
        var packages = try #require(inventory["packages"] as? [[String: Any]])
        for index in 0..<400 {
            packages.append(["name": "pkg\(index)", "version": "1.0-\(index)", "arch": "amd64", "manager": "dpkg"])
        }
        inventory["packages"] = packages
        let file = folder.appending(path: "host-sized.json")
        try JSONSerialization.data(withJSONObject: inventory).write(to: file)
        return file
    }

    @Test("a host-sized report prints in at most 12 pages, long lists summarised")
    func hostSizedPages() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try render(try Self.hostSized(in: folder), in: folder, name: "host")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("First 10 of 153 items shown; the JSON report lists the first 50 and counts all 153."))
        #expect(html.contains("First 5 of 153 items shown"))
        #expect(html.components(separatedBy: "at most 25 pending updates").count - 1 <= 1, "the expectation is said once")
        let pages = try pageCount(try printToPDF(page))
        #expect(pages <= Self.maximumPages, "the host-sized report prints in \(pages) pages")
    }
}
