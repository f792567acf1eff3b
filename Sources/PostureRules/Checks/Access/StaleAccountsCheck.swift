import Foundation
import PostureInventory

/// Interactive accounts nobody uses: no login for a while, or never since they were set up.
public struct StaleAccountsCheck: Check {
    public static let description = CheckKindDescription(
        kind: "stale-accounts",
        summary: "Fails on open interactive accounts (uid at least `min_uid`; not locked, not expired as pam_unix judges "
            + "the shadow expiry and inactive dates) whose last login (wtmpdb, lastlog2, wtmp, lastlog: the newest wins) is "
            + "more than `max_idle_days` ago, or that never logged in though their password was set more than `max_idle_days` ago.",
        parameters: [
            .init("max_idle_days", "whole number", required: true, "the longest an account may go unused"),
            .init("min_uid", "whole number", "the first uid of people's accounts (default 1000)"),
        ],
        examples: [
            .init(
                "an agent who logged in yesterday", expected: .pass, check: "kind: stale-accounts\nmax_idle_days: 90",
                inventory:
                    #"{"accounts": [{"name": "ann", "uid": 1000, "interactive": true, "locked": false, "last_login": "2026-11-29T08:00:00Z"}]}"#
            ),
            .init(
                "no login for 200 days", expected: .fail, check: "kind: stale-accounts\nmax_idle_days: 90",
                inventory:
                    #"{"accounts": [{"name": "bob", "uid": 1001, "interactive": true, "locked": false, "last_login": "2026-05-14T08:00:00Z"}]}"#,
                subjects: ["bob"]),
            .init(
                "idle since May, but the account expired (shadow field 8) on 2026-05-27", expected: .pass,
                check: "kind: stale-accounts\nmax_idle_days: 90",
                inventory:
                    #"{"accounts": [{"name": "bob", "uid": 1001, "interactive": true, "locked": false, "last_login": "2026-05-14T08:00:00Z", "aging": {"expire": 20600}}]}"#
            ),
        ]
    )

    public let maxIdleDays: Int
    public let minUID: Int

    public var facts: [FactPath] {
        // A login record that could not be read makes "never logged in" unprovable: an error.
        [FactPath(.accounts), FactPath(components: ["accounts", "last_login"])]
    }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        let days = reader.integer("max_idle_days", in: 1...36_500, diagnostics: &diagnostics)
        minUID = reader.integer("min_uid", in: 0...4_294_967_295, diagnostics: &diagnostics) ?? 1000
        guard let days else { return nil }
        maxIdleDays = days
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let accounts = context.inventory.accounts else { return .unknown("the 'accounts' facts were not collected") }
        let today = PasswordAging.day(of: context.now)
        let people = accounts.filter { $0.uid >= minUID && $0.uid < 60_000 && $0.interactive != false }
        var closed: [String] = []
        var open: [Account] = []
        for account in people {
            if account.locked == true {
                closed.append("\(account.name) (password locked)")
            } else if let verdict = account.aging?.verdict(onDay: today), verdict == .accountExpired || verdict == .passwordInactive {
                closed.append("\(account.name) (\(verdict == .accountExpired ? "account expired" : "password expired and inactive"))")
            } else {
                open.append(account)
            }
        }
        let records = context.inventory.loginRecords
        let readRecords = records?.filter { $0.state == "read" } ?? []
        let lookedAt = Self.describe(records)
        var evidence: [Evidence] = []
        var unknown: [String] = []
        for account in open {
            if let text = account.lastLogin, let date = ISODate.parse(text) {
                let idle = ElapsedDays.since(date, now: context.now)
                if idle > maxIdleDays {
                    let from = account.lastLoginSource.map { " (\($0))" } ?? ""
                    evidence.append(
                        Evidence(
                            subject: account.name, fact: "accounts", location: account.sourceText,
                            seen: "last login \(text.prefix(10))\(from), \(idle) days ago",
                            expected: "a login within \(maxIdleDays) days, or the account locked or expired"))
                }
            } else if records != nil, readRecords.isEmpty {
                // No login record exists at all: "never logged in" cannot be told from "not recorded".
                unknown.append(account.name)
            } else if let text = account.passwordChangedAt, let date = ISODate.parse(text) {
                let age = ElapsedDays.since(date, now: context.now)
                if age > maxIdleDays {
                    evidence.append(
                        Evidence(
                            subject: account.name, fact: "accounts", location: account.sourceText,
                            seen: "never logged in (\(lookedAt)); password set \(text.prefix(10)), \(age) days ago",
                            expected: "used within \(maxIdleDays) days of being set up, or locked or expired"))
                }
            } else {
                unknown.append(account.name)
            }
        }
        if !evidence.isEmpty {
            return .fail("\(CollectionCheck.list(evidence)) unused for more than \(maxIdleDays) days", evidence)
        }
        if !unknown.isEmpty {
            let why =
                records != nil && readRecords.isEmpty ? "no login record could be found (\(lookedAt))" : "no last login or set-up date"
            return .unknown("\(why) for \(unknown.joined(separator: ", "))")
        }
        let scope =
            "\(accounts.count) account\(accounts.count == 1 ? "" : "s") in /etc/passwd, \(people.count) interactive with uid \(minUID)–59999"
        let closedText =
            closed.isEmpty
            ? "" : "; closed: \(closed.prefix(10).joined(separator: ", "))\(closed.count > 10 ? " (+\(closed.count - 10) more)" : "")"
        let seen =
            open.isEmpty
            ? "looked at \(scope)\(closedText): no open interactive account, nothing to go stale"
            : "looked at \(scope)\(closedText): \(open.count) open, all used within \(maxIdleDays) days (login records: \(lookedAt))"
        return .pass([Evidence(fact: "accounts", seen: seen, expected: "a login within \(maxIdleDays) days")])
    }

    /// "wtmpdb /var/lib/wtmpdb/wtmp.db: 3 users; wtmp /var/log/wtmp: absent", or why not known.
    static func describe(_ records: [LoginRecordFile]?) -> String {
        guard let records else { return "login records not listed in the inventory" }
        if records.isEmpty { return "no login record file looked at" }
        return records.map { file in
            switch file.state {
            case "read": "\(file.path): \(file.users ?? 0) user\(file.users == 1 ? "" : "s")"
            case "absent": "\(file.path): absent"
            default: "\(file.path): \(file.reason ?? file.state)"
            }
        }.joined(separator: "; ")
    }
}
