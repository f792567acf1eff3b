import Foundation
import Mustache
import PostureInventory
import PostureRules

/// The auditor's report: one self-contained HTML file, rendered from an auto-escaping Mustache
/// template (built in, or `--template-dir`). Its only script and style are inline and allowed by
/// hash in a Content-Security-Policy that forbids every network request; with JavaScript off the
/// whole report is still there (the script only adds filtering and search).
public struct HTMLReporter: Sendable {
    public static let builtinTemplates = ["report": "Reports/templates/report.mustache", "rule": "Reports/templates/rule.mustache"]

    public struct TemplateError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The largest template file read from --template-dir.
    public static let maximumTemplateBytes = 4 * 1024 * 1024

    let library: MustacheLibrary

    /// The built-in template.
    public init() throws(TemplateError) {
        var texts: [String: String] = [:]
        for (name, path) in Self.builtinTemplates {
            guard let text = BuiltinReportContent.file(path) else {
                throw TemplateError(description: "the built-in HTML template \(path) is missing from this build")
            }
            texts[name] = text
        }
        library = try Self.library(texts, origin: "Reports/templates")
    }

    /// Templates from a folder: `report.mustache` and any partials beside it (a missing `rule`
    /// partial is taken from the built-in templates).
    public init(templateDirectory: String) throws(TemplateError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: templateDirectory)) ?? []
        var texts: [String: String] = [:]
        if let rule = BuiltinReportContent.file(Self.builtinTemplates["rule"]!) { texts["rule"] = rule }
        for name in names where name.hasSuffix(".mustache") {
            let path = templateDirectory + "/" + name
            guard case .success(let text) = TextFile.read(path, maximumBytes: Self.maximumTemplateBytes) else {
                throw TemplateError(description: "\(path):1:1: error: cannot read the template")
            }
            texts[String(name.dropLast(".mustache".count))] = text
        }
        guard texts["report"] != nil else {
            throw TemplateError(description: "\(templateDirectory): error: no report.mustache in the template folder")
        }
        library = try Self.library(texts, origin: templateDirectory)
    }

    private static func library(_ texts: [String: String], origin: String) throws(TemplateError) -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(text, named: name)
            } catch {
                throw TemplateError(description: "\(origin)/\(name).mustache: error: the template does not parse: \(error)")
            }
        }
        return library
    }

    /// The page; `history` (earlier reports of the host) adds the trend.
    public func render(_ report: Report, history: ReportHistory = ReportHistory()) -> Data {
        let html = library.render(HTMLViewModel.make(report, history: history), withTemplate: "report") ?? ""
        return Data(html.utf8)
    }
}
