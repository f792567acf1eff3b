import Foundation
import PostureInventory
import Testing

@testable import PostureRules

/// Judges the leavers check (default columns) over one roster text and two open accounts.
private func judgeLeavers(_ csv: [UInt8], check yaml: String = "kind: orphaned-accounts") throws -> CheckOutcome {
    var evaluation = try context(
        #"{"accounts": [{"name": "ann", "uid": 1000, "interactive": true}, {"name": "dave", "uid": 1001, "interactive": true}]}"#)
    evaluation.roster = try Roster.parse(csv, file: "roster.csv").get()
    return try #require(parseCheck(yaml).check).evaluate(in: evaluation)
}

private func problem(_ csv: String) -> String? {
    guard case .failure(let diagnostic) = Roster.parse(Array(csv.utf8), file: "roster.csv") else { return nil }
    return diagnostic.description
}

@Suite("HR roster CSV (RFC 4180)")
struct RosterTests {
    @Test("a byte-order mark does not hide the first column: the leaver fails")
    func byteOrderMark() throws {
        let csv: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("status,username\r\nactive,ann\r\nterminated,dave\r\n".utf8)
        let roster = try Roster.parse(csv, file: "roster.csv").get()
        #expect(roster.header == ["status", "username"])
        let outcome = try judgeLeavers(csv)
        #expect(outcome.state == .fail, "\(outcome.reason ?? "")")
        #expect(outcome.evidence.map(\.subject) == ["dave"])
    }

    @Test("a roster without the status column is an error naming file:1:col, never 'everyone is active'")
    func missingStatusColumn() throws {
        let outcome = try judgeLeavers(Array("username,department\nann,Sales\ndave,Sales\n".utf8))
        #expect(outcome.state == .error)
        #expect(outcome.reason?.hasPrefix("roster.csv:1:1: error: no column 'status'") == true, "\(outcome.reason ?? "")")
        let misspelt = try judgeLeavers(Array("username,staus\nann,active\ndave,terminated\n".utf8))
        #expect(misspelt.state == .error)
        #expect(misspelt.reason?.hasPrefix("roster.csv:1:10: error: no column 'status'") == true, "\(misspelt.reason ?? "")")
        #expect(misspelt.reason?.hasSuffix("(did you mean 'staus'?)") == true, "\(misspelt.reason ?? "")")
        let noLogin = try judgeLeavers(Array("login,status\nann,active\n".utf8))
        #expect(noLogin.state == .error)
        #expect(noLogin.reason?.contains("no column 'username'") == true)
    }

    @Test("quoted fields hold commas, doubled quotes and line breaks; CRLF and LF both end records")
    func quotedFields() throws {
        let csv = "username,\"full name\",status\r\n\"ann\",\"Lopez, Ann \"\"A\"\"\",active\r\ndave,\"two\nlines\",terminated\nbob,,active"
        let roster = try Roster.parse(Array(csv.utf8), file: "roster.csv").get()
        #expect(roster.header == ["username", "full name", "status"])
        #expect(roster.rows.count == 3)
        #expect(roster.rows.first?["full name"] == "Lopez, Ann \"A\"")
        #expect(roster.rows.dropFirst().first?["full name"] == "two\nlines")
        #expect(roster.rows.dropFirst().first?["status"] == "terminated")
        #expect(roster.rows.last?["status"] == "active")
    }

    @Test("a field with a comma left unquoted shifts no column: the row is refused with its line")
    func raggedRows() {
        #expect(
            problem("username,name,status\nann,Lopez, Ann,active\n")
                == "roster.csv:2:1: error: 4 fields, the header has 3; expected one field per column (quote a field that holds a comma)")
        #expect(problem("username,status\ndave\n")?.hasPrefix("roster.csv:2:1: error: 1 field, the header has 2") == true)
    }

    @Test(
        "what RFC 4180 refuses is an error with its position",
        arguments: [
            ("username,status\nann,\"active\n", "roster.csv:2:5: error: a quoted field is never closed"),
            ("username,status\nann,\"act\"ive\n", "roster.csv:2:10: error: text after a closing quote"),
            ("username,status\nann,act\"ive\n", "roster.csv:2:8: error: a quote inside an unquoted field"),
            ("username,status\rann,active\n", "roster.csv:1:16: error: a carriage return not followed by a line feed"),
            ("username,status,Username\n", "roster.csv:1:17: error: duplicate column 'username'; first at column 1 of line 1"),
            ("username,,status\n", "roster.csv:1:10: error: column 2 has no name"),
            ("", "roster.csv:1:1: error: the roster is empty"),
            ("\u{FEFF}", "roster.csv:1:1: error: the roster is empty"),
        ])
    func refused(csv: String, expected: String) {
        let found = problem(csv)
        #expect(found?.hasPrefix(expected) == true, "\(found ?? "accepted")")
    }

    @Test("UTF-16 and invalid UTF-8 are refused, not read as one odd column")
    func encodings() {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("username,status\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        guard case .failure(let wide) = Roster.parse(utf16, file: "roster.csv") else {
            Issue.record("UTF-16 accepted")
            return
        }
        #expect(wide.message.contains("UTF-16"))
        guard case .failure(let broken) = Roster.parse([0x75, 0xC3, 0x28, 0x0A], file: "roster.csv") else {
            Issue.record("invalid UTF-8 accepted")
            return
        }
        #expect(broken.message.contains("not valid UTF-8"))
    }

    @Test("records, fields and field length are bounded")
    func bounds() {
        let many = Array(String(repeating: "a\n", count: 20).utf8)
        guard case .failure(let records) = CSVRecords.parse(many, file: "r.csv", limits: .init(records: 10)) else {
            Issue.record("20 records read with a limit of 10")
            return
        }
        #expect(records.description.hasPrefix("r.csv:11:1: error: more than 10 records"))
        let wide = Array(String(repeating: "a,", count: 2_000).utf8)
        #expect((try? CSVRecords.parse(wide, file: "r.csv").get()) == nil)
        let long = Array(("\"" + String(repeating: "x", count: 70_000) + "\"").utf8)
        #expect((try? CSVRecords.parse(long, file: "r.csv").get()) == nil)
        let big = [UInt8](repeating: 0x61, count: Roster.maximumBytes + 1)
        #expect((try? Roster.parse(big, file: "r.csv").get()) == nil)
    }

    @Test("a person listed twice counts as employed only if every row says so")
    func listedTwice() throws {
        let outcome = try judgeLeavers(Array("username,status\nann,active\ndave,terminated\ndave,active\n".utf8))
        #expect(outcome.state == .fail)
        #expect(outcome.evidence.map(\.subject) == ["dave"])
    }
}
