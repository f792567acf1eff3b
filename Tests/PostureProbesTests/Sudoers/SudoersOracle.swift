import Foundation
@testable import PostureProbes

/// One sudoers scenario for the differential tests: the files (`/etc/sudoers` and any under
/// `/etc/sudoers.d/`), the accounts, the host name, and the requests to ask sudo about.
struct SudoersCase: CustomStringConvertible {
    struct Query: Hashable {
        var user: String
        /// `-u USER`; nil with `group` nil means sudo's default (root).
        var runasUser: String?
        /// `-g GROUP`.
        var runasGroup: String?
        var command: String
        var arguments: String = ""
    }

    var name: String
    var files: [String: String]
    var passwd: String
    var group: String
    var hostname: String
    var queries: [Query]

    var description: String {
        var text = "case \(name), host \(hostname)\n"
        for (path, content) in files.sorted(by: { $0.key < $1.key }) { text += "--- \(path)\n\(content)" }
        return text
    }

    /// The accounts every case has besides root: uids 1001… with their own groups, plus `ops` and `wheel`.
    static let standardPasswd = """
        root:x:0:0:root:/root:/bin/bash
        ann:x:1001:1001::/nonexistent:/bin/sh
        bob:x:1002:1002::/nonexistent:/bin/sh
        carol:x:1003:2002::/nonexistent:/bin/sh
        dave:x:1004:1004::/nonexistent:/bin/sh
        erin:x:1005:1005::/nonexistent:/bin/sh

        """
    static let standardGroup = """
        root:x:0:
        ann:x:1001:
        bob:x:1002:
        ops:x:2002:dave
        wheel:x:2003:bob,erin
        dave:x:1004:
        erin:x:1005:

        """
}

/// What the real sudo 1.9 says about a case, run in a private mount namespace where the case's
/// files are bind-mounted over /etc (the real /etc is never changed).
struct SudoersOracleAnswer {
    var accepted: Bool
    /// `sudo -l -U USER [-u R] [-g G] CMD` succeeded.
    var allowed: [SudoersCase.Query: Bool] = [:]
    /// `sudo -n` as the user ran the command (no password asked), for allowed queries.
    var withoutPassword: [SudoersCase.Query: Bool] = [:]
}

enum SudoersOracle {
    static let sudo = "/usr/bin/sudo", visudo = "/usr/sbin/visudo", unshare = "/usr/bin/unshare", setpriv = "/usr/bin/setpriv"
    static var available: Bool {
        [sudo, visudo, unshare, setpriv].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) } && getuid() == 0
    }

    /// Asks sudo about every case in one namespace, remounting the files for each.
    static func answers(_ cases: [SudoersCase]) throws -> [SudoersOracleAnswer] {
        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("posture-sudoers-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let keep = ProcessInfo.processInfo.environment["POSTURE_SUDOERS_KEEP"] != nil
        defer { if !keep { try? FileManager.default.removeItem(at: work) } }
        var script = "set -u\nexec 2>/dev/null\nmount -t tmpfs tmpfs /run/sudo || exit 90\n"
        let etcFiles = ["sudoers", "passwd", "group", "shadow", "hostname", "hosts"]
        for (index, sudoersCase) in cases.enumerated() {
            let folder = work.appendingPathComponent("\(index)")
            let includes = folder.appendingPathComponent("sudoers.d")
            try FileManager.default.createDirectory(at: includes, withIntermediateDirectories: true)
            var sudoers = ""
            for (path, content) in sudoersCase.files {
                if path == "/etc/sudoers" { sudoers = content; continue }
                guard path.hasPrefix("/etc/sudoers.d/") else { continue }
                let file = includes.appendingPathComponent(String(path.dropFirst("/etc/sudoers.d/".count)))
                try Data(content.utf8).write(to: file)
                chmod(file.path, 0o440)
            }
            let shadow = sudoersCase.passwd.split(separator: "\n").compactMap { $0.split(separator: ":").first }
                .map { "\($0):*:19000:0:99999:7:::" }.joined(separator: "\n") + "\n"
            let contents = ["sudoers": sudoers, "passwd": sudoersCase.passwd, "group": sudoersCase.group, "shadow": shadow,
                            "hostname": sudoersCase.hostname + "\n",
                            "hosts": "127.0.0.1 localhost\n127.0.1.1 \(sudoersCase.hostname) \(sudoersCase.hostname.split(separator: ".").first ?? "")\n"]
            for (name, content) in contents {
                let file = folder.appendingPathComponent(name)
                try Data(content.utf8).write(to: file)
                chmod(file.path, name == "sudoers" ? 0o440 : 0o644)
            }
            chmod(includes.path, 0o755)
            for name in etcFiles { script += "mount --bind '\(folder.path)/\(name)' /etc/\(name) || exit 91\n" }
            script += "mount --bind '\(includes.path)' /etc/sudoers.d || exit 92\n"
            script += "hostname '\(sudoersCase.hostname)'\n"
            script += "\(visudo) -c -f /etc/sudoers >/dev/null; v=$?; echo \"V \(index) $v\"\n"
            script += "if [ $v = 0 ]; then\n"
            let uids = Dictionary(sudoersCase.passwd.split(separator: "\n").compactMap { line -> (String, (String, String))? in
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                return fields.count >= 4 ? (String(fields[0]), (String(fields[2]), String(fields[3]))) : nil
            }, uniquingKeysWith: { first, _ in first })
            for (number, query) in sudoersCase.queries.enumerated() {
                var target = ""
                if let user = query.runasUser { target += " -u '\(user)'" }
                if let group = query.runasGroup { target += " -g '\(group)'" }
                let command = "'\(query.command)'" + (query.arguments.isEmpty ? "" : " \(query.arguments)")
                guard let (uid, gid) = uids[query.user] else { continue }
                script += "\(sudo) -l -U '\(query.user)'\(target) \(command) >/dev/null </dev/null; l=$?; echo \"L \(index) \(number) $l\"\n"
                script += "if [ $l = 0 ]; then \(setpriv) --reuid=\(uid) --regid=\(gid) --init-groups \(sudo) -n\(target) \(command) >/dev/null </dev/null; "
                script += "echo \"N \(index) \(number) $?\"; fi\n"
            }
            script += "fi\n"
            script += "for f in \(etcFiles.map { "/etc/\($0)" }.joined(separator: " ")) /etc/sudoers.d; do umount $f; done\n"
        }
        let scriptFile = work.appendingPathComponent("run.sh")
        try Data(script.utf8).write(to: scriptFile)
        let text = try output(unshare, ["-m", "-u", "--propagation", "private", "/bin/bash", scriptFile.path])
        var answers = cases.map { _ in SudoersOracleAnswer(accepted: false) }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, let index = Int(fields[1]), answers.indices.contains(index) else { continue }
            switch fields[0] {
            case "V": answers[index].accepted = fields[2] == "0"
            case "L", "N":
                guard fields.count == 4, let number = Int(fields[2]), cases[index].queries.indices.contains(number) else { continue }
                let query = cases[index].queries[number]
                if fields[0] == "L" { answers[index].allowed[query] = fields[3] == "0" } else { answers[index].withoutPassword[query] = fields[3] == "0" }
            default: continue
            }
        }
        if text.isEmpty, !cases.isEmpty { throw OracleError.noOutput }
        return answers
    }

    enum OracleError: Error { case noOutput }
}
