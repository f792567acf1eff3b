import Foundation

/// Random pam.d folders for the differential test: keyword and `[value=action]` controls (jumps,
/// reset, malformed ones), include/substack/@include (relative and absolute, missing files),
/// `-type` lines, modules that do not exist, upper-case variants, comments, continuations, CRLF,
/// blank lines of odd white space, lines libpam rejects, and an `other` file now and then.
struct PAMStackGenerator {
    var random: SeededRandom
    /// The stub module every present line uses.
    let stub: String

    /// One generated case: file name → text, and the module names its lines give the stub.
    struct Stack {
        var files: [String: String]
        var names: [String]
    }

    static let values = [
        "success", "auth_err", "ignore", "perm_denied", "user_unknown", "authinfo_unavail", "cred_err",
        "new_authtok_reqd", "maxtries", "default", "default", "default", "system_err", "abort", "incomplete",
    ]
    static let actions = ["ok", "done", "bad", "die", "ignore", "reset", "1", "2", "3", "ok", "done", "bad", "ignore"]

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    mutating func chance(_ percent: Int) -> Bool { Int(random.next() % 100) < percent }

    mutating func casing(_ word: String) -> String {
        switch random.next() % 10 {
        case 0: word.uppercased()
        case 1: word.prefix(1).uppercased() + word.dropFirst()
        default: word
        }
    }

    mutating func control() -> String {
        if chance(55) { return casing(pick(["required", "requisite", "sufficient", "optional"])) }
        if chance(4) { return pick(["sufficent", "[success=]", "[succes=ok]", "[success=0]", "[success=ok default]", "[ success = 2 ]"]) }
        var pairs: [String] = []
        for _ in 0..<(1 + Int(random.next() % 3)) { pairs.append("\(pick(Self.values))=\(pick(Self.actions))") }
        return "[" + pairs.joined(separator: " ") + "]"
    }

    mutating func moduleLine(_ names: inout [String]) -> String {
        let type = (chance(8) ? "-" : "") + (chance(90) ? casing("auth") : pick(["account", "session", "password"]))
        let name = "m\(names.count)"
        names.append(name)
        var module = stub
        if chance(10) { module = pick(["/nonexistent/pam_gone.so", "pam_posture_missing.so"]) }
        if chance(4) { module = "[\(stub)]" }
        var args = ["name=\(name)"]
        if chance(20) { args.insert(pick(["debug", "nullok", "[x=a b]", "try_first_pass"]), at: 0) }
        return "\(type) \(control()) \(module) \(args.joined(separator: " "))"
    }

    mutating func oddLine(_ names: inout [String]) -> String {
        switch random.next() % 8 {
        case 0: return "# a comment"
        case 1: return pick(["\r", " \t ", "\u{0C}", "\u{0B}", ""])
        case 2: return "bogus required \(stub) name=bogus\(names.count)"
        case 3: return pick(["auth", "auth required", "AUTH sufficient"])
        case 4: return "auth required \(stub) name=c\(names.count) # trailing comment"
        case 5: return "auth \(control()) \(stub) \\\n   name=k\(names.count)"
        case 6: return "auth required \(stub) \\\n\n# between\n name=j\(names.count)"
        default:
            // A module libpam cannot name (undefined behaviour: our reader refuses it) only now and then.
            if chance(20) { return pick(["auth required ?", "auth optional .so"]) }
            return "auth required \(stub) name=x \\"
        }
    }

    /// A service `svc` and up to three more files; includes only point forward (no loops).
    mutating func stack() -> Stack {
        var names: [String] = []
        let count = 1 + Int(random.next() % 3)
        let fileNames = ["svc"] + (1...count).map { "f\($0)" }
        var files: [String: String] = [:]
        for (index, file) in fileNames.enumerated() {
            var lines: [String] = []
            for _ in 0..<(1 + Int(random.next() % 6)) {
                let later = fileNames.dropFirst(index + 1)
                if !later.isEmpty, chance(25) {
                    let target = pick(Array(later))
                    let path = chance(25) ? "/etc/pam.d/\(target)" : target
                    switch random.next() % 5 {
                    case 0: lines.append("\(casing("auth")) \(casing("include")) \(path)")
                    case 1: lines.append("\(casing("auth")) \(casing("substack")) \(path)")
                    case 2: lines.append("\(chance(20) ? "-" : "")\(casing("@include")) \(path)")
                    case 3: lines.append("auth \(pick(["include", "substack"])) nosuchfile")
                    default: lines.append("\(casing("auth")) substack \(path)")
                    }
                } else if chance(15) {
                    lines.append(oddLine(&names))
                } else {
                    lines.append(moduleLine(&names))
                }
            }
            var text = lines.joined(separator: "\n") + (chance(90) ? "\n" : "")
            if chance(10) { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
            files[file] = text
        }
        if chance(15) {
            files["other"] = "auth \(control()) \(stub) name=o1\nauth required \(stub) name=o2\n"
            names += ["o1", "o2"]
            if chance(50) { files["svc"] = "account required \(stub) name=acct\n" }
        }
        return Stack(files: files, names: names)
    }

    /// A return code for a module: mostly success and auth_err, sometimes anything libpam knows
    /// (incomplete included), now and then one it does not.
    mutating func code() -> Int {
        switch random.next() % 20 {
        case 0...6: 0
        case 7...11: 7
        case 12, 13: 25
        case 14: pick([31, 40, -1])
        default: Int(random.next() % 31)
        }
    }
}
