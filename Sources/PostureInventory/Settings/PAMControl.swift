/// The 32 return codes a PAM module may give (Linux-PAM's `_pam_types.h`), named as in the
/// `[value=action]` control syntax (`pam_tokens.h`), in libpam's order: the order matters, since
/// libpam matches a value name by prefix, first match wins.
public enum PAMReturnCode: Int, CaseIterable, Sendable {
    case success, openErr, symbolErr, serviceErr, systemErr, bufErr, permDenied, authErr, credInsufficient,
        authinfoUnavail, userUnknown, maxtries, newAuthtokReqd, acctExpired, sessionErr, credUnavail, credExpired,
        credErr, noModuleData, convErr, authtokErr, authtokRecoverErr, authtokLockBusy, authtokDisableAging,
        tryAgain, ignore, abort, authtokExpired, moduleUnknown, badItem, convAgain, incomplete

    /// The name in `[value=action]` controls.
    public var token: String { Self.tokens[rawValue] }

    static let tokens = [
        "success", "open_err", "symbol_err", "service_err", "system_err", "buf_err", "perm_denied",
        "auth_err", "cred_insufficient", "authinfo_unavail", "user_unknown", "maxtries",
        "new_authtok_reqd", "acct_expired", "session_err", "cred_unavail", "cred_expired", "cred_err",
        "no_module_data", "conv_err", "authtok_err", "authtok_recover_err", "authtok_lock_busy",
        "authtok_disable_aging", "try_again", "ignore", "abort", "authtok_expired", "module_unknown",
        "bad_item", "conv_again", "incomplete",
    ]

    /// What libpam's dispatcher returns when a line is broken or the stack decides nothing.
    public static let mustFail = PAMReturnCode.permDenied
}

/// What libpam does with one return code of one line (`_PAM_ACTION_*`).
public enum PAMAction: Equatable, Hashable, Sendable, CustomStringConvertible {
    case ignore, ok, done, bad, die, reset
    /// Skip the next N lines of this (sub)stack.
    case jump(Int)

    public var description: String {
        switch self {
        case .ignore: "ignore"
        case .ok: "ok"
        case .done: "done"
        case .bad: "bad"
        case .die: "die"
        case .reset: "reset"
        case .jump(let count): String(count)
        }
    }

    /// In libpam's table order: matched by prefix, first match wins.
    static let named: [(String, PAMAction)] = [
        ("ignore", .ignore), ("ok", .ok), ("done", .done), ("bad", .bad),
        ("die", .die), ("reset", .reset),
    ]
}

/// A line's control field as libpam reads it: the four keywords (any case), `include`/`substack`,
/// or `[value=action ...]` (case-sensitive, libpam's `_pam_parse_control`).
public enum PAMControl: Equatable, Sendable {
    /// One action per return code (index = `PAMReturnCode.rawValue`).
    case actions([PAMAction])
    case include
    case substack

    /// How libpam reads the control token. `problem` is what libpam logs when a `[...]` control is
    /// malformed: libpam then treats every return code as `bad`.
    public static func parse(_ token: String) -> (control: PAMControl, problem: String?) {
        switch token.lowercased() {
        case "required": return (.actions(keyword(success: .ok, ignoreCode: .ignore, otherwise: .bad)), nil)
        case "requisite": return (.actions(keyword(success: .ok, ignoreCode: .ignore, otherwise: .die)), nil)
        case "optional": return (.actions(keyword(success: .ok, ignoreCode: nil, otherwise: .ignore)), nil)
        case "sufficient": return (.actions(keyword(success: .done, ignoreCode: nil, otherwise: .ignore)), nil)
        case "include": return (.include, nil)
        case "substack": return (.substack, nil)
        default:
            let (actions, problem) = parseValues(Array(token.utf8))
            return (.actions(actions), problem)
        }
    }

    /// The problem reported for a jump too large for libpam's `int`: what libpam then does is not
    /// defined, so readers must refuse the line rather than guess.
    public static let overflow = "jump number too large for libpam"

    /// Every return code `bad`: what libpam installs for a line it cannot use.
    public static let allBad = PAMControl.actions(Array(repeating: .bad, count: PAMReturnCode.allCases.count))

    private static func keyword(success: PAMAction, ignoreCode: PAMAction?, otherwise: PAMAction) -> [PAMAction] {
        var actions = Array(repeating: otherwise, count: PAMReturnCode.allCases.count)
        actions[PAMReturnCode.success.rawValue] = success
        actions[PAMReturnCode.newAuthtokReqd.rawValue] = success
        if let ignoreCode { actions[PAMReturnCode.ignore.rawValue] = ignoreCode }
        return actions
    }

    /// `value=action` pairs separated by C white space; `default=` fills the codes not named.
    /// Unnamed codes default to `bad`. Any error makes every code `bad`, as in libpam.
    private static func parseValues(_ bytes: [UInt8]) -> ([PAMAction], String?) {
        let count = PAMReturnCode.allCases.count
        var actions: [PAMAction?] = Array(repeating: nil, count: count)
        let names = PAMReturnCode.tokens.map { Array($0.utf8) } + [Array("default".utf8)]
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        func rest() -> String { String(decoding: bytes[min(index, bytes.count)...], as: UTF8.self) }
        func failed(_ reason: String) -> ([PAMAction], String?) {
            (Array(repeating: .bad, count: count), "\(reason); [...\(rest())]")
        }
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            guard let value = names.firstIndex(where: { bytes[index...].starts(with: $0) }) else {
                return failed("expecting return value")
            }
            index += names[value].count
            guard index < bytes.count else { return failed("expecting return value") }
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return failed("expecting '='") }
            index += 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { return failed("expecting action") }
            let action: PAMAction
            if let named = PAMAction.named.first(where: { bytes[index...].starts(with: Array($0.0.utf8)) }) {
                action = named.1
                index += named.0.utf8.count
            } else {
                guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return failed("expecting jump number") }
                var number = 0
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    // libpam's int would overflow here; no real stack jumps this far.
                    guard number < 100_000_000 else { return failed(Self.overflow) }
                    number = number * 10 + Int(bytes[index] - 0x30)
                    index += 1
                }
                guard number > 0 else { return failed("expecting non-zero") }
                action = .jump(number)
            }
            if value < count {
                actions[value] = action
            } else {
                for code in 0..<count where actions[code] == nil { actions[code] = action }
            }
        }
        return (actions.map { $0 ?? .bad }, nil)
    }
}
