/// A small line chart as inline SVG: one value per day, posture's own markup only (the day labels
/// are escaped), presentation attributes instead of inline styles so the report's CSP holds, and
/// no xmlns (inline SVG in HTML needs none, and the report names no URL).
struct FleetTrendChart {
    var title: String
    /// Values by day, oldest first; nil where nothing was measured that day.
    var points: [(day: String, value: Double?)]
    /// The top of the scale (100 for percentages, or the largest count).
    var maximum: Double
    var unit: String
    var color: String

    static let width = 340.0
    static let height = 150.0
    static let left = 44.0
    static let right = 12.0
    static let top = 14.0
    static let bottom = 26.0

    var svg: String {
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let scale = maximum > 0 ? maximum : 1
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        func x(_ index: Int) -> Double { Self.left + (points.count > 1 ? Double(index) * step : plotWidth / 2) }
        func y(_ value: Double) -> Double { Self.top + plotHeight * (1 - min(max(value / scale, 0), 1)) }
        var out = """
            <svg class="chart" role="img" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" width="\(Int(Self.width))" \
            height="\(Int(Self.height))"><title>\(Self.escape(title))</title>
            """
        for fraction in [0.0, 0.5, 1.0] {
            let lineY = y(scale * fraction)
            out +=
                "<line x1=\"\(Self.left)\" y1=\"\(Self.number(lineY))\" x2=\"\(Self.width - Self.right)\" y2=\"\(Self.number(lineY))\" stroke=\"#d9dee7\"/>"
            out += "<text x=\"\(Self.left - 6)\" y=\"\(Self.number(lineY + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b6475\">"
            out += "\(Self.number(scale * fraction))\(Self.escape(unit))</text>"
        }
        var path = ""
        for (index, point) in points.enumerated() {
            guard let value = point.value else { continue }
            path += (path.isEmpty ? "M" : " L") + "\(Self.number(x(index))) \(Self.number(y(value)))"
        }
        if !path.isEmpty { out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>" }
        for (index, point) in points.enumerated() {
            guard let value = point.value else { continue }
            out += "<circle cx=\"\(Self.number(x(index)))\" cy=\"\(Self.number(y(value)))\" r=\"2.5\" fill=\"\(color)\">"
            out += "<title>\(Self.escape(point.day)): \(Self.number(value))\(Self.escape(unit))</title></circle>"
        }
        if let first = points.first, let last = points.last {
            let labelY = Self.number(Self.height - 8)
            out += "<text x=\"\(Self.left)\" y=\"\(labelY)\" font-size=\"11\" fill=\"#5b6475\">\(Self.escape(first.day))</text>"
            out += "<text x=\"\(Self.width - Self.right)\" y=\"\(labelY)\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b6475\">"
            out += "\(Self.escape(last.day))</text>"
        }
        return out + "</svg>"
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
