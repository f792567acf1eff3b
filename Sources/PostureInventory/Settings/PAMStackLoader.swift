/// Builds a service's handler lists from pam.d files the way Linux-PAM 1.5.2 (Debian build) does in
/// `_pam_init_handlers`: the service's file, then `other`; `include`, `substack` and Debian's
/// `@include` followed with libpam's type filter and substack levels; a line libpam cannot use
/// installed as a handler that fails, as libpam does; a file libpam refuses fails the whole stack.
public struct PAMStackLoader {
    /// What reading one file gave.
    public enum FileContent {
        case found([UInt8])
        case missing
        case unreadable(String)
    }

    /// A service's stacks, or why libpam (or this reader) cannot build them.
    public struct Stack: Equatable, Sendable {
        /// Every handler, by type in dispatch order (the service's own lines, or `other`'s for a type it lacks).
        public var entries: [PAMEntry]
        /// `file:line: error: …` when `pam_start` would fail, or libpam's behaviour is not defined.
        public var failure: String?

        /// The handlers `pam_authenticate` runs.
        public var auth: [PAMEntry] { entries.filter { $0.type == "auth" } }
    }

    public static let types = ["auth", "account", "password", "session"]

    let read: (String) -> FileContent
    /// Where a relative service or include name is looked up, in order.
    let folders: [String]

    public init(folders: [String] = ["/etc/pam.d", "/usr/lib/pam.d"], read: @escaping (String) -> FileContent) {
        self.folders = folders
        self.read = read
    }

    /// Why a file's reading stopped: libpam's refusal (an including line then fails), or a case this
    /// reader will not guess at (libpam crashes, behaves undefinedly, or a bound was passed).
    enum Stop: Error {
        case libpamAborts(String)
        case unsupported(String)
    }

    public func load(service: String) -> Stack {
        let service = service.lowercased()
        var own: [PAMEntry] = []
        var other: [PAMEntry] = []
        var readSomething = false
        do {
            if service != "other" {
                readSomething = try parseTop(service, into: &own)
            }
            if try parseTop("other", into: &other) { readSomething = true }
            // For the service `other`, libpam reads the file twice, both times as the fallback.
            if service == "other", readSomething { other += other }
        } catch {
            switch error {
            case .libpamAborts(let reason):
                return Stack(entries: own, failure: reason + "; pam_start fails for every program using '\(service)'")
            case .unsupported(let reason):
                return Stack(entries: own, failure: reason)
            }
        }
        guard readSomething else {
            return Stack(
                entries: [],
                failure:
                    "\(folders.first ?? "/etc/pam.d")/\(service): error: neither the service's file nor 'other' exists; pam_start fails")
        }
        var entries: [PAMEntry] = []
        for type in Self.types {
            let mine = own.filter { $0.type == type }
            entries += mine.isEmpty ? other.filter { $0.type == type } : mine
        }
        return Stack(entries: entries, failure: nil)
    }

    /// Looks a name up as libpam does: an absolute path as is, else in each folder in turn.
    func open(_ name: String) -> (path: String, content: FileContent) {
        if name.hasPrefix("/") { return (name, read(name)) }
        var last: (String, FileContent) = ("\(folders.first ?? "/etc/pam.d")/\(name)", .missing)
        for folder in folders {
            let path = "\(folder)/\(name)"
            let content = read(path)
            if case .missing = content { continue }
            return (path, content)
        }
        if let first = folders.first { last = ("\(first)/\(name)", .missing) }
        return last
    }

    /// A top-level file: false when it does not exist (libpam goes on), throws when libpam refuses it.
    private func parseTop(_ name: String, into entries: inout [PAMEntry]) throws(Stop) -> Bool {
        let (path, content) = open(name)
        switch content {
        case .missing: return false
        case .unreadable(let reason): throw .unsupported("\(path): error: cannot be read (\(reason))")
        case .found(let bytes): try parse(bytes, path: path, type: nil, level: 0, nesting: 0, into: &entries)
        }
        return true
    }

    /// One file's lines appended to `entries` (libpam keeps what it added before a refusal).
    func parse(
        _ bytes: [UInt8], path: String, type requested: String?, level: Int, nesting: Int,
        into entries: inout [PAMEntry]
    ) throws(Stop) {
        guard bytes.count <= PAMParserLimits.fileBytes else {
            throw .unsupported("\(path): error: larger than \(PAMParserLimits.fileBytes) bytes")
        }
        let (lines, error) = PAMLineParser.lines(bytes)
        for line in lines {
            try parseLine(line, path: path, type: requested, level: level, nesting: nesting, into: &entries)
            guard entries.count <= PAMParserLimits.entries else {
                throw .unsupported("\(path):\(line.number): error: more than \(PAMParserLimits.entries) handlers for one service")
            }
        }
        switch error {
        case nil: break
        case .continuedAtEnd(let line)?: throw .libpamAborts("\(path):\(line): error: \(error?.reason ?? "")")
        case let error?: throw .unsupported("\(path):\(error.line): error: \(error.reason)")
        }
    }
}
