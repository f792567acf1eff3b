import Foundation
import PostureInventory
import Testing

@testable import PostureRules

private let controls = ["access-review", "privacy-notice-review", "security-training"]
private let now = ISODate.parse("2026-11-30T12:00:00Z")!
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func load(_ entries: String) -> ([Attestation], [String]) {
    let source = YAMLSource(file: "att.yaml", text: "attestations:\n" + entries)
    let (loaded, problems) = AttestationLoader.load(source: source, now: now, controls: controls)
    return (loaded, problems.sorted.map(\.description))
}

@Suite("Attestation files")
struct AttestationLoadingTests {
    @Test("a sign-off dated in the future is an error, not a pass '-151 days ago'")
    func futureDate() {
        let (loaded, problems) = load("  - {control: access-review, owner: it, date: 2027-04-30, evidence: https://t/1}\n")
        #expect(loaded.isEmpty)
        #expect(
            problems == [
                "att.yaml:2:47: error: the sign-off date 2027-04-30 is in the future (today is 2026-11-30); expected the day it was signed"
            ])
    }

    @Test("a day that has begun somewhere on Earth (UTC+14) is not the future")
    func timeZones() {
        #expect(load("  - {control: access-review, owner: it, date: 2026-12-01, evidence: https://t/1}\n").1.isEmpty)
        #expect(load("  - {control: access-review, owner: it, date: 2026-12-02, evidence: https://t/1}\n").1.count == 1)
    }

    @Test("a sign-off without evidence, or with empty evidence, is an error")
    func evidence() {
        let (missing, problems) = load("  - {control: access-review, owner: it, date: 2026-10-01}\n")
        #expect(missing.isEmpty)
        #expect(problems.count == 1 && problems.first?.contains("missing required key 'evidence'") == true, "\(problems)")
        let (empty, emptyProblems) = load("  - {control: access-review, owner: it, date: 2026-10-01, evidence: \"  \"}\n")
        #expect(empty.isEmpty)
        #expect(emptyProblems.first?.contains("'evidence' is empty") == true, "\(emptyProblems)")
    }

    @Test("a misspelt control is an error naming the nearest known control")
    func misspeltControl() {
        let (loaded, problems) = load("  - {control: acess-review, owner: it, date: 2026-10-01, evidence: https://t/1}\n")
        #expect(loaded.isEmpty)
        #expect(
            problems.first?.hasPrefix(
                "att.yaml:2:15: error: no rule judges the control 'acess-review' (did you mean 'access-review'?); known controls: access-review,"
            ) == true, "\(problems)")
    }

    @Test(
        "an impossible calendar day is refused",
        arguments: ["2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01"])
    func impossibleDate(date: String) {
        let (loaded, problems) = load("  - {control: access-review, owner: it, date: \(date), evidence: https://t/1}\n")
        #expect(loaded.isEmpty)
        #expect(problems.count == 1, "\(problems)")
    }

    @Test("the built-in controls are the ones the attestation rules judge")
    func builtinControls() throws {
        let (ruleSet, _) = RuleLoader.load()
        #expect(try #require(ruleSet).attestationControls == controls)
    }

    @Test("docs/attestations.md lists every control, as `posture attestations controls` prints them")
    func documented() throws {
        let (ruleSet, _) = RuleLoader.load()
        let table = AttestationControlsDocs.markdown(try #require(ruleSet))
        let doc = try String(contentsOf: repositoryRoot.appending(path: "docs/attestations.md"), encoding: .utf8)
        #expect(doc.contains(table), "regenerate the table in docs/attestations.md with `posture attestations controls`")
        for control in try #require(ruleSet).attestationControls { #expect(doc.contains("| `\(control)` |")) }
    }
}

@Suite("Waiver and calendar dates")
struct CalendarDateTests {
    @Test("a waiver expiring on 2027-02-30 is refused, not read as 2 March")
    func impossibleExpiry() {
        let text =
            "waivers:\n  - {rule: r1, reason: x, owner: o, expires: 2027-02-30}\n  - {rule: r1, reason: x, owner: o, expires: 2028-02-29}\n"
        let (waivers, problems) = WaiverLoader.load(source: YAMLSource(file: "w.yaml", text: text), ruleIDs: ["r1"])
        #expect(waivers.count == 1)
        #expect(
            problems.sorted.map(\.description) == [
                "w.yaml:2:46: error: '2027-02-30' is not a day of the calendar (month 2 of 2027 has 28 days); expected a date like 2027-01-31"
            ])
        #expect(waivers.first.map { ISODate.format($0.expires) } == "2028-02-29T00:00:00Z")
    }

    @Test("CalendarDate agrees with Foundation's Gregorian calendar on every day of 1583-2100 (and far years) and their neighbours")
    func differential() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var checked = 0
        let years = Array(1583...2100) + [2400, 2800, 9996, 9999]
        for year in years {
            for month in 0...13 {
                for day in 0...32 {
                    let text = String(format: "%04d-%02d-%02d", year, month, day)
                    let components = DateComponents(year: year, month: month, day: day)
                    // Foundation rolls impossible days over; a real day is one that survives the round trip.
                    let rolled = calendar.date(from: components)
                    let real = rolled.map { calendar.dateComponents([.year, .month, .day], from: $0) == components } ?? false
                    #expect((CalendarDate.parse(text) != nil) == real, "\(text)")
                    if real { #expect(CalendarDate.parse(text) == rolled, "\(text)") }
                    checked += 1
                }
            }
        }
        #expect(checked == years.count * 14 * 33)
    }

    @Test("a year before the Gregorian calendar is refused: Foundation would show it as another day (fuzz: waivers)")
    func julianYears() {
        #expect(CalendarDate.parse("1013-01-31") == nil)
        #expect(CalendarDate.problem("1013-01-31") == "'1013-01-31' is outside the years 1583 to 9999")
        for text in ["1583-01-01", "1600-02-29", "2027-12-31", "9999-12-31"] {
            let date = CalendarDate.parse(text)
            #expect(date.map { String(ISODate.format($0).prefix(10)) } == text)
        }
    }

    @Test("ISODate reads a bare calendar date strictly too")
    func isoDate() {
        #expect(ISODate.parse("2027-02-30") == nil)
        #expect(ISODate.parse("2024-02-29") != nil)
        #expect(ISODate.parse("+027-02-01") == nil)
    }
}
