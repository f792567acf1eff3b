/// Every way `pam_authenticate` can go through a stack: each module may return any code (one
/// code stands for all the codes its line treats alike), `pam_deny` always fails and
/// `pam_permit` always succeeds. Used to ask "can a login succeed without X?" and to show the
/// lines of a path that does.
public enum PAMPaths {
    /// One module call on a path.
    public struct Step: Equatable, Sendable {
        public var index: Int
        public var code: Int
    }

    /// A path that breaks the property asked about, or why none could be decided.
    public enum Answer: Equatable, Sendable {
        /// No path breaks the property.
        case holds
        /// This path does: the module calls in order and the stack's result.
        case broken(steps: [Step], result: Int)
        /// Too many distinct states to explore.
        case undecided
    }

    /// A bound on states explored, so a hostile stack cannot make a check run for long.
    public static let stateLimit = 200_000

    /// The codes worth trying for one line: one per distinct effect, success, ignore and auth_err always apart.
    static func representatives(_ entry: PAMEntry, actions: [PAMAction]) -> [Int] {
        switch entry.moduleName {
        case "pam_deny.so": return [PAMReturnCode.authErr.rawValue]
        case "pam_permit.so": return [PAMReturnCode.success.rawValue]
        default: break
        }
        struct Effect: Hashable {
            var action: PAMAction
            var code: Int?
        }
        let special: Set<Int> = [PAMReturnCode.success.rawValue, PAMReturnCode.ignore.rawValue, PAMReturnCode.authErr.rawValue]
        var seen: Set<Effect> = []
        var codes: [Int] = []
        let order = [0, 25, 7] + (0..<PAMReturnCode.allCases.count).filter { ![0, 25, 7, PAMReturnCode.incomplete.rawValue].contains($0) }
        for code in order where code < actions.count {
            let effect = Effect(action: actions[code], code: special.contains(code) ? code : nil)
            if seen.insert(effect).inserted { codes.append(code) }
        }
        return codes
    }

    struct Visit: Hashable {
        var machine: PAMDispatch
        var marks: UInt8
    }

    /// Searches for a path whose end breaks the property. `mark` gives the bits a module call
    /// sets (which module, what it returned); `breaks` judges a finished path by its result and bits.
    /// `never` rules out codes a module is known not to return (a second factor that never says
    /// `ignore` unless told to let users without a token through).
    public static func find(
        _ program: PAMProgram, never: (PAMEntry, Int) -> Bool = { _, _ in false },
        mark: (PAMEntry, Int) -> UInt8, breaks: (_ result: Int, _ marks: UInt8) -> Bool
    ) -> Answer {
        let choices = program.entries.indices.map { index in
            representatives(program.entries[index], actions: program.actions[index]).filter { !never(program.entries[index], $0) }
        }
        var seen: Set<Visit> = []
        var pending: [(Visit, [Step])] = [(Visit(machine: PAMDispatch(program), marks: 0), [])]
        while let item = pending.popLast() {
            let (visit, steps) = item
            guard seen.insert(visit).inserted else { continue }
            guard seen.count <= stateLimit else { return .undecided }
            if let result = visit.machine.result {
                if breaks(result, visit.marks) { return .broken(steps: steps, result: result) }
                continue
            }
            let index = visit.machine.index
            guard visit.machine.callsModule(program) else {
                var machine = visit.machine
                machine.step(program, code: 0)
                pending.append((Visit(machine: machine, marks: visit.marks), steps))
                continue
            }
            for code in choices[index].reversed() {
                var machine = visit.machine
                machine.step(program, code: code)
                pending.append(
                    (
                        Visit(machine: machine, marks: visit.marks | mark(program.entries[index], code)),
                        steps + [Step(index: index, code: code)]
                    ))
            }
        }
        return .holds
    }

    /// Words for a path: `/etc/pam.d/common-auth:17 pam_unix.so → success` per call, then the result.
    public static func describe(_ steps: [Step], result: Int, in program: PAMProgram) -> String {
        let calls = steps.map { step -> String in
            let entry = program.entries[step.index]
            let code = PAMReturnCode(rawValue: step.code)?.token ?? String(step.code)
            return "\(entry.source.map { $0 + " " } ?? "")\(entry.moduleName) [\(entry.control)] → \(code)"
        }
        let outcome = result == 0 ? "login succeeds" : "login fails (\(PAMReturnCode(rawValue: result)?.token ?? String(result)))"
        return (calls.isEmpty ? "no module runs" : calls.joined(separator: "; ")) + "; " + outcome
    }
}
