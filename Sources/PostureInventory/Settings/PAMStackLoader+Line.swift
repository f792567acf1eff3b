/// One line of a pam.d file, field by field as `_pam_parse_conf_file` takes it.
extension PAMStackLoader {
    func parseLine(
        _ line: PAMLineParser.Line, path: String, type requested: String?, level: Int, nesting: Int,
        into entries: inout [PAMEntry]
    ) throws(Stop) {
        let source = "\(path):\(line.number)"
        var words = PAMLineParser.Words(line.bytes)
        var notes: [String] = []
        var mustFail = false
        var silent = false
        var type: String
        var debianInclude = false
        if var word = words.next().map(PAMLineParser.string) {
            if word.hasPrefix("-") {
                silent = true
                word.removeFirst()
            }
            let lower = word.lowercased()
            if Self.types.contains(lower) {
                type = lower
            } else if lower == "@include" {
                type = requested ?? "*"
                debianInclude = true
            } else {
                notes.append("illegal module type '\(word)'")
                type = requested ?? "auth"
                mustFail = true
            }
        } else {
            notes.append("empty module type")
            type = requested ?? "auth"
            mustFail = true
        }
        if let requested, type != requested, !debianInclude { return }

        if debianInclude {
            // Debian's `@include NAME`: every type (or the including line's), at this level.
            guard let name = words.next().map(PAMLineParser.string), !name.isEmpty else {
                throw .unsupported("\(source): error: '@include' without a file name crashes libpam")
            }
            let loaded = try include(name, source: source, type: requested, level: level, nesting: nesting, into: &entries)
            if !loaded {
                throw .unsupported("\(source): error: '@include \(name)' cannot be loaded; what libpam then installs is undefined")
            }
            return
        }

        var control = ""
        var keywordInclude: PAMControl?
        if let word = words.next().map(PAMLineParser.string) {
            control = word
            let (parsed, problem) = PAMControl.parse(word)
            if problem == PAMControl.overflow || problem?.hasPrefix(PAMControl.overflow) == true {
                throw .unsupported("\(source): error: control '[\(word)]' has a \(PAMControl.overflow)")
            }
            if let problem { notes.append("libpam logs \(problem): every return code counts as bad") }
            if parsed == .include || parsed == .substack { keywordInclude = parsed }
        } else {
            notes.append("no control flag")
            mustFail = true
        }

        if let keywordInclude {
            guard let name = words.next().map(PAMLineParser.string), !name.isEmpty else {
                throw .unsupported("\(source): error: '\(control)' without a file name crashes libpam")
            }
            let substack = keywordInclude == .substack
            if substack {
                try checkModuleName(name, source: source)
                entries.append(
                    PAMEntry(
                        type: type, control: control, module: name, source: source, silent: silent,
                        level: level, kind: .substack))
            }
            let loaded = try include(
                name, source: source, type: type, level: level + (substack ? 1 : 0),
                nesting: nesting, into: &entries)
            if !loaded {
                entries.append(
                    PAMEntry(
                        type: type, control: control, module: "", source: source, silent: silent, level: level,
                        kind: .mustFail, note: "'\(name)' could not be loaded: libpam installs a line that fails"))
            }
            return
        }

        let module = words.next().map(PAMLineParser.string)
        if module == nil, !mustFail {
            notes.append("no module name")
            mustFail = true
        }
        var args: [String] = []
        while let arg = words.next() { args.append(PAMLineParser.string(arg)) }
        try checkModuleName(module ?? "<*unknown module*>", source: source)
        entries.append(
            PAMEntry(
                type: type, control: control, module: module ?? "", args: args, source: source, silent: silent,
                level: level, kind: mustFail ? .mustFail : .module,
                note: notes.isEmpty ? nil : notes.joined(separator: "; ")))
    }

    /// libpam refuses a file whose line names a module it cannot name in its audit trail
    /// (`extract_modulename`: nothing, or `?`, once folders and the last extension are cut).
    func checkModuleName(_ path: String, source: String) throws(Stop) {
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let dot = name.lastIndex(of: ".") { name = name[..<dot] }
        if name.isEmpty || name == "?" {
            // libpam has already linked the half-built handler into its list: what follows is undefined (it may crash).
            throw .unsupported(
                "\(source): error: module name '\(path)' is empty or '?' once its folder and extension are cut; "
                    + "libpam leaves a half-built handler behind and may crash")
        }
    }

    /// Loads an included file; false when libpam could not (missing, refused, nested too deep).
    func include(
        _ name: String, source: String, type: String?, level: Int, nesting: Int,
        into entries: inout [PAMEntry]
    ) throws(Stop) -> Bool {
        // libpam's own bound: substacks stop at level 16.
        guard level < 16 else { return false }
        guard nesting < PAMParserLimits.nesting else {
            throw .unsupported(
                "\(source): error: includes nested deeper than \(PAMParserLimits.nesting) (a loop?); libpam would exhaust its file descriptors"
            )
        }
        let (path, content) = open(name)
        switch content {
        case .missing: return false
        case .unreadable(let reason): throw .unsupported("\(path): error: cannot be read (\(reason))")
        case .found(let bytes):
            do {
                try parse(bytes, path: path, type: type, level: level, nesting: nesting + 1, into: &entries)
            } catch .libpamAborts {
                return false
            }
            return true
        }
    }
}
