import Foundation
import PostureInventory

/// /etc/pam.d: each service's stack as `type control module [args]` lines, with @include and
/// include/substack expanded.
enum PAMStacks {
    static func read(_ root: HostRoot) -> JSONValue? {
        guard let services = try? root.list("/etc/pam.d"), !services.isEmpty else { return nil }
        var object: [String: JSONValue] = [:]
        for service in services where !service.hasPrefix(".") {
            object[service] = .array(lines(service, root, depth: 0).map { .string($0) })
        }
        return .object(object)
    }

    static func lines(_ service: String, _ root: HostRoot, depth: Int, onlyType: String? = nil) -> [String] {
        guard depth < 16, let text = try? root.readText("/etc/pam.d/\(service)") else { return [] }
        var result: [String] = []
        for raw in text.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash].trimmingCharacters(in: .whitespaces) }
            guard !line.isEmpty else { continue }
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if words[0] == "@include", words.count > 1 {
                result += lines(words[1], root, depth: depth + 1, onlyType: onlyType)
                continue
            }
            var type = words[0]
            if type.hasPrefix("-") { type.removeFirst() }
            if let onlyType, type != onlyType { continue }
            if words.count >= 3, words[1] == "include" || words[1] == "substack" {
                result += lines(words[2], root, depth: depth + 1, onlyType: type)
                continue
            }
            result.append(words.joined(separator: " "))
        }
        return result
    }
}
