import Foundation
import PostureInventory

/// Interactive accounts nobody uses: no login for a while, or never since they were set up.
public struct StaleAccountsCheck: Check {
    public static let description = CheckKindDescription(
        kind: "stale-accounts",
        summary: "Fails on unlocked interactive accounts (uid at least `min_uid`) whose last login (lastlog, wtmp) is more " +
            "than `max_idle_days` ago, or that never logged in though their password was set more than `max_idle_days` ago.",
        parameters: [
            .init("max_idle_days", "whole number", required: true, "the longest an account may go unused"),
            .init("min_uid", "whole number", "the first uid of people's accounts (default 1000)"),
        ],
        examples: [
            .init("an agent who logged in yesterday", expected: .pass, check: "kind: stale-accounts\nmax_idle_days: 90",
                  inventory: #"{"accounts": [{"name": "ann", "uid": 1000, "interactive": true, "locked": false, "last_login": "2026-11-29T08:00:00Z"}]}"#),
            .init("no login for 200 days", expected: .fail, check: "kind: stale-accounts\nmax_idle_days: 90",
                  inventory: #"{"accounts": [{"name": "bob", "uid": 1001, "interactive": true, "locked": false, "last_login": "2026-05-14T08:00:00Z"}]}"#,
                  subjects: ["bob"]),
        ]
    )

    public let maxIdleDays: Int
    public let minUID: Int

    public var facts: [FactPath] { [FactPath(.accounts)] }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        let days = reader.integer("max_idle_days", in: 1...36_500, diagnostics: &diagnostics)
        minUID = reader.integer("min_uid", in: 0...4_294_967_295, diagnostics: &diagnostics) ?? 1000
        guard let days else { return nil }
        maxIdleDays = days
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let accounts = context.inventory.accounts else { return .unknown("the 'accounts' facts were not collected") }
        let people = accounts.filter { $0.uid >= minUID && $0.uid < 60_000 && $0.interactive != false && $0.locked != true }
        var evidence: [Evidence] = []
        var unknown: [String] = []
        for account in people {
            if let text = account.lastLogin, let date = ISODate.parse(text) {
                let idle = ElapsedDays.since(date, now: context.now)
                if idle > maxIdleDays {
                    evidence.append(Evidence(subject: account.name, fact: "accounts", location: account.sourceText, seen: "last login \(text.prefix(10)), \(idle) days ago",
                                             expected: "a login within \(maxIdleDays) days, or the account locked"))
                }
            } else if let text = account.passwordChangedAt, let date = ISODate.parse(text) {
                let age = ElapsedDays.since(date, now: context.now)
                if age > maxIdleDays {
                    evidence.append(Evidence(subject: account.name, fact: "accounts", location: account.sourceText,
                                             seen: "never logged in; password set \(text.prefix(10)), \(age) days ago",
                                             expected: "used within \(maxIdleDays) days of being set up, or locked"))
                }
            } else {
                unknown.append(account.name)
            }
        }
        if !evidence.isEmpty {
            return .fail("\(CollectionCheck.list(evidence)) unused for more than \(maxIdleDays) days", evidence)
        }
        if !unknown.isEmpty {
            return .unknown("no last login or set-up date for \(unknown.joined(separator: ", "))")
        }
        return .pass([Evidence(fact: "accounts", seen: "\(people.count) active interactive account\(people.count == 1 ? "" : "s"), all used recently",
                               expected: "a login within \(maxIdleDays) days")])
    }
}
