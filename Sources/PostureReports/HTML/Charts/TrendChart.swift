/// Score and coverage over time as an inline SVG line chart (0–100). Score is a solid line with
/// round marks, coverage a dashed line with square marks, each point labelled with its value, so the
/// two read apart without colour. Values in, an escaped SVG string out.
public enum TrendChart {
    /// One scan.
    public struct Point: Sendable {
        /// The x-axis label (a date).
        public var label: String
        public var score: Double?
        public var coverage: Double?

        public init(label: String, score: Double?, coverage: Double?) {
            self.label = label
            self.score = score
            self.coverage = coverage
        }
    }

    public static func svg(title: String, points: [Point], width: Double = 640, height: Double = 220) -> String {
        let left = 36.0
        let right = 16.0
        let top = 24.0
        let bottom = 40.0
        // Points sit inside the grid by `inset`, so the first and last labels neither touch the
        // axis numbers nor run off the edge.
        let inset = 36.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let step = points.count > 1 ? (plotWidth - 2 * inset) / Double(points.count - 1) : 0
        func x(_ index: Int) -> Double { left + (points.count > 1 ? inset + Double(index) * step : plotWidth / 2) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - min(100, max(0, value)) / 100) }
        var svg =
            "<svg class=\"chart trend-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
            + "viewBox=\"0 0 \(SVGText.number(width)) \(SVGText.number(height))\" width=\"\(SVGText.number(width))\" "
            + "height=\"\(SVGText.number(height))\" aria-label=\"\(SVGText.escape(title))\"><title>\(SVGText.escape(title))</title>"
        for tick in stride(from: 0.0, through: 100, by: 25) {
            svg +=
                "<line x1=\"\(SVGText.number(left))\" x2=\"\(SVGText.number(width - right))\" y1=\"\(SVGText.number(y(tick)))\" y2=\"\(SVGText.number(y(tick)))\" stroke=\"#d0d5dd\" stroke-width=\"0.5\"/>"
            svg +=
                "<text x=\"\(SVGText.number(left - 6))\" y=\"\(SVGText.number(y(tick) + 4))\" text-anchor=\"end\" font-size=\"10\">\(SVGText.number(tick))</text>"
        }
        // Label at most about 8 dates so they never overlap.
        let every = max(1, (points.count + 7) / 8)
        for (index, point) in points.enumerated() where index % every == 0 || index == points.count - 1 {
            svg +=
                "<text x=\"\(SVGText.number(x(index)))\" y=\"\(SVGText.number(height - bottom + 16))\" text-anchor=\"middle\" font-size=\"10\">\(SVGText.escape(point.label))</text>"
        }
        svg += series(points.map(\.coverage), x: x, y: y, dashed: true, square: true)
        svg += series(points.map(\.score), x: x, y: y, dashed: false, square: false)
        let legendY = height - 6
        svg +=
            "<line x1=\"\(SVGText.number(left))\" x2=\"\(SVGText.number(left + 24))\" y1=\"\(SVGText.number(legendY - 4))\" y2=\"\(SVGText.number(legendY - 4))\" stroke=\"#1d2330\" stroke-width=\"2\"/>"
        svg += "<text x=\"\(SVGText.number(left + 30))\" y=\"\(SVGText.number(legendY))\" font-size=\"11\">score</text>"
        svg +=
            "<line x1=\"\(SVGText.number(left + 90))\" x2=\"\(SVGText.number(left + 114))\" y1=\"\(SVGText.number(legendY - 4))\" y2=\"\(SVGText.number(legendY - 4))\" stroke=\"#667085\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
        svg += "<text x=\"\(SVGText.number(left + 120))\" y=\"\(SVGText.number(legendY))\" font-size=\"11\">coverage %</text>"
        return svg + "</svg>"
    }

    /// One line; a scan without a value breaks it (never drawn as zero).
    private static func series(
        _ values: [Double?], x: (Int) -> Double, y: (Double) -> Double, dashed: Bool, square: Bool
    ) -> String {
        let stroke = dashed ? "#667085" : "#1d2330"
        var svg = ""
        var run: [String] = []
        func flush() {
            if run.count > 1 {
                svg +=
                    "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"5 3\"" : "") points=\"\(run.joined(separator: " "))\"/>"
            }
            run = []
        }
        for (index, value) in values.enumerated() {
            guard let value, value.isFinite else {
                flush()
                continue
            }
            let px = x(index)
            let py = y(value)
            run.append("\(SVGText.number(px)),\(SVGText.number(py))")
            svg +=
                square
                ? "<rect x=\"\(SVGText.number(px - 3))\" y=\"\(SVGText.number(py - 3))\" width=\"6\" height=\"6\" fill=\"#fff\" stroke=\"\(stroke)\"/>"
                : "<circle cx=\"\(SVGText.number(px))\" cy=\"\(SVGText.number(py))\" r=\"3\" fill=\"\(stroke)\"/>"
            svg +=
                "<text x=\"\(SVGText.number(px))\" y=\"\(SVGText.number(square ? py + 14 : py - 7))\" text-anchor=\"middle\" font-size=\"10\">\(SVGText.number(value))</text>"
        }
        flush()
        return svg
    }
}
