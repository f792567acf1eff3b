import Foundation

/// What a configuration reader may look at: the scanned host's root, or files held in memory
/// (unit tests, fuzzing). Readers take this instead of `HostRoot` so they can run without a disk.
protocol ConfigFiles: Sendable {
    /// A whole text file; `.notFound` when it does not exist.
    func readText(_ path: String) throws(HostRoot.ReadError) -> String
    /// Names in a folder (not `.` or `..`), sorted; empty when the folder does not exist.
    func list(_ path: String) throws(HostRoot.ReadError) -> [String]
    /// Whether something exists at that path (following links).
    func exists(_ path: String) -> Bool
}

extension HostRoot: ConfigFiles {}

/// Files in memory, keyed by absolute host path. Folders are implied by the paths of their files.
struct InMemoryFiles: ConfigFiles {
    var files: [String: String]

    init(_ files: [String: String]) { self.files = files }

    func readText(_ path: String) throws(HostRoot.ReadError) -> String {
        guard let text = files[Self.normalized(path)] else { throw .notFound }
        return text
    }

    func list(_ path: String) throws(HostRoot.ReadError) -> [String] {
        let folder = Self.normalized(path)
        let prefix = folder == "/" ? "/" : folder + "/"
        var names: Set<String> = []
        for file in files.keys where file.hasPrefix(prefix) {
            if let name = file.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(name)) }
        }
        return names.sorted()
    }

    func exists(_ path: String) -> Bool {
        let normalized = Self.normalized(path)
        return files[normalized] != nil || files.keys.contains { $0.hasPrefix(normalized == "/" ? "/" : normalized + "/") }
    }

    /// Collapses repeated slashes and `.` components, and drops a trailing slash.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
