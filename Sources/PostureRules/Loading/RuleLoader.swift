import Foundation
import PostureInventory
import Synchronization

/// The rules in force for a run, with the taxonomy they are filed under.
public struct RuleSet: Sendable {
    public var taxonomy: Taxonomy
    /// In a stable order: by id.
    public var rules: [Rule]
    /// `sha256:` of the rule content loaded: each source's name and text, in name order.
    public var digest: String
    /// The files the rules came from.
    public var sources: [String]
    /// End-of-life and antivirus catalogs (Rules/catalogs/).
    public var catalogs: Catalogs
}

/// Loads the taxonomy and rule files, collecting every problem instead of stopping at the first.
public enum RuleLoader {
    static let ruleKeys = [
        "id", "title", "practice", "severity", "weight", "rationale", "remediation", "references",
        "when", "collected_on", "check",
    ]
    /// The values `host.os.family` takes.
    static let platforms = ["linux", "macos", "windows"]
    static let requiredRuleKeys = ["id", "title", "practice", "severity", "rationale", "remediation", "check"]

    /// The built-in taxonomy and rules, plus rule files from `extraSources`.
    public static func load(builtin: Bool = true, extraSources: [YAMLSource] = []) -> (RuleSet?, Diagnostics) {
        var diagnostics = Diagnostics()
        let content = BuiltinRules.sources
        guard let taxonomySource = content.first(where: { $0.file == BuiltinRules.taxonomyFile }),
            let taxonomy = parseTaxonomy(taxonomySource, diagnostics: &diagnostics)
        else {
            return (nil, diagnostics)
        }
        let ruleSources = (builtin ? content.filter { BuiltinRules.isRuleFile($0.file) } : []) + extraSources
        // Files are independent until ids are compared, so they are parsed on every core.
        let parsed = Mutex([(rules: [Rule], diagnostics: Diagnostics)?](repeating: nil, count: ruleSources.count))
        DispatchQueue.concurrentPerform(iterations: ruleSources.count) { index in
            var fileDiagnostics = Diagnostics()
            let rules = parseRules(ruleSources[index], taxonomy: taxonomy, diagnostics: &fileDiagnostics)
            parsed.withLock { $0[index] = (rules, fileDiagnostics) }
        }
        var rules: [Rule] = []
        var firstSeen: [String: SourcePosition] = [:]
        for case let (fileRules, fileDiagnostics)? in parsed.withLock({ $0 }) {
            diagnostics.append(contentsOf: fileDiagnostics)
            for rule in fileRules {
                if let earlier = firstSeen[rule.id] {
                    diagnostics.error(rule.position, "duplicate rule id '\(rule.id)'; first defined at \(earlier)")
                    continue
                }
                firstSeen[rule.id] = rule.position
                rules.append(rule)
            }
        }
        rules.sort { $0.id < $1.id }
        let catalogSources = content.filter { $0.file.hasPrefix("Rules/catalogs/") }
        let catalogs = Catalogs.load(catalogSources, diagnostics: &diagnostics)
        var hasher = SHA256()
        let hashed = ([taxonomySource] + catalogSources + ruleSources).sorted { $0.file < $1.file }
        for source in hashed {
            hasher.update(Array(source.file.utf8) + [0] + Array(source.text.utf8) + [0])
        }
        let set = RuleSet(
            taxonomy: taxonomy, rules: rules, digest: "sha256:" + hasher.finalize().hex,
            sources: hashed.map(\.file), catalogs: catalogs)
        return (diagnostics.hasErrors ? nil : set, diagnostics)
    }

    /// Reads rule files from paths: files as given, folders searched for *.yaml and *.yml.
    public static func sources(at paths: [String]) -> ([YAMLSource], Diagnostics) {
        var diagnostics = Diagnostics()
        var sources: [YAMLSource] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                diagnostics.error(SourcePosition(file: path, line: 1, column: 1), "no such file or folder")
                continue
            }
            var files: [String] = []
            if isFolder.boolValue {
                let base = URL(fileURLWithPath: path)
                let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
                while let url = walker?.nextObject() as? URL {
                    if ["yaml", "yml"].contains(url.pathExtension) {
                        files.append(path + "/" + url.path.dropFirst(base.path.count + 1))
                    }
                }
                files.sort()
            } else {
                files = [path]
            }
            for file in files {
                switch readText(file) {
                case .success(let text): sources.append(YAMLSource(file: file, text: text))
                case .failure(let error): diagnostics.append(error)
                }
            }
        }
        return (sources, diagnostics)
    }

    /// A file's text, refusing what is not a regular file, too large, or not UTF-8.
    public static func readText(_ file: String) -> Result<String, Diagnostic> {
        TextFile.read(file, maximumBytes: YAMLSource.maximumBytes)
    }

    static func parseTaxonomy(_ source: YAMLSource, diagnostics: inout Diagnostics) -> Taxonomy? {
        guard let root = source.compose(into: &diagnostics),
            let top = MappingReader(root, what: "the taxonomy file", diagnostics: &diagnostics)
        else { return nil }
        top.rejectUnknownKeys(allowed: ["categories"], diagnostics: &diagnostics)
        guard let list = top.requireKey("categories", diagnostics: &diagnostics)?.items else { return nil }
        var categories: [Taxonomy.Category] = []
        for node in list {
            guard let reader = MappingReader(node, what: "category", diagnostics: &diagnostics) else { continue }
            reader.rejectUnknownKeys(allowed: ["id", "title", "description", "practices"], diagnostics: &diagnostics)
            guard let id = reader.text("id", required: true, diagnostics: &diagnostics),
                let title = reader.text("title", required: true, diagnostics: &diagnostics),
                let description = reader.text("description", required: true, diagnostics: &diagnostics),
                let practiceNodes = reader.requireKey("practices", diagnostics: &diagnostics)?.items
            else { continue }
            var practices: [Taxonomy.Practice] = []
            for practiceNode in practiceNodes {
                guard let practice = MappingReader(practiceNode, what: "practice", diagnostics: &diagnostics) else { continue }
                practice.rejectUnknownKeys(allowed: ["id", "title", "description"], diagnostics: &diagnostics)
                guard let practiceID = practice.text("id", required: true, diagnostics: &diagnostics),
                    let practiceTitle = practice.text("title", required: true, diagnostics: &diagnostics),
                    let practiceDescription = practice.text("description", required: true, diagnostics: &diagnostics)
                else { continue }
                practices.append(.init(id: "\(id)/\(practiceID)", title: practiceTitle, description: practiceDescription))
            }
            categories.append(.init(id: id, title: title, description: description, practices: practices))
        }
        return Taxonomy(categories: categories)
    }

    static func parseRules(_ source: YAMLSource, taxonomy: Taxonomy, diagnostics: inout Diagnostics) -> [Rule] {
        guard let root = source.compose(into: &diagnostics),
            let top = MappingReader.top(root, key: "rules", what: "a rule file", diagnostics: &diagnostics)
        else { return [] }
        top.rejectUnknownKeys(allowed: ["rules"], diagnostics: &diagnostics)
        guard let list = top.requireKey("rules", diagnostics: &diagnostics) else { return [] }
        guard list.visit(&diagnostics) else { return [] }
        guard let items = list.items else {
            diagnostics.error(list.position, "expected 'rules' as a list of rules, found \(list.kindName)")
            return []
        }
        return items.compactMap { parseRule($0, taxonomy: taxonomy, diagnostics: &diagnostics) }
    }

    static func parseRule(_ node: YAMLNode, taxonomy: Taxonomy, diagnostics: inout Diagnostics) -> Rule? {
        guard let reader = MappingReader(node, what: "rule", diagnostics: &diagnostics) else { return nil }
        let before = diagnostics.items.count
        reader.rejectUnknownKeys(allowed: ruleKeys, diagnostics: &diagnostics)
        for key in requiredRuleKeys where !reader.has(key) {
            let name = reader.value("id")?.scalarText.map { " '\($0)'" } ?? ""
            diagnostics.error(node.position, "rule\(name) is missing required key '\(key)'")
        }
        let id = reader.text("id", diagnostics: &diagnostics)
        if let id, !isValidID(id) {
            diagnostics.error(
                reader.value("id")!.position,
                "rule id '\(id)' must be lowercase letters, digits, '-' and '.', starting with a letter")
        }
        let title = reader.text("title", diagnostics: &diagnostics)
        let practice = reader.text("practice", diagnostics: &diagnostics)
        if let practice, taxonomy.practice(practice) == nil {
            diagnostics.error(
                reader.value("practice")!.position,
                "unknown practice '\(practice)'" + didYouMean(practice, taxonomy.practiceIDs) + "; see Rules/categories.yaml")
        }
        let severity = reader.choice("severity", as: Severity.self, diagnostics: &diagnostics)
        var weight: Double?
        if let node = reader.value("weight") {
            weight = MappingReader.number(node, what: "'weight'", diagnostics: &diagnostics)
            if let value = weight, !(0...100).contains(value) {
                diagnostics.error(node.position, "weight must be from 0 to 100, found \(JSONValue.format(value))")
            }
        }
        let rationale = reader.text("rationale", diagnostics: &diagnostics)
        let remediations = reader.value("remediation").flatMap { parseRemediation($0, diagnostics: &diagnostics) }
        let remediation = remediations?.general
        let references = reader.value("references").map { parseReferences($0, diagnostics: &diagnostics) } ?? []
        let when = reader.value("when").map { parseWhen($0, diagnostics: &diagnostics) } ?? []
        let collectedOn = reader.textList("collected_on", diagnostics: &diagnostics)
        for platform in collectedOn ?? [] where !platforms.contains(platform) {
            diagnostics.error(
                reader.value("collected_on")!.position,
                "unknown platform '\(platform)' in 'collected_on'; expected \(platforms.joined(separator: ", "))")
        }
        let check = reader.value("check").flatMap { parseCheck($0, diagnostics: &diagnostics) }
        guard diagnostics.items.count == before, let id, let title, let practice, let severity, let rationale,
            let remediation, let check
        else { return nil }
        return Rule(
            id: id, title: title, practice: practice, severity: severity, weight: weight, rationale: rationale,
            remediation: remediation, remediationByOS: remediations?.byOS ?? [:], references: references, when: when,
            collectedOn: collectedOn, check: check, position: node.position)
    }

    /// `remediation:` is text, or a mapping by OS (`default` required, then `debian`, `linux`,
    /// `windows`, `macos`) for fixes that differ by platform.
    static func parseRemediation(_ node: YAMLNode, diagnostics: inout Diagnostics) -> (general: String, byOS: [String: String])? {
        guard node.pairs != nil else { return MappingReader.text(node, what: "'remediation'", diagnostics: &diagnostics).map { ($0, [:]) } }
        guard let reader = MappingReader(node, what: "'remediation'", diagnostics: &diagnostics) else { return nil }
        reader.rejectUnknownKeys(allowed: ["default"] + Rule.remediationOSKeys, diagnostics: &diagnostics)
        guard let general = reader.text("default", required: true, diagnostics: &diagnostics) else { return nil }
        var byOS: [String: String] = [:]
        for key in Rule.remediationOSKeys {
            if let text = reader.text(key, diagnostics: &diagnostics) { byOS[key] = text }
        }
        return (general, byOS)
    }

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
    }

    static func parseReferences(_ node: YAMLNode, diagnostics: inout Diagnostics) -> [Reference] {
        guard let reader = MappingReader(node, what: "'references'", diagnostics: &diagnostics) else { return [] }
        reader.rejectUnknownKeys(allowed: Reference.standards, diagnostics: &diagnostics)
        var references: [Reference] = []
        for entry in reader.entries where Reference.standards.contains(entry.key) {
            for id in MappingReader.textList(entry.value, what: "'\(entry.key)'", diagnostics: &diagnostics) ?? [] {
                references.append(Reference(standard: entry.key, id: id))
            }
        }
        return references
    }

    /// `when:` is one condition mapping (with `fact`) or a list of them, all of which must hold.
    static func parseWhen(_ node: YAMLNode, diagnostics: inout Diagnostics) -> [FactCondition] {
        guard node.visit(&diagnostics) else { return [] }
        let nodes = node.items ?? [node]
        var conditions: [FactCondition] = []
        for item in nodes {
            guard let reader = MappingReader(item, what: "'when' condition", diagnostics: &diagnostics) else { continue }
            reader.rejectUnknownKeys(allowed: ["fact"] + FactCondition.operatorKeys, diagnostics: &diagnostics)
            guard let text = reader.text("fact", required: true, diagnostics: &diagnostics),
                let path = FactPath.parse(
                    text, at: reader.value("fact")!.position, requireFamily: true,
                    diagnostics: &diagnostics),
                var condition = FactCondition.parse(reader, diagnostics: &diagnostics)
            else { continue }
            condition.fact = path
            conditions.append(condition)
        }
        return conditions
    }

    static func parseCheck(_ node: YAMLNode, diagnostics: inout Diagnostics) -> (any Check)? {
        guard let reader = MappingReader(node, what: "check", diagnostics: &diagnostics),
            let kind = reader.text("kind", required: true, diagnostics: &diagnostics)
        else { return nil }
        guard let type = CheckKinds.named(kind) else {
            let kinds = CheckKinds.all.map { $0.description.kind }
            diagnostics.error(
                reader.value("kind")!.position,
                "unknown check kind '\(kind)'\(didYouMean(kind, kinds)); " + "expected one of: \(kinds.joined(separator: ", "))")
            return nil
        }
        let allowed = ["kind"] + type.description.parameters.map(\.name)
        var typed = reader
        typed.what = "check of kind '\(kind)'"
        typed.rejectUnknownKeys(allowed: allowed, diagnostics: &diagnostics)
        // Required parameters are enforced here, from the description, for every kind.
        let missing = type.description.parameters.filter { $0.required && !typed.has($0.name) }
        for parameter in missing {
            diagnostics.error(typed.node.position, "\(typed.what) is missing required key '\(parameter.name)'")
        }
        // A kind reports what is wrong with its parameters; any error drops the check.
        let errorsBefore = diagnostics.errorCount
        let check = type.init(parameters: typed, diagnostics: &diagnostics)
        guard missing.isEmpty, diagnostics.errorCount == errorsBefore else { return nil }
        return check
    }
}

extension RuleSet {
    /// What these rules need collected: what each selected check contributes (its families, the
    /// files and folders it names) and the families its `when` conditions read.
    public func factRequest(selection: RuleSelection = RuleSelection()) -> FactRequest {
        var request = FactRequest()
        for rule in rules where selection.includes(rule) {
            rule.check.contribute(to: &request)
            request.needs(rule.when.compactMap(\.fact))
        }
        if request.families.contains(.antivirus) { request.antivirus = catalogs.antivirus }
        return request
    }
}
