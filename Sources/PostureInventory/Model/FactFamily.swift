/// The fact families an inventory holds, one per top-level member. Adding a case is a compile
/// error until every place that must handle it does: the inventory's coding key (`codingKey`),
/// `Inventory.merge` (`take(_:from:)`), whether it is asked for by name (`requestedByName`); the
/// probes, fact paths and requests speak this type, and a test checks the inventory schema.
public enum FactFamily: String, CaseIterable, Sendable, Codable, Comparable {
    case host, packages, updates, processes, services, antivirus, accounts, groups, sudo, volumes, settings
    case loginRecords = "login_records"
    case files, trees, sensitive

    /// Its member in the inventory document.
    var codingKey: Inventory.CodingKeys {
        switch self {
        case .host: .host
        case .packages: .packages
        case .updates: .updates
        case .processes: .processes
        case .services: .services
        case .antivirus: .antivirus
        case .accounts: .accounts
        case .loginRecords: .loginRecords
        case .groups: .groups
        case .sudo: .sudo
        case .volumes: .volumes
        case .settings: .settings
        case .files: .files
        case .trees: .trees
        case .sensitive: .sensitive
        }
    }

    /// Whether a request names the family itself; files, trees and sensitive matches are gathered
    /// for the paths a request lists (`FactRequest.files`, `FactRequest.trees`) instead.
    public var requestedByName: Bool {
        switch self {
        case .host, .packages, .updates, .processes, .services, .antivirus, .accounts, .loginRecords, .groups, .sudo,
            .volumes, .settings:
            true
        case .files, .trees, .sensitive:
            false
        }
    }

    public static func < (lhs: FactFamily, rhs: FactFamily) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension Inventory {
    /// Takes every family `other` collected.
    public mutating func merge(_ other: Inventory) {
        for family in FactFamily.allCases { take(family, from: other) }
    }

    /// Takes one family from `other` when it was collected there (non-nil).
    public mutating func take(_ family: FactFamily, from other: Inventory) {
        switch family {
        case .host: take(\.host, from: other)
        case .packages: take(\.packages, from: other)
        case .updates: take(\.updates, from: other)
        case .processes: take(\.processes, from: other)
        case .services: take(\.services, from: other)
        case .antivirus: take(\.antivirus, from: other)
        case .accounts: take(\.accounts, from: other)
        case .loginRecords: take(\.loginRecords, from: other)
        case .groups: take(\.groups, from: other)
        case .sudo: take(\.sudo, from: other)
        case .volumes: take(\.volumes, from: other)
        case .settings: take(\.settings, from: other)
        case .files: take(\.files, from: other)
        case .trees: take(\.trees, from: other)
        case .sensitive: take(\.sensitive, from: other)
        }
    }

    private mutating func take<Value>(_ member: WritableKeyPath<Inventory, Value?>, from other: Inventory) {
        if let value = other[keyPath: member] { self[keyPath: member] = value }
    }

    /// The inventory member names of every family, in order (`host`, `packages`, …).
    public static var familyKeys: [String] { FactFamily.allCases.map(\.codingKey.stringValue) }
}
