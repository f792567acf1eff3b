/// A horizontal bar chart as inline SVG: one labelled row per value, the value printed at the bar's
/// end, so it reads without colour and in print. Values in, an escaped SVG string out.
public enum BarChart {
    /// One row.
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        /// What is printed beside the bar (defaults to the value).
        public var valueText: String?
        /// A CSS class for the bar's fill (the page's stylesheet may colour it); the fill default is grey.
        public var style: String?

        public init(label: String, value: Double, valueText: String? = nil, style: String? = nil) {
            self.label = label
            self.value = value
            self.valueText = valueText
            self.style = style
        }
    }

    /// - Parameters:
    ///   - title: the chart's accessible name (also its `<title>`).
    ///   - maximum: the value a full-width bar stands for (nil: the largest value, at least 1).
    public static func svg(title: String, bars: [Bar], maximum: Double? = nil, width: Double = 520) -> String {
        let rowHeight = 22.0
        // Wide enough for the longest label (about 6.6 px a character at 12 px), at most half the chart.
        let longest = Double(bars.map(\.label.count).max() ?? 0)
        let labelWidth = min(width * 0.5, max(60, longest * 6.6 + 12))
        let valueWidth = 48.0
        let barSpace = max(40, width - labelWidth - valueWidth)
        let top = maximum ?? max(1, bars.map(\.value).max() ?? 1)
        let height = max(rowHeight, Double(bars.count) * rowHeight)
        var svg =
            "<svg class=\"chart bar-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
            + "viewBox=\"0 0 \(SVGText.number(width)) \(SVGText.number(height))\" width=\"\(SVGText.number(width))\" "
            + "height=\"\(SVGText.number(height))\" aria-label=\"\(SVGText.escape(title))\"><title>\(SVGText.escape(title))</title>"
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight
            let value = max(0, bar.value.isFinite ? bar.value : 0)
            let length = top > 0 ? min(1, value / top) * barSpace : 0
            let style = bar.style.map { " class=\"\(SVGText.escape($0))\"" } ?? ""
            svg +=
                "<text x=\"\(SVGText.number(labelWidth - 8))\" y=\"\(SVGText.number(y + 15))\" text-anchor=\"end\">\(SVGText.escape(bar.label))</text>"
            svg +=
                "<rect x=\"\(SVGText.number(labelWidth))\" y=\"\(SVGText.number(y + 4))\" width=\"\(SVGText.number(barSpace))\" height=\"14\" fill=\"none\" stroke=\"#98a2b3\" stroke-width=\"0.5\"/>"
            svg +=
                "<rect\(style) x=\"\(SVGText.number(labelWidth))\" y=\"\(SVGText.number(y + 4))\" width=\"\(SVGText.number(length))\" height=\"14\" fill=\"#475467\"/>"
            let text = bar.valueText ?? SVGText.number(value)
            svg += "<text x=\"\(SVGText.number(labelWidth + barSpace + 6))\" y=\"\(SVGText.number(y + 15))\">\(SVGText.escape(text))</text>"
        }
        return svg + "</svg>"
    }
}
