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
    /// The user ran the command with sudo (PAM accepting any password).
    var allowed: [SudoersCase.Query: Bool] = [:]
    /// `sudo -n` as the user ran it: no password asked.
    var withoutPassword: [SudoersCase.Query: Bool] = [:]
    /// `cvtsudoers -f json` of the accepted policy.
    var structure: Data?
}

/// Runs sudo as each user (setpriv), the way a person would: first `sudo -n` (runs only when no
/// password is asked), then plain `sudo` with a PAM stack that accepts anyone (runs only when
/// the policy allows the command). The harmless commands run for real; timestamps live on a
/// private tmpfs and are cleared after each authenticated run.
enum SudoersOracle {
    static let sudo = "/usr/bin/sudo", visudo = "/usr/sbin/visudo", unshare = "/usr/bin/unshare", setpriv = "/usr/bin/setpriv"
    static let cvtsudoers = "/usr/bin/cvtsudoers"
    static var available: Bool {
        [sudo, visudo, unshare, setpriv, cvtsudoers].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) } && getuid() == 0
    }

    /// Asks sudo about every case, in two namespaces side by side, remounting the files for each case.
    static func answers(_ cases: [SudoersCase]) throws -> [SudoersOracleAnswer] {
        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("posture-sudoers-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let keep = ProcessInfo.processInfo.environment["POSTURE_SUDOERS_KEEP"] != nil
        defer { if !keep { try? FileManager.default.removeItem(at: work) } }
        let pam = work.appendingPathComponent("pam-sudo")
        try Data("auth sufficient pam_permit.so\naccount required pam_permit.so\nsession required pam_permit.so\n".utf8).write(to: pam)
        var scripts = ["", ""]
        for (index, sudoersCase) in cases.enumerated() {
            scripts[index % 2] += try script(for: sudoersCase, index: index, folder: work.appendingPathComponent("\(index)"))
        }
        var processes: [Process] = []
        var outputs: [URL] = []
        for chunk in 0..<2 {
            let header =
                "set -u\nexec 2>/dev/null\nmount -t tmpfs tmpfs /run/sudo || { mkdir -p /run/sudo && mount -t tmpfs tmpfs /run/sudo; } || exit 90\nmount --bind '\(pam.path)' /etc/pam.d/sudo || exit 91\n"
            let file = work.appendingPathComponent("run-\(chunk).sh")
            let answers = work.appendingPathComponent("answers-\(chunk)")
            try Data((header + scripts[chunk]).utf8).write(to: file)
            FileManager.default.createFile(atPath: answers.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: unshare)
            process.arguments = ["-m", "-u", "--propagation", "private", "/bin/bash", file.path]
            process.environment = ["LC_ALL": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
            process.standardOutput = try FileHandle(forWritingTo: answers)
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
            outputs.append(answers)
        }
        for process in processes { process.waitUntilExit() }
        let text = try outputs.map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        var answers = cases.map { _ in SudoersOracleAnswer(accepted: false) }
        var lines = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, let index = Int(fields[1]), answers.indices.contains(index) else { continue }
            lines += 1
            switch fields[0] {
            case "V": answers[index].accepted = fields[2] == "0"
            case "Q":
                guard fields.count == 4, let number = Int(fields[2]), cases[index].queries.indices.contains(number) else { continue }
                let query = cases[index].queries[number]
                answers[index].allowed[query] = fields[3] != "0"
                answers[index].withoutPassword[query] = fields[3] == "2"
            default: continue
            }
        }
        if lines < cases.count { throw OracleError.missingAnswers(lines) }
        for index in answers.indices where answers[index].accepted {
            answers[index].structure = try? Data(contentsOf: work.appendingPathComponent("\(index)/structure.json"))
        }
        return answers
    }

    private static func script(for sudoersCase: SudoersCase, index: Int, folder: URL) throws -> String {
        let includes = folder.appendingPathComponent("sudoers.d")
        try FileManager.default.createDirectory(at: includes, withIntermediateDirectories: true)
        for (path, content) in sudoersCase.files where path.hasPrefix("/etc/sudoers.d/") {
            let file = includes.appendingPathComponent(String(path.dropFirst("/etc/sudoers.d/".count)))
            try Data(content.utf8).write(to: file)
            chmod(file.path, 0o440)
        }
        chmod(includes.path, 0o755)
        let shadow =
            sudoersCase.passwd.split(separator: "\n").compactMap { $0.split(separator: ":").first }
            .map { "\($0):*:19000:0:99999:7:::" }.joined(separator: "\n") + "\n"
        let short = sudoersCase.hostname.split(separator: ".").first.map(String.init) ?? sudoersCase.hostname
        let contents = [
            "sudoers": sudoersCase.files["/etc/sudoers"] ?? "", "passwd": sudoersCase.passwd, "group": sudoersCase.group,
            "shadow": shadow, "hostname": sudoersCase.hostname + "\n",
            "hosts": "127.0.0.1 localhost\n127.0.1.1 \(sudoersCase.hostname) \(short)\n",
        ]
        var script = ""
        for (name, content) in contents.sorted(by: { $0.key < $1.key }) {
            let file = folder.appendingPathComponent(name)
            try Data(content.utf8).write(to: file)
            chmod(file.path, name == "sudoers" ? 0o440 : 0o644)
            script += "mount --bind '\(file.path)' /etc/\(name) || exit 92\n"
        }
        script += "mount --bind '\(includes.path)' /etc/sudoers.d || exit 93\nhostname '\(sudoersCase.hostname)'\n"
        script += "\(visudo) -c -f /etc/sudoers >/dev/null; v=$?; echo \"V \(index) $v\"\nif [ $v = 0 ]; then\n"
        script += "\(cvtsudoers) -f json /etc/sudoers > '\(folder.path)/structure.json'\n"
        var ids: [String: (uid: String, gid: String)] = [:]
        for line in sudoersCase.passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count >= 4 { ids[String(fields[0])] = (String(fields[2]), String(fields[3])) }
        }
        for (number, query) in sudoersCase.queries.enumerated() {
            guard let id = ids[query.user] else { continue }
            var target = ""
            if let user = query.runasUser { target += " -u '\(user)'" }
            if let group = query.runasGroup { target += " -g '\(group)'" }
            let command = "'\(query.command)'" + (query.arguments.isEmpty ? "" : " \(query.arguments)")
            let run = "\(setpriv) --reuid=\(id.uid) --regid=\(id.gid) --init-groups \(sudo)"
            script += "if \(run) -n\(target) \(command) >/dev/null </dev/null; then r=2; "
            script += "elif \(run)\(target) \(command) >/dev/null </dev/null; then r=1; rm -rf /run/sudo/ts; else r=0; fi; "
            script += "echo \"Q \(index) \(number) $r\"\n"
        }
        script += "fi\nfor f in \(contents.keys.sorted().map { "/etc/\($0)" }.joined(separator: " ")) /etc/sudoers.d; do umount $f; done\n"
        return script
    }

    enum OracleError: Error { case missingAnswers(Int) }
}
