import Foundation
import PostureInventory

/// Local accounts of people who are not on the HR roster of active staff, or are marked as left.
public struct OrphanedAccountsCheck: Check {
    public static let description = CheckKindDescription(
        kind: "orphaned-accounts",
        summary: "Compares unlocked interactive accounts (uid at least `min_uid`) with the HR roster given to "
            + "`posture scan --roster FILE` (CSV with a header): an account missing from it, or whose status is not one of "
            + "`active_values`, fails (a person listed twice must be active on every row). Without a roster the result is unknown; "
            + "a roster without the username or status column is an error.",
        parameters: [
            .init("username_column", "column name", "the roster column holding the login name (default username)"),
            .init("status_column", "column name", "the column saying whether the person still works here (default status)"),
            .init("active_values", "list of values", "statuses that mean employed (default active)"),
            .init("min_uid", "whole number", "the first uid of people's accounts (default 1000)"),
            .init("ignore", "list of account names", "service or break-glass accounts that are not people"),
        ],
        examples: [
            .init(
                "everyone on the roster and active", expected: .pass, check: "kind: orphaned-accounts",
                inventory: #"{"accounts": [{"name": "ann", "uid": 1000, "interactive": true}]}"#,
                roster: "username,status\nann,active\n"),
            .init(
                "a leaver's account still open", expected: .fail,
                check: "kind: orphaned-accounts\nusername_column: login\nstatus_column: employment\nactive_values: [employed]",
                inventory:
                    #"{"accounts": [{"name": "ann", "uid": 1000, "interactive": true}, {"name": "dave", "uid": 1003, "interactive": true, "last_login": "2026-05-01T09:00:00Z"}]}"#,
                roster: "login,employment\nann,employed\ndave,terminated\n",
                subjects: ["dave"]),
        ]
    )

    public let usernameColumn: String
    public let statusColumn: String
    public let activeValues: [String]
    public let minUID: Int
    public let ignore: [String]

    public var facts: [FactPath] { [FactPath(.accounts)] }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        usernameColumn = (reader.text("username_column", diagnostics: &diagnostics) ?? "username").lowercased()
        statusColumn = (reader.text("status_column", diagnostics: &diagnostics) ?? "status").lowercased()
        activeValues = (reader.textList("active_values", diagnostics: &diagnostics) ?? ["active"]).map { $0.lowercased() }
        minUID = reader.integer("min_uid", in: 0...4_294_967_295, diagnostics: &diagnostics) ?? 1000
        ignore = reader.textList("ignore", diagnostics: &diagnostics) ?? []
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let accounts = context.inventory.accounts else { return .unknown("the 'accounts' facts were not collected") }
        guard let roster = context.roster else { return .unknown("no HR roster was given (posture scan --roster FILE)") }
        // A missing column is an error, never a default: without the status column everyone would
        // count as active, and a leaver would pass.
        for (column, use) in [(usernameColumn, "the login names, username_column"), (statusColumn, "who still works here, status_column")] {
            if let problem = roster.missingColumn(column, use: use) { return .error(problem) }
        }
        // A person listed twice counts as employed only if every row says so.
        var status: [String: String] = [:]
        for row in roster.rows {
            guard let name = row[usernameColumn]?.lowercased(), !name.isEmpty else { continue }
            let state = row[statusColumn]?.lowercased() ?? ""
            if let earlier = status[name], !activeValues.contains(earlier) { continue }
            status[name] = state
        }
        var evidence: [Evidence] = []
        for account in accounts
        where account.uid >= minUID && account.uid < 60_000 && account.interactive != false && account.locked != true
            && !ignore.contains(account.name)
        {
            let last = account.lastLogin.map { "last login \($0.prefix(10))" } ?? "never logged in"
            if let state = status[account.name.lowercased()] {
                if !activeValues.contains(state) {
                    evidence.append(
                        Evidence(
                            subject: account.name, fact: "accounts", location: account.sourceText ?? roster.file,
                            seen: "'\(state)' on the roster \(roster.file), account still open (\(last))",
                            expected: "removed or locked on leaving"))
                }
            } else {
                evidence.append(
                    Evidence(
                        subject: account.name, fact: "accounts", location: account.sourceText ?? roster.file,
                        seen: "not on the roster \(roster.file), account open (\(last))", expected: "every account belongs to active staff")
                )
            }
        }
        if !evidence.isEmpty {
            return .fail(
                "\(CollectionCheck.list(evidence)) \(evidence.count == 1 ? "has" : "have") no active person on the roster", evidence)
        }
        return .pass([
            Evidence(
                fact: "accounts", location: roster.file, seen: "every open account is an active person on the roster",
                expected: "no leaver's account")
        ])
    }
}
