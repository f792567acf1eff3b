/// The dpkg status database (`var/lib/dpkg/status`) read as dpkg itself reads it (lib/dpkg/parse.c
/// and fields.c): field names in any case, continuation lines, the three words of `Status`, and
/// the checks that make dpkg refuse the whole file (a bad status word, a duplicate field, a missing
/// or malformed version, triggers that contradict the status). A file dpkg refuses is an error
/// naming `file:line`, never a partial list.
///
/// Which entries have files on disk follows dpkg's states: `not-installed` has none and
/// `config-files` only its conffiles; every other state (half-installed, unpacked,
/// half-configured, triggers-awaited, triggers-pending, installed) has the package's files, and
/// apt gives all of them a current version, so they can be upgraded.
enum DpkgStatus {
    /// dpkg's package states, in dpkg's order (the order matters for the trigger checks).
    enum State: String, CaseIterable, Comparable {
        case notInstalled = "not-installed"
        case configFiles = "config-files"
        case halfInstalled = "half-installed"
        case unpacked
        case halfConfigured = "half-configured"
        case triggersAwaited = "triggers-awaited"
        case triggersPending = "triggers-pending"
        case installed

        static func < (lhs: State, rhs: State) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }

        /// The package's files are (at least partly) on disk, and apt treats it as installed.
        var hasFilesOnDisk: Bool { self != .notInstalled && self != .configFiles }
    }

    static let wants = ["unknown", "install", "hold", "deinstall", "purge"]
    static let errorFlags = ["ok", "reinstreq"]

    /// One stanza of the database.
    struct Entry: Equatable {
        var name: String
        var architecture: String?
        var version: String?
        var source: String?
        var want: String
        var errorFlag: String
        var state: State
        var multiArchSame: Bool
        /// The line the stanza starts on.
        var line: Int

        var status: String { "\(want) \(errorFlag) \(state.rawValue)" }
    }

    struct ParseError: Error, Equatable, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// Every stanza of the file, or the first error that makes dpkg refuse it.
    static func parse(_ bytes: [UInt8]) -> Result<[Entry], ParseError> {
        var entries: [Entry] = []
        var error: ParseError?
        ControlStanzas.read(bytes) { stanza in
            switch entry(stanza) {
            case .success(let entry?): entries.append(entry)
            case .success(nil): break
            case .failure(let failure):
                error = failure
                return false
            }
            return true
        } failed: {
            error = $0
        }
        if let error { return .failure(error) }
        // dpkg keeps one instance per name unless every instance is Multi-Arch: same.
        var byName: [String: [Entry]] = [:]
        for entry in entries where entry.state != .notInstalled { byName[entry.name, default: []].append(entry) }
        for (_, instances) in byName where instances.count > 1 {
            let architectures = instances.map { $0.architecture ?? "" }
            if !instances.allSatisfy(\.multiArchSame) || Set(architectures).count != architectures.count {
                let last = instances.map(\.line).max() ?? 0
                return .failure(
                    ParseError(line: last, message: "package '\(instances[0].name)': multiple non-coinstallable package instances present"))
            }
        }
        return .success(entries)
    }

    private static func entry(_ stanza: ControlStanzas.Stanza) -> Result<Entry?, ParseError> {
        let fields = stanza.fields
        guard let rawName = fields["package"]?.value else {
            return .failure(ParseError(line: stanza.endLine, message: "missing 'Package' field"))
        }
        let name = rawName.lowercased()
        let fail = { (line: Int, message: String) in
            Result<Entry?, ParseError>.failure(ParseError(line: line, message: "package '\(name)': \(message)"))
        }
        if let problem = packageNameProblem(name) {
            return fail(fields["package"]?.line ?? stanza.line, "invalid package name in 'Package' field: \(problem)")
        }
        var want = "unknown"
        var errorFlag = "ok"
        var state = State.notInstalled
        if let status = fields["status"] {
            let words = status.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
            let names = ["first (want)", "second (error)", "third (status)"]
            for (index, allowed) in [wants, errorFlags, State.allCases.map(\.rawValue)].enumerated() {
                guard index < words.count else { return fail(status.line, "\(names[index]) word in 'Status' field: missing") }
                guard allowed.contains(words[index]) else {
                    return fail(status.line, "\(names[index]) word in 'Status' field: has invalid value '\(words[index])'")
                }
            }
            guard words.count == 3, let parsed = State(rawValue: words[2]) else {
                return fail(status.line, "third (status) word in 'Status' field: has trailing junk")
            }
            want = words[0]
            errorFlag = words[1]
            state = parsed
        }
        let version = fields["version"]?.value
        if let version, let problem = DpkgVersionSyntax.problem(version) {
            return fail(fields["version"]?.line ?? stanza.line, "'Version' field value '\(version)': \(problem)")
        }
        if (version ?? "").isEmpty, state != .notInstalled, state != .halfInstalled {
            return fail(stanza.endLine, "missing 'Version' field")
        }
        for field in fields.keys where field.count < 2 {
            return fail(fields[field]?.line ?? stanza.line, "user-defined field name '\(field)' too short")
        }
        // The trigger fields must agree with the state (dpkg's pkg_parse_verify).
        let awaited = !(fields["triggers-awaited"]?.value ?? "").isEmpty
        let pending = !(fields["triggers-pending"]?.value ?? "").isEmpty
        if awaited, state <= .configFiles || state >= .triggersPending {
            return fail(stanza.endLine, "package has status \(state.rawValue) but triggers are awaited")
        } else if state == .triggersAwaited, !awaited {
            return fail(stanza.endLine, "package has status triggers-awaited but no triggers awaited")
        }
        if pending, state != .triggersPending, state != .triggersAwaited {
            return fail(stanza.endLine, "package has status \(state.rawValue) but triggers are pending")
        } else if state == .triggersPending, !pending {
            return fail(stanza.endLine, "package has status triggers-pending but no triggers pending")
        }
        let architecture = fields["architecture"]?.value
        let multiArchSame = fields["multi-arch"]?.value.lowercased() == "same"
        if multiArchSame, architecture == "all" {
            return fail(fields["multi-arch"]?.line ?? stanza.line, "package has 'Multi-Arch: same' field but is architecture 'all'")
        }
        // Source may carry its own version: "openssl (3.0.11-1)".
        let source = fields["source"].flatMap { $0.value.split(separator: " ").first.map(String.init) }
        return .success(
            Entry(
                name: name, architecture: architecture?.isEmpty == true ? nil : architecture, version: version,
                source: source, want: want, errorFlag: errorFlag, state: state,
                multiArchSame: multiArchSame, line: stanza.line))
    }

    /// dpkg's package-name rule: starts with a letter or digit; letters, digits, `+ - .` after.
    static func packageNameProblem(_ name: String) -> String? {
        guard let first = name.unicodeScalars.first else { return "may not be empty string" }
        let alphanumeric = { (c: Unicode.Scalar) in c.isASCII && (("a"..."z").contains(c) || ("0"..."9").contains(c)) }
        guard alphanumeric(first) else { return "must start with an alphanumeric character" }
        for c in name.unicodeScalars where !(alphanumeric(c) || c == "-" || c == "+" || c == "." || c == "_") {
            return "character '\(c)' not allowed (only letters, digits and characters '-+._')"
        }
        return nil
    }
}

/// The errors dpkg raises for a version even in its lax (status-file) mode (lib/dpkg/parsehelp.c
/// parseversion); the other problems it only warns about.
enum DpkgVersionSyntax {
    static func problem(_ text: String) -> String? {
        let version = text.trimmingCharacters(in: [" ", "\t"])
        guard !version.isEmpty else { return "version string is empty" }
        if version.contains(where: { $0 == " " || $0 == "\t" }) { return "version string has embedded spaces" }
        var rest = Substring(version)
        if let colon = rest.firstIndex(of: ":") {
            let epoch = rest[..<colon]
            if epoch.isEmpty { return "epoch in version is empty" }
            guard epoch.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "epoch in version is not number" }
            guard let value = Int(epoch), value <= Int(Int32.max) else { return "epoch in version is too big" }
            rest = rest[rest.index(after: colon)...]
            if rest.isEmpty { return "nothing after colon in version number" }
        }
        if let hyphen = rest.lastIndex(of: "-") {
            if rest[rest.index(after: hyphen)...].isEmpty { return "revision number is empty" }
            if rest[..<hyphen].isEmpty { return "version number is empty" }
        }
        return nil
    }
}
