import PostureInventory

/// apt's package sources as apt reads them (sources.list(5)): `/etc/apt/sources.list` and, in
/// name order, the `*.list` (one-line style) and `*.sources` (deb822 style) files of
/// `/etc/apt/sources.list.d`. Files with another extension, or a name apt finds invalid, are
/// ignored as apt ignores them. A line or stanza apt would refuse (so `apt-get update` fails) is an
/// error naming `file:line`.
enum AptSources {
    static let mainList = "/etc/apt/sources.list"
    static let partsFolder = "/etc/apt/sources.list.d"
    static let knownTypes: Set<String> = ["deb", "deb-src"]
    /// At most this many entries are kept; a longer list is an error, not a silent truncation.
    static let maximumEntries = 10_000

    struct ParseError: Error, Equatable, CustomStringConvertible {
        var file: String
        var line: Int
        var message: String
        var description: String { "\(file):\(line): error: \(message)" }
    }

    /// Every enabled entry of every file apt reads, and the files looked at.
    static func read(_ files: some ConfigFiles) -> Result<(sources: [AptSource], files: [String]), ParseError> {
        var paths: [String] = []
        if files.exists(mainList) { paths.append(mainList) }
        for name in (try? files.list(partsFolder)) ?? [] where acceptedName(name) {
            paths.append("\(partsFolder)/\(name)")
        }
        var sources: [AptSource] = []
        for path in paths {
            let text: String
            do {
                text = try files.readText(path)
            } catch .notFound {
                continue  // a dangling link: apt skips it too
            } catch {
                return .failure(ParseError(file: path, line: 0, message: "could not be read: \(error)"))
            }
            let parsed = path.hasSuffix(".sources") ? deb822(text, file: path) : oneLine(text, file: path)
            switch parsed {
            case .success(let entries): sources += entries
            case .failure(let error): return .failure(error)
            }
            if sources.count > maximumEntries {
                return .failure(ParseError(file: path, line: 0, message: "more than \(maximumEntries) source entries"))
            }
        }
        // apt refuses two entries for one URI and suite (any type) that disagree on Trusted, or
        // on Signed-By once an entry has set it (an unset Signed-By before it is filled in).
        var trusted: [String: (value: Bool?, location: String)] = [:]
        var signedBy: [String: (value: String?, location: String)] = [:]
        for source in sources {
            let key = (source.uri.hasSuffix("/") ? source.uri : source.uri + "/") + " " + source.suite
            var conflict: (option: String, other: String)?
            if let first = trusted[key] {
                if first.value != source.trusted { conflict = ("Trusted", first.location) }
            } else {
                trusted[key] = (source.trusted, source.location)
            }
            if let first = signedBy[key], let value = first.value {
                if value != source.signedBy { conflict = conflict ?? ("Signed-By", first.location) }
            } else {
                signedBy[key] = (source.signedBy, source.location)
            }
            if let conflict {
                let parts = source.location.split(separator: ":")
                return .failure(
                    ParseError(
                        file: parts.dropLast().joined(separator: ":"), line: Int(parts.last ?? "") ?? 0,
                        message: "conflicting values set for option \(conflict.option) regarding source \(key) "
                            + "(also set at \(conflict.other))"))
            }
        }
        return .success((sources, paths))
    }

    /// `yes`/`no` of the trusted option, as apt reads booleans.
    static func boolean(_ value: String?) -> Bool? {
        guard let value = value?.lowercased() else { return nil }
        return ["yes", "true", "with", "on", "enable"].contains(value) ? true : false
    }

    /// apt reads `*.list` and `*.sources` whose names hold only letters, digits, `_ - .`.
    static func acceptedName(_ name: String) -> Bool {
        guard name.hasSuffix(".list") || name.hasSuffix(".sources") else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0))
        }
    }

    /// One-line style: `type [ options ] uri suite [component …]`; `#` starts a comment anywhere.
    static func oneLine(_ text: String, file: String) -> Result<[AptSource], ParseError> {
        var entries: [AptSource] = []
        for (index, raw) in text.scalarLines.enumerated() {
            let number = index + 1
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })[...]
            guard let type = words.popFirst().map(String.init) else { continue }
            let fail = { (message: String) in
                Result<[AptSource], ParseError>.failure(ParseError(file: file, line: number, message: message))
            }
            guard knownTypes.contains(type) else { return fail("type '\(type)' is not known (expected deb or deb-src)") }
            var options: [String: String] = [:]
            if let first = words.first, first.hasPrefix("[") {
                // Options run to the closing bracket, which may stand alone or end a word.
                var text = ""
                var closed = false
                while let word = words.popFirst() {
                    text += " " + word
                    if word.hasSuffix("]") {
                        closed = true
                        break
                    }
                }
                guard closed else { return fail("options are not closed with ']'") }
                let inner = text.drop { $0 == " " }.dropFirst().dropLast()
                for option in inner.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                    guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                        return fail("option '\(option)' has no value (expected name=value)")
                    }
                    var key = option[..<equals].lowercased()
                    if key.hasSuffix("+") || key.hasSuffix("-") { key = String(key.dropLast()) }
                    options[key] = String(option[option.index(after: equals)...])
                }
            }
            guard let uri = words.popFirst().map(String.init) else { return fail("no URI") }
            guard uri.contains(":") else { return fail("URI '\(uri)' is not a URI") }
            guard let suite = words.popFirst().map(String.init) else { return fail("no suite (distribution)") }
            let components = words.map(String.init)
            if suite.hasSuffix("/") {
                guard components.isEmpty else { return fail("suite '\(suite)' is an exact path, so it takes no components") }
            } else if components.isEmpty {
                return fail("no components after suite '\(suite)'")
            }
            if options["enabled"]?.lowercased() == "no" { continue }
            let architectures = options["arch"].map { $0.split(separator: ",").map(String.init) }
            entries.append(
                AptSource(
                    type: type, uri: uri, suite: suite, components: components, architectures: architectures,
                    signedBy: options["signed-by"], trusted: boolean(options["trusted"]), security: isSecurity(suite: suite),
                    location: "\(file):\(number)"))
        }
        return .success(entries)
    }

    /// deb822 style: stanzas of Types, URIs, Suites, Components and options; `#` lines are comments.
    static func deb822(_ text: String, file: String) -> Result<[AptSource], ParseError> {
        // apt takes CRLF line ends as line ends (a "\r" line separates stanzas).
        var bytes = Array(text.scalarLines.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }.joined(separator: "\n").utf8)
        if bytes.last != 0x0A { bytes.append(0x0A) }
        var entries: [AptSource] = []
        var failure: ParseError?
        ControlStanzas.read(bytes, skippingComments: true) { stanza in
            let fields = stanza.fields
            let fail = { (message: String) in failure = ParseError(file: file, line: stanza.line, message: message) }
            func words(_ name: String) -> [String] {
                (fields[name]?.value ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
            }
            let types = words("types")
            let uris = words("uris")
            let suites = words("suites")
            let components = words("components")
            guard !types.isEmpty else {
                fail("stanza has no Types field")
                return false
            }
            for type in types where !knownTypes.contains(type) {
                fail("type '\(type)' is not known (expected deb or deb-src)")
                return false
            }
            guard !uris.isEmpty else {
                fail("stanza has no URIs field")
                return false
            }
            guard !suites.isEmpty else {
                fail("stanza has no Suites field")
                return false
            }
            if fields["enabled"].map({ $0.value.lowercased() == "no" }) == true { return true }
            let architectures = fields["architectures"].map { _ in words("architectures") }
            // Signed-By holds a key file path or an embedded key; an embedded key is shown as such.
            let signedBy = fields["signed-by"].map { $0.value.contains("\n") ? "(embedded key)" : $0.value }
            for type in types {
                for uri in uris {
                    for suite in suites {
                        if suite.hasSuffix("/") {
                            guard components.isEmpty else {
                                fail("suite '\(suite)' is an exact path, so it takes no components")
                                return false
                            }
                        } else if components.isEmpty {
                            fail("no Components for suite '\(suite)'")
                            return false
                        }
                        entries.append(
                            AptSource(
                                type: type, uri: uri, suite: suite, components: components, architectures: architectures,
                                signedBy: signedBy, trusted: boolean(fields["trusted"]?.value),
                                security: isSecurity(suite: suite),
                                location: "\(file):\(stanza.line)"))
                    }
                }
            }
            return entries.count <= maximumEntries
        } failed: { error in
            failure = ParseError(file: file, line: error.line, message: error.message)
        }
        if let failure { return .failure(failure) }
        return .success(entries)
    }

    /// A Debian or Ubuntu security suite: `bookworm-security`, `jammy-security`, or the
    /// `buster/updates` form Debian used up to 10.
    static func isSecurity(suite: String) -> Bool {
        suite.hasSuffix("-security") || suite.hasSuffix("/updates")
    }
}
