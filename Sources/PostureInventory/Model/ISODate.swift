import Foundation

/// ISO 8601 dates as inventories write them: `2026-11-30`, `2026-11-30T07:08:00Z`, with offsets
/// or fractions.
public enum ISODate {
    public static func parse(_ text: String) -> Date? {
        // A calendar date alone is read strictly: Foundation would roll 2027-02-30 over to 2 March.
        if text.utf8.count == 10 { return CalendarDate.parse(text) }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    public static func string(epochSeconds: Int) -> String {
        format(Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
    }
}
