import Foundation
import PostureInventory

/// An HR roster export: who works here, and who has left. Read from CSV with a header row.
public struct Roster: Sendable {
    public var file: String
    public var header: [String]
    public var rows: [[String: String]]

    /// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF); the first row names the columns.
    public static func load(path: String) -> Result<Roster, Diagnostic> {
        switch RuleLoader.readText(path) {
        case .failure(let problem): return .failure(problem)
        case .success(let text):
            let records = parseCSV(text)
            guard let header = records.first, !header.isEmpty else {
                return .failure(Diagnostic(SourcePosition(file: path, line: 1, column: 1), "the roster is empty; expected a header row"))
            }
            let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let rows = records.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }.map { record in
                Dictionary(zip(names, record.map { $0.trimmingCharacters(in: .whitespaces) }), uniquingKeysWith: { first, _ in first })
            }
            return .success(Roster(file: path, header: names, rows: rows))
        }
    }

    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r": continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}

/// A manual control signed off by a person: what no probe can see (customer notices, training,
/// access reviews).
public struct Attestation: Sendable {
    public var control: String
    public var owner: String
    public var date: Date
    public var evidence: String?
    public var position: SourcePosition
}

public enum AttestationLoader {
    public static func load(path: String) -> ([Attestation], Diagnostics) {
        var diagnostics = Diagnostics()
        let items = YAMLListFile.items(path: path, key: "attestations", what: "an attestation file", diagnostics: &diagnostics)
        return (parse(items, diagnostics: &diagnostics), diagnostics)
    }

    static func parse(_ items: [YAMLNode], diagnostics: inout Diagnostics) -> [Attestation] {
        var attestations: [Attestation] = []
        for node in items {
            guard let reader = MappingReader(node, what: "attestation", diagnostics: &diagnostics) else { continue }
            let before = diagnostics.items.count
            reader.rejectUnknownKeys(allowed: ["control", "owner", "date", "evidence"], diagnostics: &diagnostics)
            let control = reader.text("control", required: true, diagnostics: &diagnostics)
            let owner = reader.text("owner", required: true, diagnostics: &diagnostics)
            let evidence = reader.text("evidence", diagnostics: &diagnostics)
            var date: Date?
            if let text = reader.text("date", required: true, diagnostics: &diagnostics) {
                date = text.count == 10 ? ISODate.parse(text) : nil
                if date == nil { diagnostics.error(reader.value("date")!.position, "'\(text)' is not a date like 2026-06-30") }
            }
            guard diagnostics.items.count == before, let control, let owner, let date else { continue }
            attestations.append(Attestation(control: control, owner: owner, date: date, evidence: evidence, position: node.position))
        }
        return attestations
    }
}
