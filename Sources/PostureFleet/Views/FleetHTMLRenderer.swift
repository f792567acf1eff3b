import Foundation
import Mustache

/// The auditor's view of the fleet: one self-contained, printable HTML file rendered from an
/// auto-escaping template, under a CSP that forbids every network request. Links to each host's
/// own HTML report are relative file paths from the folder the fleet report is written to.
public struct FleetHTMLRenderer: Sendable {
    /// Hosts listed under each failing rule; the JSON and CSV have them all.
    public static let hostsPerRule = 50

    let library: MustacheLibrary

    public init() {
        var library = MustacheLibrary()
        // The template is posture's own and known to parse; a failure here is a build error caught by the tests.
        try? library.register(FleetHTMLTemplate.text, named: "fleet")
        self.library = library
    }

    /// `outputFolder`: where the HTML will be written (absolute), so links can be relative to it.
    public func render(_ snapshot: FleetSnapshot, outputFolder: String) -> Data {
        Data((library.render(Self.model(snapshot, outputFolder: outputFolder), withTemplate: "fleet") ?? "").utf8)
    }

    static func model(_ fleet: FleetSnapshot, outputFolder: String) -> [String: Any] {
        let verdict = fleet.verdict
        func value(_ number: Double?, _ unit: String = "") -> String { number.map { FleetTrendChart.number($0) + unit } ?? "–" }
        let tiles: [[String: Any]] = [
            ["key": "hosts", "label": "hosts", "value": "\(verdict.hosts)", "css": ""],
            ["key": "judged", "label": "judged (recent report)", "value": "\(verdict.judged)", "css": ""],
            ["key": "passing", "label": "passing their gate", "value": "\(verdict.passing)", "css": "good"],
            ["key": "failing", "label": "failing their gate", "value": "\(verdict.failing)", "css": verdict.failing > 0 ? "bad" : ""],
            [
                "key": "stale", "label": "stale (no report in \(value(fleet.staleDays)) days)", "value": "\(verdict.stale)",
                "css": verdict.stale > 0 ? "warn" : "",
            ],
            [
                "key": "never-scanned", "label": "never scanned", "value": "\(verdict.neverScanned)",
                "css": verdict.neverScanned > 0 ? "warn" : "",
            ],
            ["key": "pass-rate", "label": "pass rate", "value": value(verdict.passRate, "%"), "css": ""],
            ["key": "score", "label": "fleet score", "value": value(verdict.score), "css": ""],
            ["key": "coverage", "label": "coverage", "value": value(verdict.coverage, "%"), "css": ""],
        ]
        let days = fleet.trend
        let charts: [[String: Any]] = [
            FleetTrendChart(title: "Fleet score", points: days.map { ($0.day, $0.score) }, maximum: 100, unit: "", color: "#3b5bdb"),
            FleetTrendChart(title: "Coverage", points: days.map { ($0.day, $0.coverage) }, maximum: 100, unit: "%", color: "#1f7a43"),
            FleetTrendChart(
                title: "Hosts failing their gate", points: days.map { ($0.day, Double($0.failingHosts)) },
                maximum: Double(days.map(\.failingHosts).max() ?? 1), unit: "", color: "#b42318"),
        ].map { ["title": $0.title, "svg": $0.svg] }
        func control(_ control: FleetSnapshot.Control) -> [String: Any] {
            [
                "id": control.id, "title": control.title, "rules": control.rules.joined(separator: ", "), "score": value(control.score),
                "meeting": control.hostsMeeting, "judged": control.hostsJudged, "share": value(control.shareMeeting, "%"),
            ]
        }
        let scores = Dictionary(fleet.hosts.map { ($0.name, $0.score) }, uniquingKeysWith: { first, _ in first })
        return [
            "csp": FleetHTMLAssets.contentSecurityPolicy, "style": FleetHTMLAssets.style, "schema": fleet.schema,
            "reports": fleet.reports, "now": fleet.now, "staleDays": value(fleet.staleDays), "tiles": tiles,
            "hasTrend": !days.isEmpty, "charts": charts,
            "practices": fleet.practices.map(control), "requirements": fleet.requirements.map(control),
            "hasRequirements": !fleet.requirements.isEmpty,
            "rules": fleet.rules.map { rule -> [String: Any] in
                [
                    "id": rule.id, "title": rule.title, "severity": rule.severity, "count": rule.failingHosts.count,
                    "plural": rule.failingHosts.count == 1 ? "" : "s",
                    "hosts": rule.failingHosts.prefix(hostsPerRule).map { ["name": $0.name, "scannedAt": $0.scannedAt] },
                    "more": max(0, rule.failingHosts.count - hostsPerRule),
                ]
            },
            "worst": fleet.worstHosts.map { ["name": $0, "score": value(scores[$0] ?? nil)] },
            "gotWorse": fleet.gotWorse.map(change), "gotWorseCount": fleet.gotWorse.count,
            "improved": fleet.improved.map(change), "improvedCount": fleet.improved.count,
            "stale": fleet.staleHosts, "staleCount": fleet.staleHosts.count,
            "never": fleet.neverScanned, "neverCount": fleet.neverScanned.count,
            "hostCount": fleet.hosts.count,
            "hosts": fleet.hosts.map { host -> [String: Any] in
                var row: [String: Any] = [
                    "name": host.name, "os": host.os ?? "", "scannedAt": host.scannedAt, "stale": host.stale,
                    "score": value(host.score), "coverage": value(host.coverage, "%"), "failed": host.failed,
                    "gate": host.gatePassed ? "passed" : "failed", "gateClass": host.gatePassed ? "state-pass" : "state-fail",
                ]
                if let html = host.html { row["link"] = relativeLink(from: outputFolder, to: html) }
                return row
            },
        ]
    }

    static func change(_ change: FleetSnapshot.Change) -> [String: Any] {
        [
            "host": change.host, "scannedAt": change.scannedAt, "previous": change.previousScannedAt,
            "newFailures": change.newFailures.joined(separator: ", "), "fixed": change.fixed.joined(separator: ", "),
            "hasFixed": !change.fixed.isEmpty,
        ]
    }

    /// `../reports/desk-1-….html` from the folder to the file, each part percent-encoded, so no
    /// file name can turn into a scheme (`javascript:`) or a query.
    static func relativeLink(from folder: String, to file: String) -> String {
        let from = folder.split(separator: "/").filter { $0 != "." }
        let to = file.split(separator: "/").filter { $0 != "." }
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        let parts =
            Array(repeating: "..", count: from.count - common)
            + to.dropFirst(common).map { part in
                String(part).addingPercentEncoding(withAllowedCharacters: .urlUnreservedCharacters) ?? ""
            }
        let link = parts.joined(separator: "/")
        return link.hasPrefix("..") ? link : "./" + link
    }
}

extension CharacterSet {
    /// RFC 3986's unreserved characters: letters, digits, `-._~`.
    static let urlUnreservedCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
