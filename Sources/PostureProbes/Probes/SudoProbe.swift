import Foundation
import PostureInventory

/// sudo: the user specifications of sudoers and everything it includes, with aliases expanded,
/// NOPASSWD and `!authenticate` resolved, and the file and line each rule came from.
struct SudoProbe: Probe {
    let families: [FactFamily] = [.sudo]

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        guard context.root.exists("/etc/sudoers") else {
            // sudo is not installed (or keeps no sudoers): there are no grants.
            result.inventory.sudo = []
            return result
        }
        var parser = SudoersParser(root: context.root)
        parser.parseFile("/etc/sudoers", depth: 0)
        result.inventory.sudo = parser.rules()
        if !parser.problems.isEmpty {
            let shown = parser.problems.prefix(3).joined(separator: "; ")
            result.fail("sudo", "sudoers could not be fully parsed, and sudo refuses such a file: \(shown)" +
                        (parser.problems.count > 3 ? " (+\(parser.problems.count - 3) more)" : ""))
        }
        return result
    }
}
