import Foundation
import PostureInventory

/// A dotted path into the inventory: `host.os.version_id`, `settings.sshd.permitrootlogin`.
public struct FactPath: Sendable, Hashable, CustomStringConvertible {
    public var components: [String]

    public var description: String { components.joined(separator: ".") }

    /// Fact families an inventory may hold; the first component must be one of them.
    public static let families = FactFamily.allCases.map(\.rawValue)

    /// The family it reads (its first component), when that names one.
    public var family: FactFamily? { components.first.flatMap(FactFamily.init(rawValue:)) }

    init(components: [String]) { self.components = components }

    /// The whole of one family: `FactPath(.accounts)`.
    init(_ family: FactFamily) { self.components = [family.rawValue] }

    /// Parses and validates a path; nil after a diagnostic.
    static func parse(
        _ text: String, at position: SourcePosition, requireFamily: Bool,
        diagnostics: inout Diagnostics
    ) -> FactPath? {
        let components = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let valid = components.allSatisfy { component in
            !component.isEmpty
                && component.utf8.allSatisfy { byte in
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                        true
                    default: false
                    }
                }
        }
        guard valid else {
            diagnostics.error(position, "'\(text)' is not a fact path; expected names joined by dots, like host.os.id")
            return nil
        }
        if requireFamily, !families.contains(components[0]) {
            diagnostics.error(
                position,
                "unknown fact family '\(components[0])'; expected one of: " + families.joined(separator: ", ")
                    + didYouMean(components[0], families))
            return nil
        }
        return FactPath(components: components)
    }
}
