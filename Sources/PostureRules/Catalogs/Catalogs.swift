import Foundation
import PostureInventory

/// Reference data rules judge against: end-of-life dates and antivirus products.
public struct Catalogs: Sendable {
    public var endOfLife: [EOLProduct]
    public var antivirus: [AntivirusDefinition]

    public static let eolFile = "Rules/catalogs/eol.yaml"
    public static let antivirusFile = "Rules/catalogs/antivirus.yaml"

    /// The built-in catalogs, parsed once. Problems in them are reported by `posture rules lint`.
    public static let builtin: Catalogs = {
        var diagnostics = Diagnostics()
        return load(BuiltinRules.sources, diagnostics: &diagnostics)
    }()

    static func load(_ sources: [YAMLSource], diagnostics: inout Diagnostics) -> Catalogs {
        var catalogs = Catalogs(endOfLife: [], antivirus: [])
        if let source = sources.first(where: { $0.file == eolFile }) {
            catalogs.endOfLife = EOLProduct.parseCatalog(source, diagnostics: &diagnostics)
        }
        if let source = sources.first(where: { $0.file == antivirusFile }) {
            catalogs.antivirus = parseAntivirus(source, diagnostics: &diagnostics)
        }
        return catalogs
    }

    static func parseAntivirus(_ source: YAMLSource, diagnostics: inout Diagnostics) -> [AntivirusDefinition] {
        guard let root = source.compose(into: &diagnostics),
            let top = MappingReader(root, what: "the antivirus catalog", diagnostics: &diagnostics)
        else { return [] }
        top.rejectUnknownKeys(allowed: ["products"], diagnostics: &diagnostics)
        var definitions: [AntivirusDefinition] = []
        for node in top.requireKey("products", diagnostics: &diagnostics)?.items ?? [] {
            guard let reader = MappingReader(node, what: "antivirus product", diagnostics: &diagnostics) else { continue }
            reader.rejectUnknownKeys(
                allowed: ["id", "title", "packages", "files", "processes", "real_time_processes", "signatures"],
                diagnostics: &diagnostics)
            guard let id = reader.text("id", required: true, diagnostics: &diagnostics),
                let title = reader.text("title", required: true, diagnostics: &diagnostics)
            else { continue }
            var definition = AntivirusDefinition(
                id: id, title: title, packages: reader.textList("packages", diagnostics: &diagnostics) ?? [],
                files: reader.textList("files", diagnostics: &diagnostics) ?? [],
                processes: reader.textList("processes", diagnostics: &diagnostics) ?? [],
                realTimeProcesses: reader.textList("real_time_processes", diagnostics: &diagnostics) ?? [])
            if let signatures = reader.value("signatures"),
                let inner = MappingReader(signatures, what: "signatures", diagnostics: &diagnostics)
            {
                inner.rejectUnknownKeys(allowed: ["format", "paths"], diagnostics: &diagnostics)
                definition.signatureFormat = inner.text("format", required: true, diagnostics: &diagnostics)
                if let format = definition.signatureFormat, format != "clamav-cvd" {
                    diagnostics.error(inner.value("format")!.position, "unknown signature format '\(format)'; expected clamav-cvd")
                }
                definition.signaturePaths = inner.textList("paths", diagnostics: &diagnostics) ?? []
            }
            definitions.append(definition)
        }
        return definitions
    }
}

/// One product in the end-of-life catalog.
public struct EOLProduct: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case os, package
    }

    public struct PackageMatcher: Sendable {
        public var manager: String
        public var name: Pattern
        public var version: Pattern?
    }

    public struct Cycle: Sendable {
        public var cycle: String
        public var atLeast: String?
        public var below: String?
        public var name: Pattern?
        /// `enterprise` or `consumer`, for Windows.
        public var edition: String?
        public var managers: [String]?
        /// End of standard security support; nil while none is announced.
        public var eol: Date?
        public var extendedEOL: Date?
        public var extended: String?
    }

    public var id: String
    public var title: String
    public var kind: Kind
    public var osIDs: [String]
    public var packages: [PackageMatcher]
    public var cycles: [Cycle]

    static func parseCatalog(_ source: YAMLSource, diagnostics: inout Diagnostics) -> [EOLProduct] {
        guard let root = source.compose(into: &diagnostics),
            let top = MappingReader(root, what: "the end-of-life catalog", diagnostics: &diagnostics)
        else { return [] }
        top.rejectUnknownKeys(allowed: ["products"], diagnostics: &diagnostics)
        var products: [EOLProduct] = []
        for node in top.requireKey("products", diagnostics: &diagnostics)?.items ?? [] {
            guard let reader = MappingReader(node, what: "end-of-life product", diagnostics: &diagnostics) else { continue }
            reader.rejectUnknownKeys(allowed: ["id", "title", "kind", "os", "packages", "cycles"], diagnostics: &diagnostics)
            guard let id = reader.text("id", required: true, diagnostics: &diagnostics),
                let title = reader.text("title", required: true, diagnostics: &diagnostics),
                let kind = reader.choice("kind", as: Kind.self, required: true, diagnostics: &diagnostics)
            else { continue }
            var matchers: [PackageMatcher] = []
            for matcherNode in reader.value("packages")?.items ?? [] {
                guard let matcher = MappingReader(matcherNode, what: "package matcher", diagnostics: &diagnostics) else { continue }
                matcher.rejectUnknownKeys(allowed: ["manager", "name", "version"], diagnostics: &diagnostics)
                guard let manager = matcher.text("manager", required: true, diagnostics: &diagnostics),
                    let name = pattern(matcher, "name", required: true, &diagnostics)
                else { continue }
                matchers.append(
                    PackageMatcher(manager: manager, name: name, version: pattern(matcher, "version", required: false, &diagnostics)))
            }
            var cycles: [Cycle] = []
            for cycleNode in reader.requireKey("cycles", diagnostics: &diagnostics)?.items ?? [] {
                guard let cycleReader = MappingReader(cycleNode, what: "cycle", diagnostics: &diagnostics) else { continue }
                cycleReader.rejectUnknownKeys(
                    allowed: ["cycle", "versions", "name", "edition", "managers", "eol", "extended_eol", "extended"],
                    diagnostics: &diagnostics)
                guard let name = cycleReader.text("cycle", required: true, diagnostics: &diagnostics) else { continue }
                var cycle = Cycle(cycle: name)
                if let versions = cycleReader.value("versions"),
                    let range = MappingReader(versions, what: "versions", diagnostics: &diagnostics)
                {
                    range.rejectUnknownKeys(allowed: ["at_least", "below"], diagnostics: &diagnostics)
                    cycle.atLeast = range.text("at_least", diagnostics: &diagnostics)
                    cycle.below = range.text("below", diagnostics: &diagnostics)
                }
                cycle.name = pattern(cycleReader, "name", required: false, &diagnostics)
                cycle.edition = cycleReader.text("edition", diagnostics: &diagnostics)
                if let edition = cycle.edition, !["enterprise", "consumer"].contains(edition) {
                    diagnostics.error(cycleReader.value("edition")!.position, "edition '\(edition)' is not enterprise or consumer")
                }
                cycle.managers = cycleReader.textList("managers", diagnostics: &diagnostics)
                cycle.eol = date(cycleReader, "eol", &diagnostics)
                cycle.extendedEOL = date(cycleReader, "extended_eol", &diagnostics)
                cycle.extended = cycleReader.text("extended", diagnostics: &diagnostics)
                cycles.append(cycle)
            }
            products.append(
                EOLProduct(
                    id: id, title: title, kind: kind,
                    osIDs: reader.textList("os", diagnostics: &diagnostics) ?? [],
                    packages: matchers, cycles: cycles))
        }
        return products
    }

    private static func pattern(
        _ reader: MappingReader, _ key: String, required: Bool,
        _ diagnostics: inout Diagnostics
    ) -> Pattern? {
        reader.text(key, required: required, diagnostics: &diagnostics).flatMap {
            Pattern.compile(
                $0, at: reader.value(key)!.position, quoted: reader.value(key)!.isQuoted, diagnostics: &diagnostics)
        }
    }

    private static func date(_ reader: MappingReader, _ key: String, _ diagnostics: inout Diagnostics) -> Date? {
        guard let text = reader.text(key, diagnostics: &diagnostics) else { return nil }
        guard text.count == 10, let date = ISODate.parse(text) else {
            diagnostics.error(reader.value(key)!.position, "'\(text)' is not a date like 2026-07-11")
            return nil
        }
        return date
    }
}

extension EOLProduct.Cycle {
    init(cycle: String) {
        self.cycle = cycle
    }
}
