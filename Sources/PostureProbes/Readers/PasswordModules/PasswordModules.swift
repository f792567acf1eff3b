import PostureInventory

/// Password-quality and lockout settings as they are in force: read through the module that uses
/// them, and only when libpam runs that module — pam_pwquality in the password stack of `passwd`
/// (every password change goes through it; on Debian through common-password), pam_faillock in the
/// auth stacks of the login services. A setting in a file no module reads is not in force.
enum PasswordModules {
    /// pam_pwquality's settings (file, then the module line's arguments), or pam_unix's minimum
    /// length when pam_pwquality is in no password stack of `passwd`; or why the stack cannot be read.
    static func quality(_ files: some ConfigFiles, loader: PAMStackLoader) -> (facts: JSONValue?, failure: String?) {
        let stack = loader.load(service: "passwd")
        if let failure = stack.failure {
            return (nil, "the PAM stack of passwd cannot be read: \(failure)")
        }
        let password = stack.entries.filter { $0.type == "password" && $0.kind == .module }
        if let line = password.first(where: { $0.moduleName == "pam_pwquality.so" }) {
            var config = PWQualityConfig.read(files)
            let location = line.source ?? "passwd"
            var ignored: [String] = []
            // pam_pwquality hands each argument to libpwquality; the ones it does not know are the module's own.
            for argument in line.args {
                let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = parts.first else { continue }
                let value = parts.count > 1 ? parts[1] : ""
                if let reason = config.set(name, value, at: location), PWQualityConfig.integers[name.lowercased()] != nil {
                    ignored.append("\(location): \(reason); ignored")
                }
            }
            var object = config.values.mapValues { JSONValue.string($0) }
            object["locations"] = .object(config.locations.mapValues { .string($0) })
            object["module"] = .string("pam_pwquality.so")
            object["source"] = .string(location)
            let notes = ([config.problem].compactMap { $0 } + ignored)
            object["detail"] = .string(
                "pam_pwquality in passwd's password stack at \(location)" + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")))
            return (.object(object), nil)
        }
        // Without pam_pwquality, pam_unix's own minimum applies (its minlen= argument, default 6).
        var object: [String: JSONValue] = ["module": .string("none")]
        var minimum = "6"
        if let unix = password.first(where: { $0.moduleName == "pam_unix.so" }) {
            for argument in unix.args where argument.hasPrefix("minlen=") {
                if let number = CNumbers.scanUnsigned(argument.dropFirst("minlen=".count), bits: 32) { minimum = String(number) }
            }
            object["source"] = .string(unix.source ?? "passwd")
        }
        object["minlen"] = .string(minimum)
        object["locations"] = .object([:])
        object["detail"] = .string(
            "pam_pwquality is in no password stack of passwd, so pwquality.conf is not used; "
                + "pam_unix's minimum length of \(minimum) applies")
        return (.object(object), nil)
    }

    /// pam_faillock's settings where it runs in the auth stacks of `services`: per line, its
    /// configuration file then its arguments; over several lines and services the weakest value
    /// (the most failures allowed, the shortest lockout). nil when pam_faillock runs in none.
    static func lockout(_ files: some ConfigFiles, loader: PAMStackLoader, services: [String]) -> JSONValue? {
        var worst: FaillockConfig?
        var lines: [String] = []
        var notes: [String] = []
        for service in services {
            let stack = loader.load(service: service)
            guard stack.failure == nil else { continue }
            for line in stack.entries where line.type == "auth" && line.kind == .module && line.moduleName == "pam_faillock.so" {
                let location = line.source ?? service
                if lines.contains(location) { continue }
                lines.append(location)
                var config = FaillockConfig()
                let file =
                    line.args.first { $0.hasPrefix("conf=") }.map { String($0.dropFirst("conf=".count)) } ?? FaillockConfig.defaultFile
                do {
                    config.readFile(try files.readText(file), path: file)
                } catch {
                    if !(error == .notFound && file == FaillockConfig.defaultFile) {
                        notes.append("\(location): \(file): \(error); pam_faillock fails")
                    }
                }
                for argument in line.args where !["preauth", "authfail", "authsucc"].contains(argument) && !argument.hasPrefix("conf=") {
                    let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    config.set(String(parts.first ?? ""), parts.count > 1 ? parts[1] : "", at: location)
                }
                notes += config.ignored
                worst = worst.map { weaker($0, config) } ?? config
            }
        }
        guard let worst else { return nil }
        var object = worst.values.mapValues { JSONValue.string($0) }
        object["locations"] = .object(worst.locations.mapValues { .string($0) })
        object["source"] = .string(lines.first ?? "")
        object["detail"] = .string(
            "pam_faillock at \(lines.joined(separator: ", "))" + (notes.isEmpty ? "" : "; " + notes.prefix(5).joined(separator: "; ")))
        return .object(object)
    }

    /// Per setting, the value that locks less: more failures allowed (0 = never locks), a shorter
    /// lockout (0 = until an administrator unlocks).
    static func weaker(_ a: FaillockConfig, _ b: FaillockConfig) -> FaillockConfig {
        var result = a
        func number(_ config: FaillockConfig, _ name: String) -> UInt64 { UInt64(config.values[name] ?? "") ?? 0 }
        let denyA = number(a, "deny")
        let denyB = number(b, "deny")
        if denyB == 0 || (denyA != 0 && denyB > denyA) {
            result.values["deny"] = b.values["deny"]
            result.locations["deny"] = b.locations["deny"]
        }
        let unlockA = number(a, "unlock_time")
        let unlockB = number(b, "unlock_time")
        if unlockB != 0 && (unlockA == 0 || unlockB < unlockA) {
            result.values["unlock_time"] = b.values["unlock_time"]
            result.locations["unlock_time"] = b.locations["unlock_time"]
        }
        return result
    }
}
