/// pam_faillock's settings as Linux-PAM 1.5 reads them: `faillock.conf` (or the `conf=` file a
/// module line names), then the module line's own arguments, each `name [=] value`. A value the
/// module cannot read (`deny` and the times with `sscanf("%u")`, times above 7 days) is logged
/// and ignored, keeping the earlier value; `unlock_time = never` is 0 (no automatic unlock).
struct FaillockConfig {
    static let defaultFile = "/etc/security/faillock.conf"
    /// MAX_TIME_INTERVAL: 7 days.
    static let maximumTime: UInt64 = 604_800

    var values: [String: String] = ["deny": "3", "unlock_time": "600", "fail_interval": "900"]
    var locations: [String: String] = [:]
    /// Lines the module would log as errors and ignore, with `file:line`.
    var ignored: [String] = []

    /// Reads the configuration file; `.notFound` of the default file is no error (the module ignores it).
    mutating func readFile(_ text: String, path: String) {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let (name, value) = PWQualityConfig.split(raw) else { continue }
            set(String(name), value, at: "\(path):\(index + 1)")
        }
    }

    /// One setting, as `set_conf_opt` takes it (names are case-sensitive).
    mutating func set(_ name: String, _ value: Substring, at location: String) {
        switch name {
        case "deny":
            guard let number = CNumbers.scanUnsigned(value, bits: 16) else { return ignore(name, value, location) }
            take(name, String(number), location)
        case "unlock_time", "root_unlock_time", "fail_interval":
            if value == "never", name != "fail_interval" { return take(name, "0", location) }
            guard let number = CNumbers.scanUnsigned(value, bits: 32), number <= Self.maximumTime else {
                return ignore(name, value, location)
            }
            take(name, String(number), location)
        case "even_deny_root", "audit", "silent", "no_log_info", "local_users_only":
            take(name, "true", location)
        case "dir", "admin_group":
            take(name, String(value), location)
        default:
            ignored.append("\(location): unknown option '\(name.prefix(40))'")
        }
    }

    private mutating func take(_ name: String, _ value: String, _ location: String) {
        values[name] = value
        locations[name] = location
    }

    private mutating func ignore(_ name: String, _ value: Substring, _ location: String) {
        ignored.append("\(location): bad number '\(value.prefix(40))' for \(name); pam_faillock keeps \(values[name] ?? "its default")")
    }
}
