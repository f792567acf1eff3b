import Foundation
import Testing

@testable import PostureRules

/// What the rule regex engine decides where ICU has no single answer, and how it gives up.
@Suite("Regex: line ends, limits and giving up")
struct RegexBehaviourTests {
    @Test("\"\\r\\n\" ends a line: '^' and '$' work on Windows-style files")
    func crlfLines() throws {
        let text = "# comment\r\nPermitEmptyPasswords yes\r\nUsePAM yes\r\n"
        let pattern = try Pattern("^\\s*PermitEmptyPasswords\\s+yes\\s*$")
        #expect(pattern.matches(text) == true)
        guard case .found(let number, let line) = pattern.firstMatchingLine(in: text) else {
            Issue.record("no line found")
            return
        }
        #expect(number == 2)
        #expect(line.hasPrefix("PermitEmptyPasswords yes"))
        #expect(try Pattern("^yes").matches("a yes\r\nyes") == true)
    }

    @Test("a text past the input limit is 'gave up', never 'no match'")
    func tooLong() throws {
        let text = String(repeating: "a", count: RegexMachine.maximumInputBytes + 1)
        guard case .gaveUp(let why) = try Pattern("b").search(text) else {
            Issue.record("searched a text past the limit")
            return
        }
        #expect(why.contains("at most 16 MiB"))
        // A fact too long to search leaves `not_matches` undetermined, not passed.
        let condition = FactCondition(fact: nil, operators: [.notMatches(try Pattern("b"))], versionScheme: nil)
        guard case .undetermined = condition.evaluate(.string(text), now: Date()) else {
            Issue.record("not_matches held over a text it did not read")
            return
        }
    }

    @Test("case-insensitive matching folds Unicode scalars", arguments: [("(?i)straße", "STRAßE"), ("(?i)[a-c]x", "BX"), ("(?i:é)", "É")])
    func caseless(_ pattern: String, _ text: String) throws {
        #expect(try Pattern(pattern).matches(text) == true)
    }

    @Test("program size stays bounded however the counts nest")
    func bounded() {
        #expect(throws: RegexSyntaxError.self) { try Pattern("((a{1000}){1000}){1000}") }
        #expect(throws: RegexSyntaxError.self) { try Pattern(String(repeating: "(", count: 200) + String(repeating: ")", count: 200)) }
    }
}
