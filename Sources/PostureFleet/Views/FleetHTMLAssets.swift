import Foundation
import PostureInventory

/// The fleet report's own style and the Content-Security-Policy it is served under: the same
/// policy as the host report (nothing from the network, no plugins, no forms), and no script at
/// all, so the only inline content allowed is this style, by hash.
enum FleetHTMLAssets {
    static let style = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --paper: #ffffff; --soft: #f5f7fa;
          --pass: #1f7a43; --fail: #b42318; --warn: #b54708; --info: #3b5bdb; --na: #667085; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
          color: var(--ink); background: var(--soft); }
        main { max-width: 1120px; margin: 0 auto; padding: 24px; }
        h1 { font-size: 26px; margin: 0; } h2 { font-size: 20px; margin: 32px 0 12px; } h3 { font-size: 16px; margin: 12px 0 4px; }
        .meta, .muted { color: var(--muted); } .meta { font-size: 13px; }
        code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; }
        .verdict { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; margin-top: 16px; }
        .tile { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
        .tile b { display: block; font-size: 30px; line-height: 1.1; font-variant-numeric: tabular-nums; }
        .tile.bad { border-left: 6px solid var(--fail); } .tile.good { border-left: 6px solid var(--pass); }
        .tile.warn { border-left: 6px solid var(--warn); }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; } .chart { max-width: 100%; height: auto; }
        figure { margin: 0; } figcaption { font-weight: 600; font-size: 14px; }
        table { width: 100%; border-collapse: collapse; font-size: 14px; background: var(--paper); }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.name, li.host { word-break: break-all; }
        .sev { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 700;
          text-transform: uppercase; color: #fff; background: var(--na); }
        .sev.critical { background: #7a0916; } .sev.high { background: var(--fail); } .sev.medium { background: var(--warn); }
        .sev.low { background: var(--info); }
        .state-fail { color: var(--fail); font-weight: 600; } .state-pass { color: var(--pass); } .state-stale { color: var(--warn); font-weight: 600; }
        ul.compact { margin: 4px 0; padding-left: 18px; columns: 3 220px; } ul.compact li { margin: 2px 0; }
        details.rule { background: var(--paper); border: 1px solid var(--line); border-left: 5px solid var(--fail); border-radius: 8px;
          padding: 8px 14px; margin: 8px 0; }
        details.rule > summary { cursor: pointer; }
        footer { margin: 40px 0 16px; color: var(--muted); font-size: 12px; }
        @media print {
          body { background: #fff; font-size: 10pt; } main { max-width: none; padding: 0; }
          details.rule { break-inside: avoid; } details.rule > summary { list-style: none; }
          tr, .tile, figure { break-inside: avoid; } h2 { break-after: avoid; } a { color: inherit; text-decoration: none; }
        }
        """

    static func hash(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(Array(text.utf8))
        return "'sha256-" + Data(hasher.finalize()).base64EncodedString() + "'"
    }

    static let contentSecurityPolicy =
        "default-src 'none'; style-src \(hash(style)); script-src 'none'; img-src data:; base-uri 'none'; form-action 'none'"
}
