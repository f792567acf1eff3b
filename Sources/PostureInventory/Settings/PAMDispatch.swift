/// libpam's dispatcher (`_pam_dispatch_aux` in Linux-PAM 1.5.2) over one handler list, one step
/// at a time: the impression/status pair, `ok`/`done`/`bad`/`die`/`ignore`/`reset`, forward jumps
/// that count a substack as one line, `done`/`die` ending only the current substack, the substack
/// snapshots `reset` returns to, and the final sanity check.
public struct PAMDispatch: Hashable, Sendable {
    enum Impression: Int8, Hashable, Sendable {
        case negative = -1
        case undefined = 0
        case positive = 1
    }

    struct Snapshot: Hashable, Sendable {
        var impression: Impression = .undefined
        var status = PAMReturnCode.mustFail.rawValue
    }

    /// The next handler to run.
    public private(set) var index = 0
    var impression = Impression.undefined
    var status = PAMReturnCode.mustFail.rawValue
    var substates = Array(repeating: Snapshot(), count: 17)
    var previousLevel = 0
    /// What `pam_authenticate` returns, once the stack is decided.
    public private(set) var result: Int?

    public init(_ program: PAMProgram) {
        // No handlers at all: libpam logs "no modules loaded" and fails.
        if program.entries.isEmpty { result = PAMReturnCode.mustFail.rawValue }
    }

    /// Whether the next handler calls its module (false for lines libpam forces to fail and substack markers).
    public func callsModule(_ program: PAMProgram) -> Bool {
        result == nil && index < program.entries.count && program.entries[index].kind == .module
    }

    /// Runs the next handler; `code` is what its module returned (ignored when it calls none).
    public mutating func step(_ program: PAMProgram, code: Int) {
        let handlers = program.entries
        guard result == nil, index < handlers.count else { return }
        let handler = handlers[index]
        let level = min(max(handler.level, 0), substates.count - 1)
        if previousLevel < level { substates[level] = Snapshot(impression: impression, status: status) }
        var retval: Int
        switch handler.kind {
        case .substack:
            advance(from: index, level: level, program)
            return
        case .mustFail: retval = PAMReturnCode.mustFail.rawValue
        case .module: retval = code
        }
        if retval == PAMReturnCode.incomplete.rawValue {
            result = retval
            return
        }
        let action: PAMAction
        if retval < 0 || retval >= PAMReturnCode.allCases.count {
            retval = PAMReturnCode.mustFail.rawValue
            action = .bad
        } else {
            let actions = program.actions[index]
            action = retval < actions.count ? actions[retval] : .bad
        }
        var last = index
        switch action {
        case .reset:
            impression = substates[level].impression
            status = substates[level].status
        case .ok, .done:
            if impression == .undefined || (impression == .positive && status == PAMReturnCode.success.rawValue) {
                // Authentication never runs a frozen chain, so PAM_IGNORE is recorded as it came.
                impression = .positive
                status = retval
            }
            if impression == .positive, action == .done { last = decided(from: index, level: level, program) }
        case .bad, .die:
            if impression != .negative {
                impression = .negative
                status = retval == PAMReturnCode.ignore.rawValue ? PAMReturnCode.mustFail.rawValue : retval
            }
            if action == .die { last = decided(from: index, level: level, program) }
        case .ignore:
            break
        case .jump(let count):
            var remaining = count
            while last + 1 < handlers.count, handlers[last + 1].level >= level, remaining > 0 {
                repeat { last += 1 } while last + 1 < handlers.count && handlers[last + 1].level > level
                remaining -= 1
            }
            if remaining > 0 {
                // libpam logs "bad jump in stack".
                impression = .negative
                status = PAMReturnCode.mustFail.rawValue
            }
        }
        advance(from: last, level: level, program)
    }

    /// The last handler `done`/`die` skips to: the end of the current (sub)stack.
    private func decided(from index: Int, level: Int, _ program: PAMProgram) -> Int {
        let handlers = program.entries
        var last = index
        while last + 1 < handlers.count, handlers[last + 1].level >= level { last += 1 }
        return last
    }

    private mutating func advance(from last: Int, level: Int, _ program: PAMProgram) {
        previousLevel = level
        index = last + 1
        if index >= program.entries.count {
            // libpam's sanity check: success needs a positive impression.
            result = status == PAMReturnCode.success.rawValue && impression != .positive ? PAMReturnCode.mustFail.rawValue : status
        }
    }

    /// The whole run with the codes `outcome` gives each module it calls (index into `handlers`).
    public static func run(_ program: PAMProgram, outcome: (Int) -> Int) -> Int {
        var machine = PAMDispatch(program)
        while machine.result == nil {
            let code = machine.callsModule(program) ? outcome(machine.index) : 0
            machine.step(program, code: code)
        }
        return machine.result ?? PAMReturnCode.mustFail.rawValue
    }
}

/// A handler list with each line's actions worked out once.
public struct PAMProgram: Sendable {
    public let entries: [PAMEntry]
    let actions: [[PAMAction]]

    public init(_ entries: [PAMEntry]) {
        self.entries = entries
        actions = entries.map(\.actions)
    }
}
