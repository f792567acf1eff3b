/// The fleet report's Mustache template. `{{ }}` escapes everything; the only unescaped values
/// are posture's own style and its SVG charts (`{{{ }}}`).
enum FleetHTMLTemplate {
    static let text = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="{{csp}}">
        <meta name="referrer" content="no-referrer">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>posture fleet report</title>
        <style>{{{style}}}</style>
        </head>
        <body>
        <main>
        <header>
        <h1>Fleet posture</h1>
        <p class="meta">{{reports}} reports in the store · judged as of {{now}} · a host is stale after {{staleDays}} days without a report</p>
        </header>

        <section id="verdict" aria-label="Fleet verdict">
        <div class="verdict">
        {{#tiles}}<div class="tile {{css}}" data-count="{{key}}"><b>{{value}}</b>{{label}}</div>
        {{/tiles}}
        </div>
        </section>

        <section id="trend">
        <h2>Trend</h2>
        {{#hasTrend}}<div class="charts">{{#charts}}<figure><figcaption>{{title}}</figcaption>{{{svg}}}</figure>{{/charts}}</div>{{/hasTrend}}
        {{^hasTrend}}<p class="muted">No reports in the last 90 days.</p>{{/hasTrend}}
        </section>

        <section id="practices">
        <h2>Practices</h2>
        <table><thead><tr><th>Practice</th><th>Fleet score</th><th>Hosts meeting it</th><th>Share</th></tr></thead><tbody>
        {{#practices}}<tr data-practice="{{id}}"><td>{{title}} <span class="meta mono">{{id}}</span></td><td class="num">{{score}}</td><td class="num">{{meeting}} of {{judged}}</td><td class="num">{{share}}</td></tr>
        {{/practices}}
        </tbody></table>
        </section>

        <section id="requirements">
        <h2>PCI DSS v4.0.1 requirements</h2>
        {{^requirements}}<p class="muted">No rule references a PCI DSS requirement.</p>{{/requirements}}
        {{#hasRequirements}}<table><thead><tr><th>Requirement</th><th>Rules</th><th>Fleet score</th><th>Hosts meeting it</th><th>Share</th></tr></thead><tbody>
        {{#requirements}}<tr data-requirement="{{id}}"><td>{{id}}</td><td class="mono">{{rules}}</td><td class="num">{{score}}</td><td class="num">{{meeting}} of {{judged}}</td><td class="num">{{share}}</td></tr>
        {{/requirements}}
        </tbody></table>{{/hasRequirements}}
        </section>

        <section id="rules">
        <h2>Failing rules</h2>
        {{^rules}}<p class="muted">No rule fails on a judged host.</p>{{/rules}}
        {{#rules}}<details class="rule" open data-rule="{{id}}" data-failing="{{count}}"><summary><span class="sev {{severity}}">{{severity}}</span>
        <b>{{title}}</b> <code>{{id}}</code> · {{count}} host{{plural}} failing</summary>
        <ul class="compact">{{#hosts}}<li class="host">{{name}} <span class="meta">{{scannedAt}}</span></li>{{/hosts}}</ul>
        {{#more}}<p class="meta">and {{more}} more (the JSON and CSV list every host)</p>{{/more}}
        </details>
        {{/rules}}
        </section>

        <section id="worst">
        <h2>Worst hosts</h2>
        <ol>{{#worst}}<li class="host">{{name}} — score {{score}}</li>{{/worst}}</ol>
        </section>

        <section id="changes">
        <h2>Changes since each host's previous report</h2>
        <h3>Got worse ({{gotWorseCount}})</h3>
        {{^gotWorse}}<p class="muted">No host has new failures.</p>{{/gotWorse}}
        <ul>{{#gotWorse}}<li class="host" data-host="{{host}}"><b>{{host}}</b> ({{previous}} → {{scannedAt}}): new failures <code>{{newFailures}}</code>{{#hasFixed}}; fixed <code>{{fixed}}</code>{{/hasFixed}}</li>{{/gotWorse}}</ul>
        <h3>Fixed ({{improvedCount}})</h3>
        {{^improved}}<p class="muted">No host fixed a failure without a new one.</p>{{/improved}}
        <ul>{{#improved}}<li class="host" data-host="{{host}}"><b>{{host}}</b> ({{previous}} → {{scannedAt}}): fixed <code>{{fixed}}</code></li>{{/improved}}</ul>
        </section>

        <section id="stale">
        <h2>Not reporting</h2>
        <h3>Stale ({{staleCount}})</h3>
        {{^stale}}<p class="muted">Every host reported within {{staleDays}} days.</p>{{/stale}}
        <ul class="compact">{{#stale}}<li class="host state-stale">{{.}}</li>{{/stale}}</ul>
        <h3>Never scanned ({{neverCount}})</h3>
        {{^never}}<p class="muted">Every expected host has reported (or no --hosts list was given).</p>{{/never}}
        <ul class="compact">{{#never}}<li class="host state-stale">{{.}}</li>{{/never}}</ul>
        </section>

        <section id="hosts">
        <h2>Hosts ({{hostCount}})</h2>
        <table><thead><tr><th>Host</th><th>Newest report</th><th>Score</th><th>Coverage</th><th>Failed</th><th>Gate</th><th>Report</th></tr></thead><tbody>
        {{#hosts}}<tr data-host="{{name}}"><td class="name">{{name}}<br><span class="meta">{{os}}</span></td><td>{{scannedAt}}{{#stale}} <span class="state-stale">stale</span>{{/stale}}</td>
        <td class="num">{{score}}</td><td class="num">{{coverage}}</td><td class="num">{{failed}}</td>
        <td class="{{gateClass}}">{{gate}}</td><td>{{#link}}<a href="{{link}}">HTML</a>{{/link}}{{^link}}<span class="meta">JSON only</span>{{/link}}</td></tr>
        {{/hosts}}
        </tbody></table>
        </section>

        <footer>posture fleet report · {{schema}} · scores use the published weights (critical 10, high 6, medium 3, low 1).</footer>
        </main>
        </body>
        </html>

        """
}
