/// A compiled regex: instructions for `RegexMachine`, at most `maximumSize` of them, so the work per
/// input scalar is bounded by a constant fixed when the rule loads.
struct RegexProgram: Sendable {
    /// At most this many instructions (the work per input scalar grows with it).
    static let maximumSize = 1000

    enum Instruction: Sendable {
        case scalar(Unicode.Scalar)
        /// Compares case keys (`CaseFolding.key`).
        case caselessScalar(Unicode.Scalar)
        case set(ScalarSet)
        case assertion(RegexAssertion)
        /// Try both; the first is preferred.
        case split(Int, Int)
        case jump(Int)
        case match
    }

    let instructions: [Instruction]

    static func compile(_ node: RegexNode) throws(RegexSyntaxError) -> RegexProgram {
        let size = estimatedSize(node) + 1
        if size > maximumSize {
            throw RegexSyntaxError(
                column: 1,
                message: "the pattern compiles to more than \(maximumSize) states (\(size >= Int.max / 4 ? "far more" : "\(size)")); "
                    + "use smaller counts in {m,n} or fewer alternatives")
        }
        var builder = Builder()
        builder.emit(node)
        builder.instructions.append(.match)
        return RegexProgram(instructions: builder.instructions)
    }

    /// The instructions `Builder.emit` will produce, saturating instead of overflowing.
    private static func estimatedSize(_ node: RegexNode) -> Int {
        let cap = Int.max / 4
        switch node {
        case .empty: return 0
        case .scalar, .set, .assertion: return 1
        case .concatenation(let items): return min(items.reduce(0) { min($0 + estimatedSize($1), cap) }, cap)
        case .alternation(let branches):
            return min(branches.reduce(0) { min($0 + estimatedSize($1) + 2, cap) }, cap)
        case .repetition(let inner, let low, let high):
            let body = estimatedSize(inner)
            let copies = high.map { $0 } ?? (low + 1)
            let multiplied = body.multipliedReportingOverflow(by: max(copies, 1))
            return multiplied.overflow ? cap : min(multiplied.partialValue + copies + 2, cap)
        }
    }

    private struct Builder {
        var instructions: [Instruction] = []

        mutating func emit(_ node: RegexNode) {
            switch node {
            case .empty: break
            case .scalar(let scalar, let caseless):
                instructions.append(caseless ? .caselessScalar(CaseFolding.key(scalar)) : .scalar(scalar))
            case .set(let set): instructions.append(.set(set))
            case .assertion(let assertion): instructions.append(.assertion(assertion))
            case .concatenation(let items): for item in items { emit(item) }
            case .alternation(let branches): alternation(branches)
            case .repetition(let inner, let low, let high):
                for _ in 0..<low { emit(inner) }
                if let high {
                    optionalCopies(inner, count: high - low)
                } else {
                    star(inner)
                }
            }
        }

        private mutating func alternation(_ branches: [RegexNode]) {
            var exits: [Int] = []
            for (position, branch) in branches.enumerated() {
                if position == branches.count - 1 {
                    emit(branch)
                    break
                }
                let split = placeholder()
                emit(branch)
                exits.append(placeholder())
                instructions[split] = .split(split + 1, instructions.count)
            }
            for exit in exits { instructions[exit] = .jump(instructions.count) }
        }

        private mutating func star(_ inner: RegexNode) {
            let loop = placeholder()
            emit(inner)
            instructions.append(.jump(loop))
            instructions[loop] = .split(loop + 1, instructions.count)
        }

        /// `x{0,n}` as `(x(x(x)?)?)?`: each copy only when the previous one matched.
        private mutating func optionalCopies(_ inner: RegexNode, count: Int) {
            var splits: [Int] = []
            for _ in 0..<count {
                splits.append(placeholder())
                emit(inner)
            }
            for split in splits { instructions[split] = .split(split + 1, instructions.count) }
        }

        private mutating func placeholder() -> Int {
            instructions.append(.jump(-1))
            return instructions.count - 1
        }
    }
}
