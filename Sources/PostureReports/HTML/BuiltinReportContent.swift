/// The report templates and schemas compiled into this module from `Reports/templates/` and
/// `Reports/schemas/` (see Plugins/EmbedBuiltinContent).
public enum BuiltinReportContent {
    /// A built-in file's text by its path in the package (`Reports/templates/report.mustache`).
    public static func file(_ path: String) -> String? {
        BuiltinContent.files.first { $0.path == path }?.text
    }
}
