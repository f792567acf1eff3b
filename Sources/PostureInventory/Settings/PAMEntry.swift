/// One handler libpam installs for a service, in dispatch order: a module line, a line libpam
/// forces to fail, or the marker that opens a substack (whose lines follow at `level + 1`).
public struct PAMEntry: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case module
        /// libpam installs the line but makes it fail (`PAM_HT_MUST_FAIL`): bad type, no control, …
        case mustFail = "must_fail"
        /// The `substack` line itself; libpam skips it when dispatching.
        case substack
    }

    /// `auth`, `account`, `password` or `session` (lower case).
    public var type: String
    /// The control as written (`required`, `[success=1 default=ignore]` without the brackets kept).
    public var control: String
    /// The module path as written (relative to the module folder, or absolute); the file for a substack.
    public var module: String
    public var args: [String]
    /// `file:line` of the line.
    public var source: String?
    /// Written `-type`: libpam does not log a module that fails to load (it still fails).
    public var silent: Bool
    /// Substack depth, 0 for the service's own stack.
    public var level: Int
    public var kind: Kind
    /// Why libpam forces this line to fail, or what it logged about it.
    public var note: String?

    public init(
        type: String, control: String, module: String, args: [String] = [], source: String? = nil,
        silent: Bool = false, level: Int = 0, kind: Kind = .module, note: String? = nil
    ) {
        self.type = type
        self.control = control
        self.module = module
        self.args = args
        self.source = source
        self.silent = silent
        self.level = level
        self.kind = kind
        self.note = note
    }

    /// One action per return code, as libpam derived them from the control.
    public var actions: [PAMAction] {
        switch PAMControl.parse(control).control {
        case .actions(let actions): actions
        // An include or substack that failed to load: libpam never set its actions, so all are bad.
        case .include, .substack: Array(repeating: .bad, count: PAMReturnCode.allCases.count)
        }
    }

    /// The module's file name without folders (`pam_unix.so`).
    public var moduleName: String {
        module.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? module
    }

    /// The control as it would be written: `[…]` around value=action pairs.
    public var writtenControl: String { control.contains(where: { $0 == " " || $0 == "=" }) ? "[\(control)]" : control }

    /// `auth required pam_unix.so nullok`: the line as libpam understood it.
    public var text: String {
        let control = writtenControl
        return ([(silent ? "-" : "") + type, control, module] + args).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Where and what, for evidence: `/etc/pam.d/sshd:3: auth required pam_unix.so`.
    public var described: String { (source.map { $0 + ": " } ?? "") + text }
}

extension PAMEntry {
    /// The inventory form: an object with the fields above (defaults left out).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "type": .string(type), "control": .string(writtenControl), "module": .string(module),
            "args": .array(args.map { .string($0) }), "level": .number(Double(level)),
        ]
        if let source { object["source"] = .string(source) }
        if silent { object["silent"] = .bool(true) }
        if kind != .module { object["kind"] = .string(kind.rawValue) }
        if let note { object["note"] = .string(note) }
        return .object(object)
    }

    /// Reads either form of an entry: the object above, or the older string `type control module args`
    /// (includes already expanded, no positions). nil when it is neither.
    public init?(json value: JSONValue) {
        switch value {
        case .string(let line):
            guard let entry = PAMLineParser.entry(fromLine: line) else { return nil }
            self = entry
        case .object(let object):
            guard case .string(let type)? = object["type"], case .string(let written)? = object["control"] else { return nil }
            // `[…]` written out: the brackets go, as libpam's tokenizer drops them.
            var words = PAMLineParser.Words(Array(written.utf8))
            let control = written.hasPrefix("[") ? words.next().map(PAMLineParser.string) ?? "" : written
            var module = ""
            if case .string(let value)? = object["module"] { module = value }
            var args: [String] = []
            if case .array(let values)? = object["args"] {
                args = values.compactMap { if case .string(let arg) = $0 { arg } else { nil } }
            }
            var level = 0
            if case .number(let value)? = object["level"], value >= 0, value < 64 { level = Int(value) }
            var kind = Kind.module
            if case .string(let value)? = object["kind"] {
                guard let known = Kind(rawValue: value) else { return nil }
                kind = known
            }
            var source: String?
            if case .string(let value)? = object["source"] { source = value }
            var note: String?
            if case .string(let value)? = object["note"] { note = value }
            var silent = false
            if case .bool(let value)? = object["silent"] { silent = value }
            self.init(
                type: type.lowercased(), control: control, module: module, args: args, source: source,
                silent: silent, level: level, kind: kind, note: note)
        default:
            return nil
        }
    }
}
