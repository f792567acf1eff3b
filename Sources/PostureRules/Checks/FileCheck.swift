import PostureInventory

/// A path on the host, held to existence, type, a maximum mode, an owner and group, and content.
public struct FileCheck: Check {
    public static let description = CheckKindDescription(
        kind: "file",
        summary: "Asserts facts about one collected path: that it exists (or not), its type, that its mode "
            + "grants no more than a maximum, its owner and group, and what its content matches.",
        parameters: [
            .init("path", "absolute path", required: true, "the file or folder on the host"),
            .init("exists", "true | false", "whether the path must exist (default true)"),
            .init("type", "file | directory | symlink", "the kind of entry it must be"),
            .init(
                "mode_at_most", "octal mode",
                "the most permissive mode allowed, such as \"0640\": no permission bit " + "outside it may be set"),
            .init("owner", "user name", "the owning user"),
            .init("group", "group name", "the owning group"),
            .init("content_matches", "regex", "the content must contain a match (multi-line: ^ and $ match at each line)"),
            .init("content_not_matches", "regex", "the content must contain no match; the first offending line is evidence"),
        ],
        examples: [
            .init(
                "shadow is private", expected: .pass,
                check: "kind: file\npath: /etc/shadow\nmode_at_most: \"0640\"\nowner: root",
                inventory: #"{"files": [{"path": "/etc/shadow", "exists": true, "mode": "0640", "owner": "root"}]}"#),
            .init(
                "shadow is world-readable", expected: .fail,
                check: "kind: file\npath: /etc/shadow\nmode_at_most: \"0640\"",
                inventory: #"{"files": [{"path": "/etc/shadow", "exists": true, "mode": "0644"}]}"#,
                subjects: ["/etc/shadow"]),
            .init(
                "a forbidden line in a config file", expected: .fail,
                check: "kind: file\npath: /etc/ssh/sshd_config\ncontent_not_matches: '^\\s*PermitEmptyPasswords\\s+yes'",
                inventory:
                    #"{"files": [{"path": "/etc/ssh/sshd_config", "exists": true, "content": "Port 22\nPermitEmptyPasswords yes\n"}]}"#,
                subjects: ["/etc/ssh/sshd_config"]),
            .init(
                "no forbidden line in the first 1 MiB of a longer file: the rest was not seen, so unknown", expected: .unknown,
                check: "kind: file\npath: /etc/ssh/sshd_config\ncontent_not_matches: '^\\s*PermitEmptyPasswords\\s+yes'",
                inventory:
                    #"{"files": [{"path": "/etc/ssh/sshd_config", "exists": true, "size": 1048700, "content": "Port 22\n", "content_truncated": true}]}"#
            ),
            .init(
                "a forbidden line within the part read fails, however long the file", expected: .fail,
                check: "kind: file\npath: /etc/ssh/sshd_config\ncontent_not_matches: '^\\s*PermitEmptyPasswords\\s+yes'",
                inventory:
                    #"{"files": [{"path": "/etc/ssh/sshd_config", "exists": true, "size": 1048700, "content": "PermitEmptyPasswords yes\n", "content_truncated": true}]}"#,
                subjects: ["/etc/ssh/sshd_config"]),
            .init(
                "a required line not in the part read of a longer file is unknown, not a failure", expected: .unknown,
                check: "kind: file\npath: /etc/login.defs\ncontent_matches: '^UMASK\\s+077'",
                inventory:
                    #"{"files": [{"path": "/etc/login.defs", "exists": true, "size": 2000000, "content": "MAIL_DIR /var/mail\n", "content_truncated": true}]}"#
            ),
            .init(
                "a path that was not collected is unknown", expected: .unknown,
                check: "kind: file\npath: /etc/shadow\nexists: true",
                inventory: #"{"files": []}"#),
        ]
    )

    public let path: String
    public let exists: Bool
    public let type: String?
    public let modeAtMost: UInt16?
    public let owner: String?
    public let group: String?
    public let contentMatches: Pattern?
    public let contentNotMatches: Pattern?

    public var facts: [FactPath] { [FactPath(.files)] }

    /// The path, with its text when a content pattern needs it.
    public func contribute(to request: inout FactRequest) {
        request.needs(facts)
        request.files[path] = (request.files[path] ?? false) || needsContent
    }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        let path = reader.text("path", diagnostics: &diagnostics)
        if let path, !path.hasPrefix("/") {
            diagnostics.error(reader.value("path")!.position, "path '\(path)' must be absolute")
        }
        exists = reader.bool("exists", diagnostics: &diagnostics) ?? true
        type = reader.text("type", diagnostics: &diagnostics)
        if let type, !["file", "directory", "symlink"].contains(type) {
            diagnostics.error(reader.value("type")!.position, "type '\(type)' is not one of: file, directory, symlink")
        }
        var mode: UInt16?
        if let text = reader.text("mode_at_most", diagnostics: &diagnostics) {
            mode = UInt16(text, radix: 8)
            if mode == nil || mode! > 0o7777 || text.count > 5 {
                diagnostics.error(
                    reader.value("mode_at_most")!.position,
                    "mode_at_most '\(text)' is not an octal mode like \"0640\"")
            }
        }
        modeAtMost = mode
        owner = reader.text("owner", diagnostics: &diagnostics)
        group = reader.text("group", diagnostics: &diagnostics)
        func pattern(_ key: String) -> Pattern? {
            reader.text(key, diagnostics: &diagnostics).flatMap {
                Pattern.compile(
                    $0, at: reader.value(key)!.position, quoted: reader.value(key)!.isQuoted, diagnostics: &diagnostics)
            }
        }
        contentMatches = pattern("content_matches")
        contentNotMatches = pattern("content_not_matches")
        if !exists, type != nil || modeAtMost != nil || owner != nil || group != nil || contentMatches != nil || contentNotMatches != nil {
            diagnostics.error(reader.value("exists")!.position, "exists: false cannot be combined with other assertions")
        }
        guard let path else { return nil }
        self.path = path
    }

    /// Whether the probe must read the file's text.
    public var needsContent: Bool { contentMatches != nil || contentNotMatches != nil }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let files = context.inventory.files else { return .unknown("the 'files' facts were not collected") }
        guard let file = files.first(where: { $0.path == path }) else {
            return .unknown("\(path) was not among the collected files")
        }
        if let error = file.error { return .error("\(path): \(error)") }
        if !file.exists {
            if !exists { return .pass([Evidence(subject: path, seen: "absent", expected: "absent")]) }
            return .fail("\(path) does not exist", [Evidence(subject: path, fact: "files", seen: "absent", expected: "present")])
        }
        if !exists {
            return .fail(
                "\(path) exists",
                [
                    Evidence(
                        subject: path, fact: "files", seen: "present (\(file.type ?? "entry"))",
                        expected: "absent")
                ])
        }
        var failures: [Evidence] = []
        var unknowns: [String] = []
        if let type {
            if let actual = file.type {
                if actual != type { failures.append(Evidence(subject: path, seen: "type \(actual)", expected: "type \(type)")) }
            } else {
                unknowns.append("type")
            }
        }
        if let modeAtMost {
            if let text = file.mode, let mode = UInt16(text, radix: 8) {
                let extra = mode & ~modeAtMost
                if extra != 0 {
                    failures.append(
                        Evidence(
                            subject: path, seen: "mode \(text) (extra bits \(Self.octal(extra)))",
                            expected: "mode at most \(Self.octal(modeAtMost))"))
                }
            } else {
                unknowns.append("mode")
            }
        }
        for (label, wanted, actual) in [("owner", owner, file.owner), ("group", group, file.group)] {
            guard let wanted else { continue }
            if let actual {
                if actual != wanted { failures.append(Evidence(subject: path, seen: "\(label) \(actual)", expected: "\(label) \(wanted)")) }
            } else {
                unknowns.append(label)
            }
        }
        var unseen = UnseenInput()
        if contentMatches != nil || contentNotMatches != nil {
            if let content = file.content {
                // Over a file read only in part, a match found stands; "no match" would be a claim
                // about the unread rest.
                let partial = file.contentTruncated == true
                if let pattern = contentMatches {
                    switch pattern.search(content) {
                    case .found: break
                    case .notFound:
                        if partial {
                            unseen.truncated(path, read: FileFact.contentLimitBytes, of: file.size)
                        } else {
                            failures.append(Evidence(subject: path, seen: "no line matches", expected: "content matches \(pattern)"))
                        }
                    case .gaveUp(let why): unknowns.append("content (\(pattern): \(why))")
                    }
                }
                if let pattern = contentNotMatches {
                    switch pattern.firstMatchingLine(in: content) {
                    case .found(let number, let line):
                        failures.append(
                            Evidence(
                                subject: path, location: "\(path):\(number)", seen: String(line.prefix(200)),
                                expected: "no line matching \(pattern)"))
                    case .notFound:
                        if partial, unseen.isEmpty {
                            unseen.truncated(path, read: FileFact.contentLimitBytes, of: file.size)
                        }
                    case .gaveUp(let why): unknowns.append("content (\(pattern): \(why))")
                    }
                }
            } else {
                unknowns.append("content")
            }
        }
        if !failures.isEmpty {
            return .fail(failures.compactMap(\.seen).map { "\(path): \($0)" }.joined(separator: "; "), failures)
        }
        if !unknowns.isEmpty { return .unknown("\(path): \(unknowns.joined(separator: ", ")) not collected") }
        if !unseen.isEmpty { return unseen.unknown(instead: "what the content of \(path) holds") }
        return .pass([
            Evidence(
                subject: path,
                seen: [file.mode.map { "mode \($0)" }, file.owner.map { "owner \($0)" }]
                    .compactMap { $0 }.joined(separator: ", "), expected: "as required")
        ])
    }

    static func octal(_ mode: UInt16) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
