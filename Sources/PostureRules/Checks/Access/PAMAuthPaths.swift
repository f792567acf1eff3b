import Foundation
import PostureInventory

/// A service's auth stack from `settings.pam`, in either inventory form (entry objects with
/// positions, or the older `type control module args` strings), judged by the paths libpam can take.
struct PAMAuthStack {
    let service: String
    let program: PAMProgram

    enum Reading {
        case stack(PAMAuthStack)
        /// No stack for that service in the inventory.
        case absent
        /// The probe could not build it (libpam would fail or the reader refused), or it is malformed.
        case broken(String)
    }

    static func read(_ service: String, from pam: [String: JSONValue]) -> Reading {
        guard let value = pam[service] else { return .absent }
        switch value {
        case .array(let items):
            var entries: [PAMEntry] = []
            for (index, item) in items.enumerated() {
                guard let entry = PAMEntry(json: item) else {
                    return .broken(
                        "settings.pam.\(service)[\(index)] is \(item.typeName), not a PAM line (a string or an object with type and control)"
                    )
                }
                entries.append(entry)
            }
            return .stack(PAMAuthStack(service: service, program: PAMProgram(entries.filter { $0.type == "auth" })))
        case .object(let object):
            if case .string(let reason)? = object["error"] { return .broken(reason) }
            return .broken("settings.pam.\(service) is an object without 'error'")
        default:
            return .broken("settings.pam.\(service) is \(value.typeName), not a list of PAM lines")
        }
    }

    /// Options of second-factor modules that make them answer `ignore` for a user without a token.
    static let letsTokenlessUsersThrough: Set<String> = ["nullok", "nouserok"]

    /// Modules that check a password: their `auth_err` is the failure pam_faillock must count.
    static let passwordModules: Set<String> = [
        "pam_unix.so", "pam_sss.so", "pam_ldap.so", "pam_krb5.so", "pam_winbind.so",
        "pam_userdb.so", "pam_pwdb.so",
    ]

    var location: String { "/etc/pam.d/\(service)" }

    /// The lines running one of `modules`, as evidence text.
    func lines(of modules: [String]) -> [PAMEntry] {
        program.entries.filter { modules.contains($0.moduleName) }
    }

    /// The file:line of the call that decided a path (its last module call), or the service file.
    func decidingLocation(_ steps: [PAMPaths.Step]) -> String {
        steps.last.flatMap { program.entries[$0.index].source } ?? location
    }

    /// Whether a successful login always passed through one of `modules` returning success
    /// (`mustSucceed`) or merely running (`!mustSucceed`).
    func everySuccessRuns(_ modules: [String], mustSucceed: Bool, arguments: [String] = []) -> PAMPaths.Answer {
        PAMPaths.find(
            program,
            never: { entry, code in
                // A second factor answers `ignore` only when told to let users without a token through.
                mustSucceed && code == PAMReturnCode.ignore.rawValue && modules.contains(entry.moduleName)
                    && !entry.args.contains { Self.letsTokenlessUsersThrough.contains($0) }
            },
            mark: { entry, code in
                guard modules.contains(entry.moduleName), arguments.allSatisfy({ entry.args.contains($0) }) else { return 0 }
                return !mustSucceed || code == PAMReturnCode.success.rawValue ? 1 : 0
            }, breaks: { result, marks in result == PAMReturnCode.success.rawValue && marks & 1 == 0 })
    }

    /// pam_faillock's two halves: every successful login passed `preauth` (which refuses a locked
    /// account), and every login refused after a password module said `auth_err` reached `authfail`
    /// (which counts the failure).
    func faillockHolds() -> (preauth: PAMPaths.Answer, authfail: PAMPaths.Answer) {
        let preauth = everySuccessRuns(["pam_faillock.so"], mustSucceed: true, arguments: ["preauth"])
        let authfail = PAMPaths.find(
            program,
            mark: { entry, code in
                if entry.moduleName == "pam_faillock.so" { return entry.args.contains("authfail") ? 2 : 0 }
                return Self.passwordModules.contains(entry.moduleName) && code == PAMReturnCode.authErr.rawValue ? 1 : 0
            }, breaks: { result, marks in result != PAMReturnCode.success.rawValue && marks & 1 != 0 && marks & 2 == 0 })
        return (preauth, authfail)
    }

    func describe(_ steps: [PAMPaths.Step], result: Int) -> String {
        PAMPaths.describe(steps, result: result, in: program)
    }
}
