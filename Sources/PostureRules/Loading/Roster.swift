import Foundation
import PostureInventory

/// An HR roster export: who works here, and who has left. Read from CSV (RFC 4180) with a header
/// row naming the columns.
public struct Roster: Sendable {
    /// The largest roster read (a million staff at ~60 bytes a row).
    public static let maximumBytes = 64 * 1024 * 1024

    public var file: String
    /// Column names, trimmed and lowercased, unique.
    public var header: [String]
    /// The (byte) column each header name starts at on line 1, for diagnostics.
    public var headerColumns: [Int]
    /// One dictionary per data row, every header name present.
    public var rows: [[String: String]]

    public static func load(path: String) -> Result<Roster, Diagnostic> {
        TextFile.read(path, maximumBytes: maximumBytes).flatMap { parse(Array($0.utf8), file: path) }
    }

    /// The roster in `bytes`; a file the CSV grammar refuses, a header with an unnamed or repeated
    /// column, or a row with more or fewer fields than the header is an error with its position.
    public static func parse(_ bytes: [UInt8], file: String) -> Result<Roster, Diagnostic> {
        let start = SourcePosition(file: file, line: 1, column: 1)
        guard bytes.count <= maximumBytes else {
            return .failure(Diagnostic(start, "file is \(bytes.count) bytes, more than the \(maximumBytes) allowed"))
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(Diagnostic(start, "the roster is UTF-16; expected UTF-8 (export as \"CSV UTF-8\")"))
        }
        // Spreadsheets write a byte-order mark; left in, it becomes part of the first column's name.
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard String(validating: text, as: UTF8.self) != nil else {
            return .failure(Diagnostic(start, "the roster is not valid UTF-8; expected UTF-8 text"))
        }
        let records: [CSVRecords.Record]
        switch CSVRecords.parse(text, file: file) {
        case .success(let parsed): records = parsed
        case .failure(let problem): return .failure(problem)
        }
        guard let first = records.first, !first.blank else {
            return .failure(Diagnostic(start, "the roster is empty; expected a header row naming the columns"))
        }
        var header: [String] = []
        for (name, column) in zip(first.fields.map(normalised), first.columns) {
            let position = SourcePosition(file: file, line: first.line, column: column)
            guard !name.isEmpty else { return .failure(Diagnostic(position, "column \(header.count + 1) has no name")) }
            if let earlier = header.firstIndex(of: name) {
                return .failure(
                    Diagnostic(position, "duplicate column '\(name)'; first at column \(first.columns[earlier]) of line 1"))
            }
            header.append(name)
        }
        var rows: [[String: String]] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            // A blank line is no row; RFC 4180 has none, but exports end with them.
            if record.blank { continue }
            guard record.fields.count == header.count else {
                return .failure(
                    Diagnostic(
                        SourcePosition(file: file, line: record.line, column: 1),
                        "\(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), the header has \(header.count); "
                            + "expected one field per column (quote a field that holds a comma)"))
            }
            var row: [String: String] = [:]
            for (name, value) in zip(header, record.fields) { row[name] = value.trimmingCharacters(in: .whitespaces) }
            rows.append(row)
        }
        return .success(Roster(file: file, header: header, headerColumns: first.columns, rows: rows))
    }

    static func normalised(_ name: String) -> String { name.trimmingCharacters(in: .whitespaces).lowercased() }

    /// nil when the roster has `column`; otherwise the error for a rule that needs it (`use` says
    /// what for), pointing at the nearest column name when one looks misspelt.
    public func missingColumn(_ column: String, use: String) -> String? {
        let wanted = Self.normalised(column)
        guard !header.contains(wanted) else { return nil }
        let near = suggestion(for: wanted, among: header)
        let position = SourcePosition(
            file: file, line: 1,
            column: near.flatMap { header.firstIndex(of: $0) }.flatMap { headerColumns.indices.contains($0) ? headerColumns[$0] : nil } ?? 1
        )
        return Diagnostic(
            position,
            "no column '\(wanted)' (\(use)); the columns are: \(header.joined(separator: ", "))"
                + (near.map { " (did you mean '\($0)'?)" } ?? "")
        ).description
    }
}
