import Foundation
import PostureInventory

extension Account {
    /// `/etc/passwd:12`, when the probe recorded where the account is defined.
    var sourceText: String? { source.map { "\($0.file):\($0.line ?? 0)" } }
}
