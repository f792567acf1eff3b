import Foundation
import Testing

/// The planted URLs all point here; a request to it means the page loaded something it must not.
let plantedHost = "127.0.0.1:9"

@Suite("The HTML report in a real browser", .enabled(if: browserTestsEnabled))
struct HTMLReportTests {
    let demo = repositoryRoot.appending(path: "Reports/examples/demo-workstation.inventory.json").path

    func render(_ inventory: String, in folder: URL, name: String = "report.html") throws -> URL {
        let output = folder.appending(path: name)
        let result = try posture(
            "scan", "--inventory", inventory, "--now", "2026-11-30T00:00:00Z", "--format", "html",
            "--output", output.path)
        #expect([0, 1].contains(result.status), "\(result.stderr)")
        return output
    }

    @Test("the demo report renders its summary, runs its own script under the CSP, and requests nothing")
    func demoRenders() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try render(demo, in: folder)
        let (dom, requests) = try loadInChromium(page)
        #expect(dom.contains("Security posture of agent-ws-042"))
        #expect(dom.contains("Gate failed"))
        #expect(dom.contains("data-enhanced=\"true\""), "the inline script is allowed by its hash and ran")
        #expect(dom.contains("type=\"search\""), "filtering is added by the script")
        #expect(!requests.contains { $0.contains(plantedHost) })
        #expect(requests.filter { $0.hasPrefix("file:") }.allSatisfy { $0 == page.absoluteString })
    }

    @Test("readable with JavaScript off: every result is there, no controls that do nothing")
    func withoutJavaScript() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A browser with JavaScript off never runs the script: remove it and look at what is left.
        let rendered = try render(demo, in: folder)
        let html = try String(contentsOf: rendered, encoding: .utf8)
        let page = folder.appending(path: "no-script.html")
        try html.replacing(/<script>[\s\S]*<\/script>/, with: "").write(to: page, atomically: true, encoding: .utf8)
        let (dom, _) = try loadInChromium(page)
        #expect(!dom.contains("data-enhanced"))
        #expect(!dom.contains("type=\"search\""))
        let rules = try posture("rules", "list").stdout.split(separator: "\n").count
        #expect(dom.components(separatedBy: "<article class=\"rule").count - 1 == rules)
    }

    @Test("a hostile inventory runs no script, adds no element and loads nothing")
    func hostileInventory() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var inventory = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: demo))) as? [String: Any])
        let payload =
            "\"><script>document.title='pwned'</script><img src=\"http://\(plantedHost)/img.png\" "
            + "onerror=\"document.title='pwned'\"><svg onload=\"document.title='pwned'\"></svg>"
        var host = inventory["host"] as? [String: Any] ?? [:]
        host["hostname"] = "ws" + payload
        var os = host["os"] as? [String: Any] ?? [:]
        os["pretty_name"] = "Debian' onmouseover='document.title=\"pwned\"' x='<iframe src=\"http://\(plantedHost)/frame\"></iframe>"
        host["os"] = os
        inventory["host"] = host
        var accounts = inventory["accounts"] as? [[String: Any]] ?? []
        accounts[3]["name"] = "temp</td></tr></table><script>document.title='pwned'</script>"
        inventory["accounts"] = accounts
        var packages = inventory["packages"] as? [[String: Any]] ?? []
        packages[5]["name"] = "telnet<link rel=\"stylesheet\" href=\"http://\(plantedHost)/style.css\">"
        inventory["packages"] = packages
        var files = inventory["files"] as? [[String: Any]] ?? []
        files.append(["path": "/etc/x\"><style>body{background:url(http://\(plantedHost)/css.png)}</style>", "exists": true])
        inventory["files"] = files
        var sudo = inventory["sudo"] as? [[String: Any]] ?? []
        sudo[1]["principal"] =
            "maria<base href=\"http://\(plantedHost)/\"><meta http-equiv=\"refresh\" content=\"0;url=http://\(plantedHost)/r\">"
        inventory["sudo"] = sudo
        let hostile = folder.appending(path: "hostile.json")
        try JSONSerialization.data(withJSONObject: inventory).write(to: hostile)
        let page = try render(hostile.path, in: folder)
        let (dom, requests) = try loadInChromium(page)
        #expect(dom.contains("Security posture of ws\"&gt;&lt;script&gt;"), "the payload shows as text")
        #expect(dom.components(separatedBy: "<script").count - 1 == 1, "only posture's own script")
        // posture's own charts are the only SVG: one per chart, each opened by its class.
        #expect(dom.components(separatedBy: "<svg").count == dom.components(separatedBy: "<svg class=\"chart ").count)
        for tag in ["<img", "<svg onload", "<iframe", "<link", "<base", "<style>body"] {
            #expect(!dom.contains(tag), "an injected \(tag) element")
        }
        #expect(dom.contains("data-enhanced=\"true\""))
        let title = dom.firstMatch(of: /<title>([^<]*)<\/title>/).map { String($0.output.1) } ?? ""
        #expect(title != "pwned" && title != "1", "a script changed the title to \(title)")
        #expect(title.hasPrefix("posture report: ws\"&gt;&lt;script&gt;document.title="), "the title is the escaped hostname")
        #expect(!requests.contains { $0.contains(plantedHost) }, "\(requests.filter { $0.contains(plantedHost) })")
    }

    @Test("positive control: the same detection sees a request when a page does load one")
    func detectionWorks() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appending(path: "control.html")
        try "<!DOCTYPE html><title>control</title><img src=\"http://\(plantedHost)/control.png\">"
            .write(to: page, atomically: true, encoding: .utf8)
        let (_, requests) = try loadInChromium(page)
        #expect(requests.contains { $0.contains("\(plantedHost)/control.png") })
    }

    @Test("a template folder replaces the built-in template; a broken one is refused with exit 2")
    func customTemplate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appending(path: "templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "<html><body><h1>ACME audit: {{host}}</h1>{{#failed}}<p>{{id}}</p>{{/failed}}</body></html>"
            .write(to: templates.appending(path: "report.mustache"), atomically: true, encoding: .utf8)
        let output = folder.appending(path: "custom.html")
        let result = try posture(
            "scan", "--inventory", demo, "--format", "html", "--template-dir", templates.path,
            "--output", output.path)
        #expect(result.status == 1)
        let html = try String(contentsOf: output, encoding: .utf8)
        #expect(html.hasPrefix("<html><body><h1>ACME audit: agent-ws-042</h1>"))
        #expect(html.contains("<p>accounts-single-uid-zero</p>"))
        try "{{#failed}}unclosed".write(to: templates.appending(path: "report.mustache"), atomically: true, encoding: .utf8)
        let broken = try posture("scan", "--inventory", demo, "--format", "html", "--template-dir", templates.path)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("report.mustache: error: the template does not parse"))
    }
}
