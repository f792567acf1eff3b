import Foundation
import PostureInventory
import Testing

@testable import PostureReports
@testable import PostureRules

/// The HTML report's parts that are plain functions: charts, the requirement verdict, inline code.
@Suite("HTML report parts")
struct HTMLPartsTests {
    @Test("charts escape every label and draw nothing from outside")
    func chartsEscape() {
        let hostile = "<script>alert(1)</script>\"'&"
        let bars = BarChart.svg(title: hostile, bars: [BarChart.Bar(label: hostile, value: 3, valueText: hostile, style: "x\"y")])
        let trend = TrendChart.svg(title: hostile, points: [TrendChart.Point(label: hostile, score: 50, coverage: nil)])
        for svg in [bars, trend] {
            #expect(!svg.contains("<script"))
            #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"))
            #expect(!svg.contains("href") && !svg.contains("url("))
        }
        #expect(bars.contains("class=\"x&quot;y\""))
    }

    @Test("a bar never exceeds its track, and NaN or negative values draw as zero")
    func barBounds() {
        let svg = BarChart.svg(
            title: "t",
            bars: [BarChart.Bar(label: "a", value: 500), BarChart.Bar(label: "b", value: .nan), BarChart.Bar(label: "c", value: -4)],
            maximum: 100, width: 520)
        let widths = svg.matches(of: /<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="14" fill="#475467"/).compactMap {
            Double($0.output.1)
        }
        #expect(widths.count == 3)
        #expect(widths[1] == 0 && widths[2] == 0)
        #expect(widths[0] <= 520)
    }

    @Test("a missing score breaks the trend line instead of dropping to zero")
    func trendGaps() {
        let svg = TrendChart.svg(
            title: "t",
            points: [
                .init(label: "1", score: 50, coverage: 100), .init(label: "2", score: nil, coverage: nil),
                .init(label: "3", score: 70, coverage: 90),
            ])
        #expect(!svg.contains("<polyline"), "no two consecutive values to join")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2)
    }

    @Test(
        "a requirement's verdict: any fail is not met, then undecided, waived, met, not applicable",
        arguments: [
            ([ResultState.pass, .fail, .unknown], RequirementView.Verdict.notMet),
            ([.pass, .error], .notJudged), ([.pass, .unknown, .waived], .notJudged),
            ([.pass, .waived], .waived), ([.pass, .notApplicable], .met), ([.notApplicable], .notApplicable),
        ])
    func verdict(states: [ResultState], expected: RequirementView.Verdict) {
        #expect(RequirementView.Verdict(states) == expected)
    }

    @Test("requirements sort as numbers: 1.2.9 before 1.2.10, AC-2 before AC-11")
    func order() {
        #expect(RequirementView.precedes("1.2.9", "1.2.10"))
        #expect(!RequirementView.precedes("1.2.10", "1.2.9"))
        #expect(RequirementView.precedes("AC-2", "AC-11"))
        #expect(RequirementView.precedes("8.3", "8.3.1"))
    }

    @Test("backticks become code parts; an unpaired one stays text")
    func inlineCode() {
        let parts = HTMLRuleModel.inlineCode("Set `PermitRootLogin no` in `sshd_config` now `oops")
        let rendered = parts.map { ($0["code"] as? Bool == true ? "[\($0["text"]!)]" : "\($0["text"]!)") }.joined()
        #expect(rendered == "Set [PermitRootLogin no] in [sshd_config] now `oops")
        #expect(HTMLRuleModel.inlineCode("").count == 1)
    }
}
