import Foundation
import PostureInventory

/// The operating system, or installed software, against the end-of-life catalog: past end of
/// life, only extended (paid or LTS) support left, or support ending within a number of days.
public struct EndOfLifeCheck: Check {
    public enum Target: String, Sendable, CaseIterable {
        case os, packages
    }

    public static let description = CheckKindDescription(
        kind: "end-of-life",
        summary: "Judges the operating system (`target: os`) or installed programs (`target: packages`) against "
            + "Rules/catalogs/eol.yaml: fails past the end of standard security support, when only extended (paid or LTS) "
            + "support is left unless `allow_extended`, and when support ends within `warn_days`.",
        parameters: [
            .init("target", "os | packages", required: true, "what is judged"),
            .init(
                "allow_extended", "true | false",
                "whether extended support (Debian LTS, Ubuntu Pro, Windows ESU, Oracle "
                    + "Extended Support) counts as supported (default false)"),
            .init("warn_days", "whole number", "fail when standard support ends within this many days (default 0: only once it has ended)"),
        ],
        examples: [
            .init(
                "Debian 12 after its standard support, with only LTS left", expected: .fail,
                check: "kind: end-of-life\ntarget: os",
                inventory: #"{"host": {"os": {"family": "linux", "id": "debian", "version_id": "12"}}}"#,
                subjects: ["Debian 12 (bookworm)"]),
            .init(
                "Debian 13, supported until 2028", expected: .pass,
                check: "kind: end-of-life\ntarget: os\nwarn_days: 90",
                inventory: #"{"host": {"os": {"family": "linux", "id": "debian", "version_id": "13"}}}"#),
            .init(
                "Python 3.8 installed on Windows, past its end of life", expected: .fail,
                check: "kind: end-of-life\ntarget: packages",
                inventory: #"{"packages": [{"name": "Python 3.8.10 (64-bit)", "version": "3.8.10150.0", "manager": "windows"}]}"#,
                subjects: ["Python 3.8.10 (64-bit) 3.8.10150.0"]),
            .init(
                "Debian's own python3.11 is covered by Debian's support, not judged by upstream dates", expected: .pass,
                check: "kind: end-of-life\ntarget: packages",
                inventory: #"{"packages": [{"name": "python3.11", "version": "3.11.2-6+deb12u3", "manager": "dpkg"}]}"#),
            .init(
                "an operating system the catalog does not know is unknown", expected: .unknown,
                check: "kind: end-of-life\ntarget: os",
                inventory: #"{"host": {"os": {"family": "linux", "id": "plan9", "version_id": "4"}}}"#),
        ]
    )

    public let target: Target
    public let allowExtended: Bool
    public let warnDays: Int

    public var facts: [FactPath] { [FactPath(target == .os ? .host : .packages)] }

    public init?(parameters reader: MappingReader, diagnostics: inout Diagnostics) {
        let target = reader.choice("target", as: Target.self, diagnostics: &diagnostics)
        allowExtended = reader.bool("allow_extended", diagnostics: &diagnostics) ?? false
        warnDays = reader.integer("warn_days", in: 0...3650, diagnostics: &diagnostics) ?? 0
        guard let target else { return nil }
        self.target = target
    }

    /// Where a product stands on a date.
    enum Standing {
        case supported(until: Date?)
        case endingSoon(Date, days: Int)
        case extendedOnly(ended: Date, until: Date, name: String)
        case ended(Date)
    }

    func standing(of cycle: EOLProduct.Cycle, now: Date) -> Standing {
        guard let eol = cycle.eol else { return .supported(until: nil) }
        if now >= eol {
            if let extended = cycle.extendedEOL, now < extended {
                return .extendedOnly(ended: eol, until: extended, name: cycle.extended ?? "extended support")
            }
            return .ended(cycle.extendedEOL ?? eol)
        }
        let days = Int(eol.timeIntervalSince(now) / 86_400)
        if warnDays > 0, days <= warnDays { return .endingSoon(eol, days: days) }
        return .supported(until: eol)
    }

    /// nil when the standing is acceptable; otherwise what is wrong, for evidence.
    func problem(_ standing: Standing) -> String? {
        switch standing {
        case .supported: nil
        case .endingSoon(let date, let days): "security support ends \(Self.day(date)), in \(days) days"
        case .extendedOnly(let ended, let until, let name):
            allowExtended ? nil : "standard security support ended \(Self.day(ended)); only \(name) is left, until \(Self.day(until))"
        case .ended(let date): "past end of life since \(Self.day(date)): no security fixes at all"
        }
    }

    static func day(_ date: Date) -> String { String(ISODate.format(date).prefix(10)) }

    func describe(_ standing: Standing) -> String {
        switch standing {
        case .supported(let until): until.map { "supported until \(Self.day($0))" } ?? "supported, no end date announced"
        default: problem(standing) ?? "supported with extended support"
        }
    }

    var expectation: String {
        "within " + (allowExtended ? "standard or extended" : "standard") + " security support"
            + (warnDays > 0 ? " for at least \(warnDays) more days" : "")
    }

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        switch target {
        case .os: evaluateOS(context)
        case .packages: evaluatePackages(context)
        }
    }

    private func evaluateOS(_ context: EvaluationContext) -> CheckOutcome {
        guard let os = context.inventory.host?.os, let id = os.id else {
            return .unknown(context.inventory.host == nil ? "the 'host' facts were not collected" : "the operating system is not known")
        }
        guard let product = context.catalogs.endOfLife.first(where: { $0.kind == .os && $0.osIDs.contains(id) }) else {
            return .unknown("no end-of-life data for operating system '\(id)' in the catalog")
        }
        let version = (id == "windows" ? os.build ?? os.versionId : os.versionId) ?? ""
        let text = [os.prettyName, os.version].compactMap { $0 }.joined(separator: " ")
        let edition = ["Enterprise", "Education", "LTSC", "IoT"].contains { text.contains($0) } ? "enterprise" : "consumer"
        guard
            let cycle = product.cycles.first(where: { cycle in
                (cycle.edition == nil || cycle.edition == edition) && Self.inRange(version, cycle, scheme: .dpkg)
            })
        else {
            return .unknown("\(product.title) \(version) is not in the end-of-life catalog")
        }
        let standing = standing(of: cycle, now: context.now)
        // The catalog's name for the release; the host's pretty name is in the report's header already.
        let evidence = Evidence(
            subject: "\(product.title) \(cycle.cycle)", fact: "host.os", seen: describe(standing), expected: expectation)
        if let problem = problem(standing) { return .fail("\(product.title) \(cycle.cycle): \(problem)", [evidence]) }
        return .pass([evidence])
    }

    private func evaluatePackages(_ context: EvaluationContext) -> CheckOutcome {
        guard let packages = context.inventory.packages else { return .unknown("the 'packages' facts were not collected") }
        var failures: [Evidence] = []
        var judged = 0
        // A name the catalog's regex could not judge (too long, out of time) must not read as "not listed".
        var undecided: String?
        func matches(_ pattern: Pattern, _ text: String) -> Bool {
            guard let found = pattern.matches(text) else {
                undecided = undecided ?? "\(pattern) could not be matched against '\(text.prefix(80))'"
                return false
            }
            return found
        }
        for (index, package) in packages.enumerated() {
            let manager = package.manager ?? ""
            for product in context.catalogs.endOfLife where product.kind == .package {
                guard
                    product.packages.contains(where: { matcher in
                        matcher.manager == manager && matches(matcher.name, package.name)
                            && (matcher.version.map { matches($0, package.version) } ?? true)
                    })
                else { continue }
                let scheme = VersionScheme.forManager(manager)
                guard
                    let cycle = product.cycles.first(where: { cycle in
                        (cycle.managers.map { $0.contains(manager) } ?? true) && (cycle.name.map { matches($0, package.name) } ?? true)
                            && Self.inRange(package.version, cycle, scheme: scheme)
                    })
                else { continue }
                judged += 1
                let standing = standing(of: cycle, now: context.now)
                if let problem = problem(standing) {
                    failures.append(
                        Evidence(
                            subject: Self.packageSubject(package), fact: "packages[\(index)]",
                            seen: "\(product.title) \(cycle.cycle): \(problem)", expected: expectation))
                }
                break
            }
        }
        if !failures.isEmpty {
            return .fail("\(CollectionCheck.list(failures)) \(failures.count == 1 ? "is" : "are") past or near end of life", failures)
        }
        if let undecided { return .error(undecided) }
        return .pass([
            Evidence(
                fact: "packages", seen: "\(judged) catalogued program\(judged == 1 ? "" : "s") of \(packages.count), all supported",
                expected: expectation)
        ])
    }

    static func inRange(_ version: String, _ cycle: EOLProduct.Cycle, scheme: VersionScheme) -> Bool {
        if let low = cycle.atLeast {
            guard let order = scheme.compare(version, low), order >= 0 else { return false }
        }
        if let high = cycle.below {
            guard let order = scheme.compare(version, high), order < 0 else { return false }
        }
        return true
    }

    /// A package as a reader names it: "Python 3.9.13", not "Python 3.9.13 3.9.13" when the
    /// exported name already carries the version.
    static func packageSubject(_ package: Package) -> String {
        let words = package.name.split(separator: " ")
        return words.contains(Substring(package.version)) ? package.name : "\(package.name) \(package.version)"
    }
}
