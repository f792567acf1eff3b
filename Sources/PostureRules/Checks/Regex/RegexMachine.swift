/// Runs a `RegexProgram` over text as a Pike VM: every alive thread advances one scalar at a time,
/// and at most one thread per instruction is kept, so the work is O(program size × text length)
/// whatever the pattern (`(a|aa)*b` over 200,000 lines included). Nothing backtracks.
struct RegexMachine {
    /// What a search found.
    enum Outcome: Equatable {
        /// A match starts here (the leftmost one when asked for it).
        case found(String.Index)
        case notFound
        /// The text or the time ran out before an answer; the words say which.
        case gaveUp(String)
    }

    /// Texts longer than this are refused rather than searched.
    static let maximumInputBytes = 16 << 20

    let program: RegexProgram

    /// Searches `text`; with `leftmost`, keeps going until the leftmost start is certain.
    func search(_ text: String, leftmost: Bool, deadline: ContinuousClock.Instant?) -> Outcome {
        let byteCount = text.utf8.count
        if byteCount > Self.maximumInputBytes {
            return .gaveUp("the text is \(byteCount) bytes; regexes read at most \(Self.maximumInputBytes >> 20) MiB")
        }
        let result: Result<Int?, GaveUp> =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                run(UTF8Cursor(bytes: bytes), leftmost: leftmost, deadline: deadline)
            }
            ?? Array(text.utf8).withUnsafeBufferPointer { bytes in
                run(UTF8Cursor(bytes: bytes), leftmost: leftmost, deadline: deadline)
            }
        switch result {
        case .failure(let gaveUp): return .gaveUp(gaveUp.reason)
        case .success(nil): return .notFound
        case .success(let offset?): return .found(text.utf8.index(text.utf8.startIndex, offsetBy: offset))
        }
    }

    private struct GaveUp: Error { var reason: String }

    /// The Pike VM proper, over UTF-8 bytes; returns the byte offset where the (leftmost) match starts.
    private func run(_ cursor: UTF8Cursor, leftmost: Bool, deadline: ContinuousClock.Instant?) -> Result<Int?, GaveUp> {
        var threads = Threads(program: program)
        defer { threads.deallocate() }
        var position = 0
        var previous: Unicode.Scalar?
        var (scalar, width) = cursor.decode(at: 0)
        var steps = 0
        while true {
            if threads.best == nil { threads.add(pc: 0, start: position, before: previous, after: scalar, toNext: false) }
            if let best = threads.best, !leftmost || threads.currentCount == 0 { return .success(best) }
            guard let current = scalar, threads.currentCount > 0 || threads.best == nil else { break }
            let following = position + width
            let (lookahead, nextWidth) = cursor.decode(at: following)
            threads.step(over: current, lookahead: lookahead)
            previous = current
            position = following
            scalar = lookahead
            width = nextWidth
            steps += 1
            if steps & 0x3FF == 0, let deadline, ContinuousClock.now > deadline {
                return .failure(GaveUp(reason: "the time for this rule ran out while matching \(program.description)"))
            }
        }
        return .success(threads.best)
    }

    static func holds(_ assertion: RegexAssertion, before: Unicode.Scalar?, after: Unicode.Scalar?) -> Bool {
        // A line starts after any terminator but not at the very end of the text (as ICU); "\r\n" is
        // one terminator, so no line starts or ends between its halves (ICU agrees for a leading '^').
        let insideCRLF = before == "\r" && after == "\n"
        switch assertion {
        case .textStart: return before == nil
        case .textEnd: return after == nil
        case .lineStart:
            guard let before else { return true }
            return ScalarClasses.isLineTerminator(before) && !insideCRLF && after != nil
        case .lineEnd:
            guard let after else { return true }
            return ScalarClasses.isLineTerminator(after) && !insideCRLF
        case .wordBoundary, .notWordBoundary:
            let boundary = (before.map(ScalarClasses.isWord) ?? false) != (after.map(ScalarClasses.isWord) ?? false)
            return boundary == (assertion == .wordBoundary)
        }
    }
}

extension RegexProgram: CustomStringConvertible {
    var description: String { "a pattern of \(instructions.count) states" }
}

/// Decodes scalars from UTF-8 (a String's bytes are valid UTF-8).
private struct UTF8Cursor {
    let bytes: UnsafeBufferPointer<UInt8>

    /// The scalar at `offset` and its width in bytes; nil past the end.
    func decode(at offset: Int) -> (Unicode.Scalar?, Int) {
        guard offset < bytes.count else { return (nil, 0) }
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard offset + width <= bytes.count else { return ("\u{FFFD}", 1) }
        var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for index in 1..<width { value = value << 6 | (UInt32(bytes[offset + index]) & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }
}

/// The threads alive at the current and the next position, in priority order, at most one per
/// instruction each, with where each thread's match attempt started.
private struct Threads {
    private let opcodes: UnsafeMutableBufferPointer<Opcode>
    private let operands: UnsafeMutableBufferPointer<Int>
    private let alternates: UnsafeMutableBufferPointer<Int>
    private let sets: [ScalarSet]
    private let assertions: [RegexAssertion]
    private var current: ThreadSet
    private var next: ThreadSet
    private var stack: [Int] = []
    /// The leftmost start of a match found so far.
    private(set) var best: Int?

    private enum Opcode { case scalar, caseless, set, assertion, split, jump, match }

    init(program: RegexProgram) {
        var opcodes: [Opcode] = []
        var operands: [Int] = []
        var alternates: [Int] = []
        var sets: [ScalarSet] = []
        var assertions: [RegexAssertion] = []
        for instruction in program.instructions {
            var alternate = 0
            switch instruction {
            case .scalar(let scalar):
                opcodes.append(.scalar)
                operands.append(Int(scalar.value))
            case .caselessScalar(let key):
                opcodes.append(.caseless)
                operands.append(Int(key.value))
            case .set(let set):
                opcodes.append(.set)
                operands.append(sets.count)
                sets.append(set)
            case .assertion(let assertion):
                opcodes.append(.assertion)
                operands.append(assertions.count)
                assertions.append(assertion)
            case .split(let first, let second):
                opcodes.append(.split)
                operands.append(first)
                alternate = second
            case .jump(let target):
                opcodes.append(.jump)
                operands.append(target)
            case .match:
                opcodes.append(.match)
                operands.append(0)
            }
            alternates.append(alternate)
        }
        self.opcodes = .allocate(capacity: opcodes.count)
        _ = self.opcodes.initialize(from: opcodes)
        self.operands = .allocate(capacity: operands.count)
        _ = self.operands.initialize(from: operands)
        self.alternates = .allocate(capacity: alternates.count)
        _ = self.alternates.initialize(from: alternates)
        (self.sets, self.assertions) = (sets, assertions)
        current = ThreadSet(capacity: opcodes.count)
        next = ThreadSet(capacity: opcodes.count)
        stack.reserveCapacity(opcodes.count * 2)
    }

    var currentCount: Int { current.count }

    func deallocate() {
        current.deallocate()
        next.deallocate()
        opcodes.deallocate()
        operands.deallocate()
        alternates.deallocate()
    }

    /// Follows jumps, splits and assertions from `pc`, keeping the threads that wait for a scalar.
    mutating func add(pc: Int, start: Int, before: Unicode.Scalar?, after: Unicode.Scalar?, toNext: Bool) {
        stack.append(pc)
        while let pc = stack.popLast() {
            guard pc >= 0, pc < opcodes.count else { continue }
            if toNext {
                if next.contains(pc) { continue }
                next.insert(pc, start: start)
            } else {
                if current.contains(pc) { continue }
                current.insert(pc, start: start)
            }
            switch opcodes[pc] {
            case .jump: stack.append(operands[pc])
            case .split:
                stack.append(alternates[pc])
                stack.append(operands[pc])
            case .assertion:
                if RegexMachine.holds(assertions[operands[pc]], before: before, after: after) { stack.append(pc + 1) }
            case .match:
                if best.map({ start < $0 }) ?? true { best = start }
            case .scalar, .caseless, .set: break
            }
        }
    }

    /// Advances every current thread over `scalar`; the survivors become the current threads.
    mutating func step(over scalar: Unicode.Scalar, lookahead: Unicode.Scalar?) {
        next.removeAll()
        var key: Int?
        for slot in 0..<current.count {
            let (pc, start) = current.thread(at: slot)
            // A thread that started at or after a match already found cannot start further left.
            if let best, start >= best { continue }
            let advances: Bool
            switch opcodes[pc] {
            case .scalar: advances = Int(scalar.value) == operands[pc]
            case .caseless:
                if key == nil { key = Int(CaseFolding.key(scalar).value) }
                advances = key == operands[pc]
            case .set: advances = sets[operands[pc]].contains(scalar)
            default: advances = false
            }
            if advances { add(pc: pc + 1, start: start, before: scalar, after: lookahead, toNext: true) }
        }
        swap(&current, &next)
    }
}

/// A set of instruction numbers with a start offset each, cleared in constant time. Raw storage:
/// this is the innermost loop, and it must stay fast in debug builds too.
private struct ThreadSet {
    private let sparse: UnsafeMutableBufferPointer<Int>
    private let dense: UnsafeMutableBufferPointer<Int>
    private let starts: UnsafeMutableBufferPointer<Int>
    private(set) var count = 0

    init(capacity: Int) {
        sparse = .allocate(capacity: capacity)
        sparse.initialize(repeating: 0)
        dense = .allocate(capacity: capacity)
        dense.initialize(repeating: 0)
        starts = .allocate(capacity: capacity)
        starts.initialize(repeating: 0)
    }

    func deallocate() {
        sparse.deallocate()
        dense.deallocate()
        starts.deallocate()
    }

    func contains(_ pc: Int) -> Bool {
        let slot = sparse[pc]
        return slot < count && dense[slot] == pc
    }

    mutating func insert(_ pc: Int, start: Int) {
        sparse[pc] = count
        dense[count] = pc
        starts[count] = start
        count += 1
    }

    func thread(at slot: Int) -> (pc: Int, start: Int) { (dense[slot], starts[slot]) }

    mutating func removeAll() { count = 0 }
}
