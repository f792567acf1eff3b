import Foundation
import PostureInventory

/// /etc/pam.d as libpam reads it: each service's handlers (the service's own lines per type, or
/// `other`'s), includes and substacks followed, each entry with its `file:line`. A service whose
/// files libpam would refuse (or that this reader will not guess at) becomes `{"error": …}` and a
/// collection error for `settings.pam.<service>`.
enum PAMStacks {
    static let folders = ["/etc/pam.d", "/usr/lib/pam.d"]

    static func read(_ files: some ConfigFiles) -> (facts: JSONValue?, errors: [(service: String, reason: String)]) {
        var services: Set<String> = []
        for folder in folders {
            for name in (try? files.list(folder)) ?? [] where !name.hasPrefix(".") && !name.hasSuffix("~") { services.insert(name) }
        }
        guard !services.isEmpty else { return (nil, []) }
        let loader = loader(files)
        var object: [String: JSONValue] = [:]
        var errors: [(service: String, reason: String)] = []
        for service in services.sorted() {
            let stack = loader.load(service: service)
            if let failure = stack.failure {
                object[service] = .object(["error": .string(failure)])
                errors.append((service, failure))
            } else {
                object[service] = .array(stack.entries.map(\.json))
            }
        }
        return (.object(object), errors)
    }

    /// A loader over the host's (or in-memory) files.
    static func loader(_ files: some ConfigFiles) -> PAMStackLoader {
        PAMStackLoader(folders: folders) { path in
            do {
                return .found(Array(try files.readText(path).utf8))
            } catch let error as HostRoot.ReadError {
                return error == .notFound ? .missing : .unreadable(error.description)
            } catch {
                return .unreadable("\(error)")
            }
        }
    }
}
