import Foundation
import Synchronization
import Testing

@testable import PostureProbes

/// The sshd_config reader against the real `sshd -T` (OpenSSH 9.2p1 on Debian bookworm): the same
/// files must be accepted or refused by both, and on acceptance every value the reader reports
/// must be what sshd prints. Hand-written edge cases plus seeded random ones
/// (POSTURE_SSHD_SEED=N to replay a run, POSTURE_SSHD_CASES=N for more random cases).
@Suite("sshd_config against sshd -T")
struct SSHDDifferentialTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seed = UInt64(environment["POSTURE_SSHD_SEED"] ?? "") ?? 20_261_130
    static let randomCount = Int(environment["POSTURE_SSHD_CASES"] ?? "") ?? 260
    static let services = (try? String(contentsOfFile: "/etc/services", encoding: .utf8)) ?? ""
    /// Every key the reader reports.
    static let reportedKeys = Set(SSHDKeyword.all.compactMap(\.printedAs))

    /// The disagreements on one case, empty when the reader and sshd agree.
    static func compare(_ setup: SSHDCase, verdict: SSHDOracle.Verdict, fields: inout Int) -> [String] {
        var files = setup.files
        files["/etc/services"] = services
        let config = SSHDConfig.read(InMemoryFiles(files))
        guard config.problems.isEmpty == verdict.accepted else {
            return [
                verdict.accepted
                    ? "reader refuses what sshd accepts: \(config.problems.joined(separator: "; "))"
                    : "reader accepts what sshd refuses: \(verdict.message)"
            ]
        }
        guard verdict.accepted else { return [] }
        return compare(SSHDSettings(config).effective, verdict.values, fields: &fields)
    }

    static func compare(_ effective: [String: SSHDSettings.Setting], _ printed: [String: [String]], fields: inout Int) -> [String] {
        var differences: [String] = []
        for key in reportedKeys.sorted() {
            fields += 1
            let ours = effective[key]?.printed
            let theirs = printed[key]?.joined(separator: " ")
            if ours != theirs { differences.append("\(key): reader \(ours.debugDescription), sshd \(theirs.debugDescription)") }
        }
        return differences
    }

    @Test("this machine's own /etc/ssh/sshd_config, read through HostRoot")
    func machineConfiguration() throws {
        if let reason = SSHDOracle.unavailableReason {
            if Self.environment["CI"] == "true" { Issue.record("the sshd oracle must run in CI: \(reason)") }
            return
        }
        guard FileManager.default.fileExists(atPath: SSHDConfig.mainFile) else { return }
        let oracle = try SSHDOracle.make()
        defer { oracle.cleanUp() }
        // sshd reads the real file in place: -T only reads, and the host key comes from the scratch folder.
        let (status, out, err) = try SSHDOracle.run(SSHDOracle.sshd, ["-T", "-f", SSHDConfig.mainFile, "-h", oracle.hostKey])
        let config = SSHDConfig.read(HostRoot(root: nil))
        #expect(config.problems.isEmpty == (status == 0), "reader: \(config.problems), sshd: \(err)")
        guard status == 0 else { return }
        var fields = 0
        let differences = Self.compare(
            SSHDSettings(config).effective, SSHDOracle.verdict(status: status, out: out, err: err).values,
            fields: &fields)
        #expect(differences.isEmpty, "\(differences)")
    }

    @Test("hand-written and seeded random configurations: sshd and the reader agree on every case and value")
    func differential() throws {
        if let reason = SSHDOracle.unavailableReason {
            if Self.environment["CI"] == "true" { Issue.record("the sshd oracle must run in CI: \(reason)") }
            return
        }
        let oracle = try SSHDOracle.make()
        defer { oracle.cleanUp() }
        var generator = SSHDCaseGenerator(seed: Self.seed)
        let cases = SSHDHandwrittenCases.all + (0..<Self.randomCount).map { generator.next($0) }
        let outcome = Mutex<(fields: Int, accepted: Int, failures: [String])>((0, 0, []))
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            let mine = Array(stride(from: worker, to: cases.count, by: 4))
            let verdicts: [SSHDOracle.Verdict]
            do { verdicts = try oracle.verdicts(mine.map { cases[$0] }, batch: "\(worker)") } catch {
                outcome.withLock { $0.failures.append("could not run sshd: \(error)") }
                return
            }
            for (index, verdict) in zip(mine, verdicts) {
                let setup = cases[index]
                var fields = 0
                let differences = Self.compare(setup, verdict: verdict, fields: &fields)
                outcome.withLock { state in
                    state.fields += fields
                    if fields > 0 { state.accepted += 1 }
                    if !differences.isEmpty {
                        state.failures.append(
                            "case '\(setup.name)' (seed \(Self.seed)):\n\(setup)\n  " + differences.joined(separator: "\n  "))
                    }
                }
            }
        }
        let (fields, accepted, failures) = outcome.withLock { $0 }
        print(
            "sshd differential (seed \(Self.seed)): \(cases.count) cases (\(SSHDHandwrittenCases.all.count) hand-written, "
                + "\(Self.randomCount) random), \(accepted) accepted by both, \(cases.count - accepted - failures.count) refused by both, "
                + "\(fields) values compared, \(failures.count) disagreements")
        #expect(cases.count >= 300)
        for failure in failures.prefix(15) { Issue.record(Comment(rawValue: failure)) }
        #expect(failures.isEmpty)
    }
}
