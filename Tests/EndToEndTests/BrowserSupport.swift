import Foundation
import Testing

/// The browser oracle: headless Chromium renders and prints the HTML report; poppler's pdfinfo
/// and pdftoppm read what it printed. In CI (`CI=true`) a missing tool fails the tests instead of
/// skipping them.
let runningInCI = ProcessInfo.processInfo.environment["CI"] == "true"

let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
let pdfinfo = ["/usr/bin/pdfinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }
let pdftoppm = ["/usr/bin/pdftoppm"].first { FileManager.default.isExecutableFile(atPath: $0) }

let browserTestsEnabled = chromium != nil || runningInCI
let printTestsEnabled = (chromium != nil && pdfinfo != nil) || runningInCI

func requireChromium() throws -> URL {
    URL(fileURLWithPath: try #require(chromium, "chromium is not installed (Scripts/test installs it)"))
}

/// Loads a page in headless Chromium; returns the DOM after scripts ran and the URLs it requested.
/// With `javaScript: false` the page is loaded without its script, as a browser with JavaScript
/// off shows it (Chromium's own switch for that also stops --dump-dom from printing anything).
func loadInChromium(_ page: URL, javaScript: Bool = true) throws -> (dom: String, requests: [String]) {
    var page = page
    if !javaScript {
        let html = try String(contentsOf: page, encoding: .utf8)
        page = page.deletingPathExtension().appendingPathExtension("no-script.html")
        try html.replacing(/<script>[\s\S]*?<\/script>/, with: "").write(to: page, atomically: true, encoding: .utf8)
    }
    let netLog = page.deletingLastPathComponent().appending(path: "\(page.lastPathComponent).netlog.json")
    var arguments = [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--log-net-log=\(netLog.path)",
        "--user-data-dir=\(profile(beside: page))",
        "--virtual-time-budget=3000",
    ]
    arguments += ["--dump-dom", page.absoluteString]
    let result = try run(try requireChromium(), arguments)
    let log = (try? String(contentsOf: netLog, encoding: .utf8)) ?? ""
    let requests = log.matches(of: /"url":"([^"]+)"/).map { String($0.output.1) }
    return (result.stdout, requests)
}

/// A browser profile of its own for each run: tests run in parallel, and Chromium instances that
/// share a profile give up on all but the first.
func profile(beside page: URL) -> String {
    page.deletingLastPathComponent().appending(path: "chromium-profile-\(UUID().uuidString)").path
}

/// Prints a page to PDF the way a reader's "Save as PDF" does (A4 default, no browser header).
func printToPDF(_ page: URL) throws -> URL {
    let pdf = page.deletingPathExtension().appendingPathExtension("pdf")
    let result = try run(
        try requireChromium(),
        [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
            "--user-data-dir=\(profile(beside: page))",
            "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ])
    #expect(FileManager.default.fileExists(atPath: pdf.path), "chromium printed nothing: \(result.stderr)")
    return pdf
}

/// The page count pdfinfo reads.
func pageCount(_ pdf: URL) throws -> Int {
    let tool = URL(fileURLWithPath: try #require(pdfinfo, "pdfinfo is not installed (poppler-utils; Scripts/test installs it)"))
    let info = try run(tool, [pdf.path])
    let pages = info.stdout.firstMatch(of: /Pages:\s+(\d+)/).flatMap { Int($0.output.1) }
    return try #require(pages, "pdfinfo: \(info.stdout) \(info.stderr)")
}

/// The text of the section of `dom` that opens at `<section … id="ID">`, up to its close.
func section(_ id: String, in dom: String) -> String? {
    guard let start = dom.range(of: "id=\"\(id)\"") else { return nil }
    let rest = dom[start.upperBound...]
    guard let end = rest.range(of: "</section>") else { return nil }
    return String(rest[..<end.lowerBound])
}
