import Foundation
import PostureInventory

/// The report's own style and script, and the Content-Security-Policy that allows exactly these
/// two (by hash) and nothing from the network.
enum HTMLAssets {
    static let style = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --paper: #ffffff; --soft: #f5f7fa;
          --pass: #1f7a43; --fail: #b42318; --warn: #b54708; --info: #3b5bdb; --na: #667085; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
          color: var(--ink); background: var(--soft); }
        main { max-width: 1120px; margin: 0 auto; padding: 24px; }
        header.top { display: flex; justify-content: space-between; gap: 16px; flex-wrap: wrap; align-items: baseline; }
        h1 { font-size: 26px; margin: 0; } h2 { font-size: 20px; margin: 32px 0 12px; }
        h3 { font-size: 16px; margin: 0; }
        .muted, .meta { color: var(--muted); } .meta { font-size: 13px; }
        code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; }
        .verdict { display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 24px; margin-top: 16px; border-left: 8px solid var(--na); }
        .verdict.passed { border-left-color: var(--pass); } .verdict.failed { border-left-color: var(--fail); }
        .verdict.incomplete { border-left-color: var(--warn); background: #fffaf0; }
        .score { font-size: 56px; font-weight: 700; line-height: 1; } .score small { font-size: 20px; color: var(--muted); }
        .grade { font-size: 18px; font-weight: 600; margin-top: 6px; }
        .gate { font-weight: 700; font-size: 17px; } .gate.passed { color: var(--pass); } .gate.failed { color: var(--fail); }
        .warning { color: var(--warn); font-weight: 600; }
        meter { width: 100%; height: 12px; }
        .chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; padding: 0; list-style: none; }
        .chip { border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px; font-size: 13px; background: var(--soft); }
        .chip b { font-variant-numeric: tabular-nums; }
        .sev, .state { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 700;
          text-transform: uppercase; letter-spacing: .02em; color: #fff; background: var(--na); }
        .sev.critical { background: #7a0916; } .sev.high { background: var(--fail); } .sev.medium { background: var(--warn); }
        .sev.low { background: var(--info); } .sev.info { background: var(--na); }
        .state.pass { background: var(--pass); } .state.fail { background: var(--fail); } .state.error, .state.unknown { background: var(--warn); }
        .state.waived { background: #6941c6; } .state.not_applicable { background: var(--na); }
        table { width: 100%; border-collapse: collapse; font-size: 14px; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .practice-desc { color: var(--muted); font-size: 13px; }
        article.rule { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px; margin: 10px 0; }
        article.rule.fail { border-left: 5px solid var(--fail); } article.rule.error, article.rule.unknown { border-left: 5px solid var(--warn); }
        article.rule.waived { border-left: 5px solid #6941c6; }
        article.rule header { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
        .reason { margin: 6px 0; font-weight: 500; }
        .fix { background: var(--soft); border-radius: 6px; padding: 8px 10px; white-space: pre-wrap; margin: 6px 0; }
        .evidence { margin: 8px 0; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; font-size: 14px; }
        dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
        ul.compact { margin: 4px 0; padding-left: 18px; } ul.compact li { margin: 2px 0; }
        details.group > summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
        #filters { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; margin: 12px 0; }
        #filters input[type=search] { padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; min-width: 260px; }
        .hidden-by-filter { display: none; }
        footer { margin: 40px 0 16px; color: var(--muted); font-size: 12px; }
        @media (max-width: 720px) { .verdict { grid-template-columns: 1fr; } }
        .charts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-top: 16px; }
        .charts figure, figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 6px; }
        svg.chart { width: 100%; max-width: 100%; height: auto; font: 12px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
        svg.chart text { fill: var(--ink); } svg.trend-chart { max-width: 760px; }
        svg.chart rect.sev-critical { fill: #7a0916; } svg.chart rect.sev-high { fill: var(--fail); }
        svg.chart rect.sev-medium { fill: var(--warn); } svg.chart rect.sev-low { fill: var(--info); }
        .expired-waiver { border: 2px dashed var(--fail); border-radius: 6px; padding: 6px 10px; color: var(--fail); }
        .nowrap, .chip, .sev, .state, .verdict-label { white-space: nowrap; }
        .verdict-label { font-weight: 700; } .verdict-label.not-met { color: var(--fail); }
        .verdict-label.not-judged { color: var(--warn); } .verdict-label.met { color: var(--pass); }
        .verdict-label.waived { color: #6941c6; } .verdict-label.not-applicable { color: var(--na); }
        .verdict-label::before { content: "■ "; } .verdict-label.met::before { content: "✓ "; } .verdict-label.not-met::before { content: "✗ "; }
        .verdict-label.not-judged::before { content: "? "; } .verdict-label.not-applicable::before { content: "– "; }
        .rule-state { display: inline-block; margin: 0 10px 2px 0; white-space: nowrap; } .state-text { font-size: 12px; color: var(--muted); }
        .state-text.fail { color: var(--fail); font-weight: 700; } .state-text.error, .state-text.unknown { color: var(--warn); font-weight: 700; }
        table.practices td:first-child { min-width: 16em; }
        article.rule.brief { padding: 8px 14px; }
        article.rule.brief .meta { margin: 2px 0; }
        /* Break long tokens (paths, package lists) only where nothing else fits, never inside words of prose. */
        td, dd, .reason, .fix { overflow-wrap: break-word; word-break: normal; hyphens: none; }
        @media (max-width: 900px) { .charts { grid-template-columns: 1fr; } }
        .print-only { display: none; } .fix-label { font-weight: 600; color: var(--muted); }
        .rule-foot { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; }
        .rule-foot p { margin: 2px 0; }
        @media print {
          @page { size: A4; margin: 10mm 10mm 12mm; }
          body { background: #fff; font-size: 8pt; line-height: 1.3; } main { max-width: none; padding: 0; }
          h1 { font-size: 16pt; } h2 { font-size: 12pt; margin: 10pt 0 4pt; } h3 { font-size: 9.5pt; }
          .meta, code, .mono, th, .chip, .practice-desc { font-size: 7pt; } .score { font-size: 30pt; }
          p { margin: 3pt 0; } .card { padding: 6pt 9pt; }
          table { font-size: 7.5pt; } th, td { padding: 1.5pt 5pt; } dl.facts { font-size: 7.5pt; }
          #filters, .screen-only { display: none; } .print-only { display: block; }
          .card, article.rule { break-inside: auto; border-radius: 0; box-shadow: none; }
          .verdict, figure, tr, article.rule.brief, .rule-foot { break-inside: avoid; }
          .verdict { margin-top: 6pt; gap: 12pt; grid-template-columns: 190px minmax(0, 1fr); }
          article.rule { padding: 4pt 8pt; margin: 4pt 0; }
          article.rule.brief { padding: 2pt 8pt; margin: 2pt 0; }
          .fix { padding: 3pt 6pt; margin: 2pt 0; }
          .evidence { margin: 3pt 0; }
          /* A card may split, but its header stays with its first rows. */
          article.rule header, article.rule .reason, .evidence thead, .fix-label { break-after: avoid; }
          .evidence thead { display: table-header-group; }
          h2, h3 { break-after: avoid; }
          .charts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8pt; margin-top: 6pt; }
          svg.chart { max-height: 42mm; }
          table.practices td:first-child { width: 64%; min-width: 0; } table.practices th { white-space: normal; }
          .practice-desc { display: inline; } .practice-desc::before { content: " — "; }
          details.group { display: block; } details.group > summary { list-style: none; }
          .hidden-by-filter { display: block; } a { color: inherit; text-decoration: none; }
        }
        """

    /// Filtering and search, added only when JavaScript runs; everything is visible without it.
    static let script = """
        (function () {
          document.documentElement.setAttribute("data-enhanced", "true");
          var rules = Array.prototype.slice.call(document.querySelectorAll("article.rule"));
          var bar = document.getElementById("filters");
          if (!bar || rules.length === 0) { return; }
          var states = ["fail", "error", "unknown", "waived", "not_applicable", "pass"];
          var shown = {};
          var search = document.createElement("input");
          search.type = "search";
          search.placeholder = "Search rules, hosts, files, users";
          search.setAttribute("aria-label", "Search the results");
          bar.appendChild(search);
          states.forEach(function (state) {
            var label = document.createElement("label");
            var box = document.createElement("input");
            box.type = "checkbox"; box.checked = true; shown[state] = true;
            box.addEventListener("change", function () { shown[state] = box.checked; apply(); });
            label.appendChild(box);
            label.appendChild(document.createTextNode(" " + state.replace("_", " ")));
            bar.appendChild(label);
          });
          function apply() {
            var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
            rules.forEach(function (rule) {
              var text = rule.getAttribute("data-search") || "";
              var match = shown[rule.getAttribute("data-state")] && words.every(function (w) { return text.indexOf(w) >= 0; });
              rule.classList.toggle("hidden-by-filter", !match);
            });
          }
          search.addEventListener("input", apply);
        })();
        """

    static func hash(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(Array(text.utf8))
        return "'sha256-" + Data(hasher.finalize()).base64EncodedString() + "'"
    }

    /// No network, no plugins, no forms; only the inline style and script above, by hash.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src \(hash(style)); script-src \(hash(script)); " + "img-src data:; base-uri 'none'; form-action 'none'"
}
