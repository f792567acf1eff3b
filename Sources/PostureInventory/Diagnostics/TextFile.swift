import Foundation

/// Reads an input file's text the way every loader does: a regular file, no larger than a bound,
/// valid UTF-8; anything else is a diagnostic at its first line.
public enum TextFile {
    public static func read(_ file: String, maximumBytes: Int) -> Result<String, Diagnostic> {
        let start = SourcePosition(file: file, line: 1, column: 1)
        var info = stat()
        guard stat(file, &info) == 0 else {
            return .failure(Diagnostic(start, "cannot read: \(String(cString: strerror(errno)))"))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(Diagnostic(start, "not a regular file")) }
        guard info.st_size <= maximumBytes else {
            return .failure(Diagnostic(start, "file is \(info.st_size) bytes, more than the \(maximumBytes) allowed"))
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failure(Diagnostic(start, "cannot read: permission denied or I/O error"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(Diagnostic(start, "file is not valid UTF-8"))
        }
        return .success(text)
    }
}
