import PostureInventory

/// modprobe.d(5) as kmod reads it: `*.conf` files from its folders (a name in an earlier folder
/// hides the same name in a later one), in name order; backslash continues a line; `#` in the
/// first column starts a comment; `-` and `_` are the same in module names. Only `blacklist` and
/// `install` matter here. For `install`, the first line whose module pattern matches wins.
struct ModprobeConfig {
    /// kmod's search folders, highest priority first.
    static let folders = ["/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d"]
    static let maximumFiles = 4_096

    struct Line: Equatable {
        var module: String
        var argument: String
        var location: String
    }

    var blacklists: [Line] = []
    var installs: [Line] = []
    var filesRead: [String] = []

    static func read(_ files: some ConfigFiles) -> ModprobeConfig {
        var chosen: [String: String] = [:]  // file name → folder it is read from
        for folder in folders {
            for name in (try? files.list(folder)) ?? [] where name.hasSuffix(".conf") && chosen[name] == nil && chosen.count < maximumFiles
            {
                chosen[name] = folder
            }
        }
        var config = ModprobeConfig()
        for name in chosen.keys.sorted() {
            let path = "\(chosen[name]!)/\(name)"
            guard let text = try? files.readText(path) else { continue }
            config.filesRead.append(path)
            config.parse(text, file: path)
        }
        return config
    }

    mutating func parse(_ text: String, file: String) {
        var pending = ""
        var startLine = 0
        for (index, raw) in text.scalarLines.enumerated() {
            if pending.isEmpty { startLine = index + 1 }
            if raw.hasSuffix("\\") {
                pending += raw.dropLast()
                continue
            }
            let line = pending + raw
            pending = ""
            guard !line.hasPrefix("#") else { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2 else { continue }
            let module = Self.normalized(String(words[1]))
            let location = "\(file):\(startLine)"
            switch words[0] {
            case "blacklist":
                blacklists.append(Line(module: module, argument: "", location: location))
            case "install" where words.count >= 3:
                // The command is the rest of the line after the module name and one blank (kmod's strtok).
                var rest = Substring(line)
                for _ in 0..<2 {
                    rest = rest.drop { $0 == " " || $0 == "\t" }
                    rest = rest.drop { $0 != " " && $0 != "\t" }
                }
                installs.append(Line(module: module, argument: String(rest.dropFirst()), location: location))
            default:
                continue
            }
        }
    }

    /// kmod treats `-` and `_` alike and shows `_`.
    static func normalized(_ module: String) -> String { module.replacingOccurrences(of: "-", with: "_") }

    /// The install command modprobe would run for the module (the first matching line).
    func installCommand(for module: String) -> Line? {
        installs.first { Glob.matches($0.module, Self.normalized(module)) }
    }

    /// Commands that end modprobe's attempt without loading anything.
    static let refusingCommands: Set<String> = ["/bin/false", "/bin/true", "/usr/bin/false", "/usr/bin/true", "false", "true"]

    /// `settings.removable_media`: whether usb-storage can be loaded, with the line that decides it.
    static func removableMedia(_ files: some ConfigFiles) -> JSONValue {
        let config = read(files)
        var reasons: [String] = []
        var blocked = false
        if let install = config.installCommand(for: "usb-storage") {
            let command = install.argument.trimmingCharacters(in: [" ", "\t", "\r"])
            if refusingCommands.contains(command) {
                blocked = true
                reasons.append("\(install.location): install usb-storage \(command)")
            } else {
                reasons.append("\(install.location): install usb-storage runs '\(command)', which may load it")
            }
        }
        if let blacklist = config.blacklists.first(where: { $0.module == "usb_storage" }) {
            blocked = true
            reasons.append("\(blacklist.location): blacklist usb-storage")
        }
        // The kernel command line can refuse the module too (live hosts).
        if let cmdline = try? files.readText("/proc/cmdline") {
            for word in cmdline.split(whereSeparator: \.isWhitespace) {
                let parts = word.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0] == "modprobe.blacklist" || parts[0] == "module_blacklist" else { continue }
                if parts[1].split(separator: ",").contains(where: { normalized(String($0)) == "usb_storage" }) {
                    blocked = true
                    reasons.append("/proc/cmdline: \(word)")
                }
            }
        }
        if reasons.isEmpty {
            let looked =
                config.filesRead.isEmpty ? "no *.conf file" : "\(config.filesRead.count) file\(config.filesRead.count == 1 ? "" : "s")"
            reasons.append("no blacklist or install line for usb-storage in \(looked) under \(folders.joined(separator: ", "))")
        }
        return .object(["usb_storage_blocked": .bool(blocked), "source": .string(reasons.joined(separator: "; "))])
    }
}
