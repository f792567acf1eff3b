import Foundation

/// A strict ISO 8601 calendar date, `YYYY-MM-DD`, as midnight UTC. Foundation's parser rolls
/// impossible days over (`2027-02-30` becomes 2 March), which would quietly move a waiver's
/// expiry or a sign-off's date; this one refuses every day the calendar does not have.
public enum CalendarDate {
    /// The years read: the Gregorian calendar's, from its first full year. Foundation writes earlier
    /// dates in the Julian calendar, so a day before 1583 would be shown as another day than read.
    public static let years = 1583...9999

    /// The date, or nil unless the text is exactly four digits, `-`, two, `-`, two, naming a real
    /// day of a year in `years` (Gregorian leap years).
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        guard let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]) else {
            return nil
        }
        guard years.contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch(year: year, month: month, day: day)) * 86_400)
    }

    /// Why `text` is not a calendar date, for a diagnostic ("… is not a real day: February 2027 has 28 days").
    public static func problem(_ text: String) -> String {
        let bytes = Array(text.utf8)
        if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10])
        {
            if !years.contains(year) { return "'\(text)' is outside the years \(years.lowerBound) to \(years.upperBound)" }
            if !(1...12).contains(month) { return "'\(text)' has no month \(month); expected a date like 2027-01-31" }
            let days = daysIn(month: month, year: year)
            if day < 1 || day > days {
                return
                    "'\(text)' is not a day of the calendar (month \(month) of \(year) has \(days) days); expected a date like 2027-01-31"
            }
        }
        return "'\(text)' is not a date like 2027-01-31 (YYYY-MM-DD)"
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the date (proleptic Gregorian), by the civil-from-days method.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
