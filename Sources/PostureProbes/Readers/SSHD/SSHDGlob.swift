import Foundation

/// glob(3) as sshd's Include calls it (flags 0): wildcards in any path component, a leading dot
/// matched only by a pattern that starts with one, backslash escapes, results sorted bytewise,
/// and a pattern without wildcards naming the path itself when it exists.
struct SSHDGlob {
    let files: any ConfigFiles
    /// Most paths one pattern may expand to (sshd has no limit; a hostile tree must not stall us).
    static let maximumMatches = 1024

    enum Failure: Error { case tooManyMatches }

    func expand(_ pattern: String) throws(Failure) -> [String] {
        let absolute = pattern.hasPrefix("/")
        let components = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var paths = [absolute ? "" : "/"]  // a relative pattern is taken from sshd's working directory, /
        for component in components {
            var next: [String] = []
            for base in paths {
                let folder = base.isEmpty ? "/" : base
                if Self.hasWildcard(component) {
                    for name in (try? files.list(folder)) ?? [] where fnmatch(component, name, FNM_PERIOD) == 0 {
                        next.append(base == "/" ? "/" + name : base + "/" + name)
                        guard next.count <= Self.maximumMatches else { throw .tooManyMatches }
                    }
                } else {
                    let name = Self.unescaped(component)
                    next.append(base == "/" ? "/" + name : base + "/" + name)
                }
            }
            paths = next
        }
        let found = paths.filter { files.exists($0) }
        return found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Whether a component has an unescaped `*`, `?` or `[`.
    static func hasWildcard(_ component: String) -> Bool {
        var escaped = false
        for character in component {
            if escaped {
                escaped = false
                continue
            }
            if character == "\\" {
                escaped = true
                continue
            }
            if character == "*" || character == "?" || character == "[" { return true }
        }
        return false
    }

    static func unescaped(_ component: String) -> String {
        var result = ""
        var escaped = false
        for character in component {
            if !escaped, character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }
}
