import Foundation
import Testing

/// The commands around the organisation's files: each hostile file built by the test itself.
@Suite("Organisation inputs on the command line")
struct OrganisationInputCommandTests {
    let now = "2026-11-30T00:00:00Z"
    let clean = fixtures.appending(path: "clean-workstation.inventory.json").path

    private func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let path = folder.appending(path: name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("waivers lint: impossible dates are errors, expired waivers fail as at the gate, near expiries warn")
    func waiversLint() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let impossible = try write(
            "waivers:\n  - {rule: volumes-encrypted, reason: r, owner: o, expires: 2027-02-30}\n", "impossible.yaml", in: folder)
        let bad = try posture("waivers", "lint", impossible, "--now", now)
        #expect(bad.status == 2)
        #expect(bad.stdout.contains("impossible.yaml:2:61: error: '2027-02-30' is not a day of the calendar"), "\(bad.stdout)")
        let soon = try write(
            "waivers:\n  - {rule: volumes-encrypted, reason: r, owner: o, expires: 2026-12-10}\n  - {rule: sudo-no-nopasswd, reason: r, owner: o, expires: 2026-11-29}\n",
            "soon.yaml", in: folder)
        let expired = try posture("waivers", "lint", soon, "--now", now)
        #expect(expired.status == 1, "the gate would fail on the expired waiver, so lint does")
        #expect(expired.stdout.contains("soon.yaml:3:5: error: waiver for 'sudo-no-nopasswd' expired on 2026-11-29"), "\(expired.stdout)")
        #expect(expired.stdout.contains("soon.yaml:2:5: warning: waiver for 'volumes-encrypted' expires on 2026-12-10, within 30 days"))
        let ignored = try posture("waivers", "lint", soon, "--now", now, "--ignore-expired", "--warn-days", "5")
        #expect(ignored.status == 0)
        #expect(ignored.stdout.contains("warning: waiver for 'sudo-no-nopasswd' expired"))
        #expect(!ignored.stdout.contains("volumes-encrypted"), "10 days left is outside --warn-days 5")
        // The gate agrees: the same file, the same clock.
        let gate = try posture(
            "scan", "--inventory", clean, "--now", now, "--roster", roster, "--attestations", attestations, "--waivers", soon)
        #expect(gate.status == 1)
    }

    @Test("attestations lint: future dates, missing evidence and misspelt controls are errors; scan refuses the same file")
    func attestationsLint() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try write(
            """
            attestations:
              - {control: privacy-notice-review, owner: dpo, date: 2027-04-30, evidence: https://t/1}
              - {control: security-training, owner: hr, date: 2026-03-14}
              - {control: acess-review, owner: it, date: 2026-10-02, evidence: https://t/2}

            """, "att.yaml", in: folder)
        let lint = try posture("attestations", "lint", file, "--now", now)
        #expect(lint.status == 2)
        #expect(
            lint.stdout.contains("att.yaml:2:56: error: the sign-off date 2027-04-30 is in the future (today is 2026-11-30)"),
            "\(lint.stdout)")
        #expect(lint.stdout.contains("att.yaml:3:5: error: attestation is missing required key 'evidence'"), "\(lint.stdout)")
        #expect(lint.stdout.contains("att.yaml:4:15: error: no rule judges the control 'acess-review' (did you mean 'access-review'?)"))
        let scan = try posture("scan", "--inventory", clean, "--now", now, "--roster", roster, "--attestations", file)
        #expect(scan.status == 2)
        #expect(scan.stderr.contains("att.yaml:2:56: error: the sign-off date 2027-04-30 is in the future"))
        let good = try posture("attestations", "lint", attestations, "--now", now)
        #expect(good.status == 0)
        #expect(good.stderr.contains("3 sign-offs OK"))
    }

    @Test("attestations controls prints the table docs/attestations.md carries")
    func controls() throws {
        let result = try posture("attestations", "controls")
        #expect(result.status == 0)
        let doc = try String(contentsOf: repositoryRoot.appending(path: "docs/attestations.md"), encoding: .utf8)
        #expect(!result.stdout.isEmpty && doc.contains(result.stdout))
    }

    @Test("a roster without the status column makes the leavers rule an error, not a pass")
    func rosterWithoutStatus() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try write("\u{FEFF}username,department\nmaria,Collections\n", "roster.csv", in: folder)
        let result = try posture(
            "scan", "--inventory", clean, "--now", now, "--roster", file, "--attestations", attestations, "--format", "json",
            "--only", "leavers-accounts-removed")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rule = try #require(
            (report["results"] as? [[String: Any]])?.first {
                ($0["rule"] as? [String: Any])?["id"] as? String == "leavers-accounts-removed"
            })
        #expect(rule["state"] as? String == "error")
        #expect((rule["reason"] as? String)?.contains("roster.csv:1:1: error: no column 'status'") == true, "\(rule)")
        let ragged = try write("username,status\nmaria,active,extra\n", "ragged.csv", in: folder)
        let refused = try posture("scan", "--inventory", clean, "--now", now, "--roster", ragged, "--attestations", attestations)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("ragged.csv:2:1: error: 3 fields, the header has 2"))
    }
}
