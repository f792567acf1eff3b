import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// A settings file that exists but cannot be read is a collection error, never the program's
/// defaults: a dconf keyfile that turns the screen lock off, left unread, used to leave GNOME's
/// "lock enabled" standing, and the screen-lock rules passed.
@Suite("settings files that cannot be read")
struct UnreadSettingsTests {
    static func desktopRoot() throws -> FixtureRoot {
        let root = try FixtureRoot()
        try root.write("/usr/bin/gnome-shell", "#!/bin/sh\n", mode: 0o755)
        return root
    }

    @Test("a readable dconf keyfile is obeyed")
    func readableKeyfile() throws {
        let root = try Self.desktopRoot()
        try root.write("/etc/dconf/db/local.d/00-screensaver", "[org/gnome/desktop/screensaver]\nlock-enabled=false\n")
        let inventory = Collector.collect(root: root.path, request: FactRequest(families: [.settings]))
        let lock = try #require(inventory.settings?["screen_lock"])
        #expect(lock["enabled"] == .bool(false))
    }

    @Test("an unreadable dconf keyfile makes the screen lock a collection error, not GNOME's default")
    func unreadableKeyfile() throws {
        let root = try Self.desktopRoot()
        try root.folder("/etc/dconf/db/local.d")
        try root.fifo("/etc/dconf/db/local.d/00-screensaver")
        let inventory = Collector.collect(root: root.path, request: FactRequest(families: [.settings]))
        #expect(inventory.settings?["screen_lock"] == nil)
        let error = inventory.collectionErrors?.first { $0.fact == "settings.screen_lock" }
        #expect(error?.reason.contains("/etc/dconf/db/local.d/00-screensaver") == true, "\(String(describing: error))")
    }

    @Test("an unreadable login.defs is a collection error; a missing one is not")
    func unreadableLoginDefs() throws {
        let root = try FixtureRoot()
        try root.folder("/etc")
        try root.fifo("/etc/login.defs")
        let inventory = Collector.collect(root: root.path, request: FactRequest(families: [.settings]))
        #expect(inventory.collectionErrors?.contains { $0.fact == "settings.login_defs" } == true)
        let empty = try FixtureRoot()
        let none = Collector.collect(root: empty.path, request: FactRequest(families: [.settings]))
        #expect(none.collectionErrors?.contains { $0.fact == "settings.login_defs" } != true)
    }
}
