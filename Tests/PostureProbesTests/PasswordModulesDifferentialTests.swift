import Foundation
import Testing

@testable import PostureProbes

/// pwquality.conf and its drop-ins read as libpwquality 1.4 reads them, compared with the library
/// itself (python3-pwquality, `PWQSettings().read_config()`) on hand-written and seeded random
/// setups. The library reads /etc/security only, so each setup is bind-mounted there in a private
/// mount namespace; the real /etc is never touched.
@Suite("pwquality.conf against libpwquality")
struct PasswordModulesDifferentialTests {
    static let python = Oracle("/usr/bin/python3")
    static let compared = ["minlen", "difok", "minclass", "dcredit", "maxrepeat", "retry"]

    /// The library's own reading of each setup folder: the compared values and whether it stopped on an error.
    static let oracleScript = #"""
        import ctypes, json, sys, pwquality
        libc = ctypes.CDLL(None, use_errno=True)
        for folder in sys.argv[1:]:
            if libc.mount(folder.encode(), b"/etc/security", None, 4096, None) != 0:
                print(json.dumps({"folder": folder, "mount_error": ctypes.get_errno()})); continue
            s = pwquality.PWQSettings()
            try:
                s.read_config(); error = False
            except Exception:
                error = True
            print(json.dumps({"folder": folder, "error": error, "minlen": s.minlen, "difok": s.difok, "minclass": s.minclass,
                              "dcredit": s.dcredit, "maxrepeat": s.maxrepeat, "retry": s.retry}))
            libc.umount2(b"/etc/security", 0)
        """#

    static let handWritten: [[String: String]] = [
        ["pwquality.conf": "minlen = 14\n"], ["pwquality.conf": "minlen=14\n"], ["pwquality.conf": "minlen = inf\n"],
        ["pwquality.conf": "minlen = 1e3\n"], ["pwquality.conf": "minlen = 0x10\n"], ["pwquality.conf": "minlen = 12.5\n"],
        ["pwquality.conf": "minlen = 3\n"], ["pwquality.conf": "  minlen   14  # comment\n"], ["pwquality.conf": "MINLEN = 15\n"],
        ["pwquality.conf": "minlen = -5\n"], ["pwquality.conf": "minlen = +13\n"], ["pwquality.conf": "minlen = 2147483647\n"],
        ["pwquality.conf": "minlen = 14\nbogus = 1\nminlen = 20\n"], ["pwquality.conf": "difok = x\nminlen = 14\n"],
        ["pwquality.conf": "minlen = 13 x\n"], ["pwquality.conf": "minlen = 14\r\n"], ["pwquality.conf": "minlen =\n"],
        ["pwquality.conf": "minlen\n"], ["pwquality.conf": "minlen == 14\n"], ["pwquality.conf": "# minlen = 20\nminclass = 9\n"],
        ["pwquality.conf": "enforce_for_root\nminlen = 12\n"],
        ["pwquality.conf": "minlen = 14", "pwquality.conf.d/a.conf": "minlen = 16\n"],
        ["pwquality.conf": "bogus = 1\n", "pwquality.conf.d/a.conf": "minlen = 16\n"],
        ["pwquality.conf": "minlen = 14\n", "pwquality.conf.d/a.conf": "minlen = x\n"],
        ["pwquality.conf": "minlen = 14\n", "pwquality.conf.d/b.txt": "minlen = 20\n"],
        ["pwquality.conf.d/a.conf": "minlen = 10\n", "pwquality.conf.d/b.conf": "minlen = 11\n"],
        ["pwquality.conf": "minlen = \(String(repeating: "1", count: 30))\n"], ["pwquality.conf": "\u{0B}minlen = 14\n"],
        ["pwquality.conf": String(repeating: "#", count: 1500) + "\nminlen = 14\n"],
    ]

    static func randomSetup(_ random: inout SeededGenerator) -> [String: String] {
        let names = [
            "minlen", "MinLen", "difok", "minclass", "dcredit", "maxrepeat", "retry", "enforce_for_root", "dictpath",
            "badwords", "bogus", "minlen2",
        ]
        let numbers = [
            "14", " 12", "+9", "-3", "0", "5", "6", "1e3", "0x10", "12.5", "inf", "", "2147483647", "-2147483648",
            "14 x", "99999999999", "007", "4",
        ]
        func line() -> String {
            let name = names.randomElement(using: &random)!
            let value = numbers.randomElement(using: &random)!
            let separator = [" = ", "=", " ", "  =  ", "\t=\t", " == "].randomElement(using: &random)!
            let comment = Int.random(in: 0..<5, using: &random) == 0 ? " # note" : ""
            let prefix = Int.random(in: 0..<8, using: &random) == 0 ? "# " : (Int.random(in: 0..<6, using: &random) == 0 ? "  " : "")
            return prefix + name + separator + value + comment
        }
        func file() -> String {
            (0..<Int.random(in: 0...5, using: &random)).map { _ in line() }.joined(separator: "\n")
                + (Bool.random(using: &random) ? "\n" : "")
        }
        var setup: [String: String] = [:]
        if Int.random(in: 0..<6, using: &random) != 0 { setup["pwquality.conf"] = file() }
        for index in 0..<Int.random(in: 0...2, using: &random) {
            setup["pwquality.conf.d/\(index)\(Bool.random(using: &random) ? ".conf" : ".txt")"] = file()
        }
        return setup
    }

    @Test("libpwquality and the reader agree on every setting of hand-written and generated setups")
    func agree() throws {
        guard Self.python.ready() else { return }
        guard (try? runProgram("/usr/bin/python3", ["-c", "import pwquality"]))?.status == 0 else {
            if Oracle.inCI { Issue.record("python3-pwquality is missing in CI (Scripts/test installs it)") }
            return
        }
        guard getuid() == 0 else {
            if Oracle.inCI { Issue.record("the libpwquality oracle needs root for a private mount namespace") }
            return
        }
        let seed = UInt64(ProcessInfo.processInfo.environment["POSTURE_PWQUALITY_SEED"] ?? "") ?? 20_261_201
        var random = SeededGenerator(seed: seed)
        let setups = Self.handWritten + (0..<300).map { _ in Self.randomSetup(&random) }
        let base = FileManager.default.temporaryDirectory.appending(path: "posture-pwquality-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        var folders: [String] = []
        for (index, setup) in setups.enumerated() {
            let folder = "\(base)/\(index)"
            try FileManager.default.createDirectory(atPath: folder + "/pwquality.conf.d", withIntermediateDirectories: true)
            for (name, text) in setup { try Data(text.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(name)")) }
            folders.append(folder)
        }
        let output = try runProgram(
            "/usr/bin/unshare", ["-m", "--propagation", "private", "/usr/bin/python3", "-c", Self.oracleScript] + folders)
        try #require(output.status == 0, "the oracle failed: \(output.stderr.prefix(400))")
        var disagreements: [String] = []
        var values = 0
        let lines = output.stdout.split(separator: "\n")
        try #require(lines.count == setups.count, "the oracle answered \(lines.count) of \(setups.count) setups")
        for (index, line) in lines.enumerated() {
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let mine = PWQualityConfig.read(
                InMemoryFiles(Dictionary(uniqueKeysWithValues: setups[index].map { ("/etc/security/\($0.key)", $0.value) })))
            if (answer["error"] as? Bool) != (mine.problem != nil) {
                disagreements.append(
                    "setup \(index) \(setups[index]): library error \(answer["error"] ?? "?"), reader \(mine.problem ?? "none")")
            }
            for name in Self.compared {
                values += 1
                if "\(answer[name] ?? "?")" != mine.values[name] {
                    disagreements.append(
                        "setup \(index) \(setups[index]): \(name) library \(answer[name] ?? "?"), reader \(mine.values[name] ?? "nil")")
                }
            }
        }
        print(
            "pwquality differential (seed \(seed)): \(setups.count) setups (\(Self.handWritten.count) hand-written), "
                + "\(values) values compared, \(disagreements.count) disagreements")
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5).joined(separator: "\n"))")
    }
}
