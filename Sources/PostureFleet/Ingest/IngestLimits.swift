/// How large anything read from a report may be. Real reports are tens of kilobytes (evidence is
/// capped per rule), so these leave room and still bound memory and the store's size.
public enum IngestLimits {
    /// A larger file is rejected unread: a report this size is not one posture wrote.
    public static let maximumReportBytes = 16 * 1024 * 1024
    /// Results in one report.
    public static let maximumResults = 10_000
    /// A hostname (DNS allows 253 characters).
    public static let maximumHostname = 255
    /// Rule ids, practice ids, severities, versions, digests and dates.
    public static let maximumIdentifier = 200
    /// Titles, reasons, rationales, remediations, OS names.
    public static let maximumText = 2_000
    /// Evidence items kept per result, and the length of each item's strings.
    public static let maximumEvidenceItems = 3
    public static let maximumEvidenceText = 300
    /// References kept per rule.
    public static let maximumReferences = 50
    /// Folder depth below each folder given to `fleet ingest`.
    public static let maximumDepth = 16
    /// Reports decoded before they are written in one transaction, and the longest a decoded
    /// report waits for its transaction (so a slow ingest commits as it goes).
    public static let batchSize = 64
    public static let batchSeconds = 0.5

    /// `text` cut to `limit` characters, marked with an ellipsis when cut.
    static func bounded(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
