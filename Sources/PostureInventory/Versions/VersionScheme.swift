/// Which ordering a version comparison follows.
public enum VersionScheme: String, Sendable, CaseIterable, Codable {
    /// Debian's dpkg ordering; also right for plain dotted versions (12, 10.0.19045, 3.11.2).
    case dpkg
    /// RPM's rpmvercmp ordering.
    case rpm

    /// -1, 0 or 1; nil when a version cannot be read under this scheme.
    public func compare(_ lhs: String, _ rhs: String) -> Int? {
        switch self {
        case .dpkg: DebianVersion.compare(lhs, rhs)
        case .rpm: lhs.isEmpty || rhs.isEmpty ? nil : RPMVersion.compare(lhs, rhs)
        }
    }

    /// The scheme for a package manager name as inventories write it (`dpkg`, `rpm`, …).
    public static func forManager(_ manager: String?) -> VersionScheme {
        manager == "rpm" ? .rpm : .dpkg
    }
}
