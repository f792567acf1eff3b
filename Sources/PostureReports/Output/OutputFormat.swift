import Foundation

/// A report format, with its file extension and renderer.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, html, sarif, junit, ndjson

    /// A name that is not a format, in the command's words.
    public struct UnknownName: Error, CustomStringConvertible {
        public var description: String
    }

    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .json: "json"
        case .html: "html"
        case .sarif: "sarif"
        case .junit: "junit.xml"
        case .ndjson: "ndjson"
        }
    }

    /// `history` (earlier reports of the host) adds the HTML report's trend.
    public func render(_ report: Report, html: HTMLReporter?, history: ReportHistory = ReportHistory()) throws -> Data {
        switch self {
        case .text: Data(TextReporter.render(report).utf8)
        case .json: try JSONReporter.render(report)
        case .html: (try html ?? HTMLReporter()).render(report, history: history)
        case .sarif: try SARIFReporter.render(report)
        case .junit: JUnitReporter.render(report)
        case .ndjson: try NDJSONReporter.render(report)
        }
    }

    /// `json,sarif` → [.json, .sarif], or an error naming the bad one.
    public static func list(_ text: String) throws(UnknownName) -> [OutputFormat] {
        var formats: [OutputFormat] = []
        for name in text.split(separator: ",") {
            guard let format = OutputFormat(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw UnknownName(description: "--format '\(name)' is not one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            formats.append(format)
        }
        return formats
    }
}
