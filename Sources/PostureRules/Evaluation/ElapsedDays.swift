import Foundation

/// How old something is, in the one unit rules speak: whole days of elapsed time, rounded down
/// (floor). Every age bound (`max_age_days`, `min_age_days`, `max_signature_age_days`,
/// `max_list_age_days`, `max_idle_days`, an attestation's `max_age_days`) compares this number, so
/// a date 7 days 23 hours old is 7 days old everywhere: it passes a bound of 7 and fails 6.
/// A date in the future has a negative age.
public enum ElapsedDays {
    public static let secondsPerDay: TimeInterval = 86_400

    /// Whole days from `date` to `now`, rounded down.
    public static func since(_ date: Date, now: Date) -> Int {
        let days = (now.timeIntervalSince(date) / secondsPerDay).rounded(.down)
        // Clamped so a hostile date (year 1 or 9999) cannot trap the conversion.
        return Int(max(min(days, Double(Int32.max)), Double(Int32.min)))
    }
}
