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
    static let randomCount = Int(environment["POSTURE_SSHD_CASES"] ?? "") ?? 400
    static let services = (try? String(contentsOfFile: "/etc/services", encoding: .utf8)) ?? ""
    /// Every key the reader reports.
    static let reportedKeys = Set(SSHDKeyword.all.compactMap(\.printedAs))

    /// The disagreements on one case, empty when the reader and sshd agree.
    static func compare(_ setup: SSHDCase, oracle: SSHDOracle, fields: inout Int) throws -> [String] {
        var files = setup.files
        files["/etc/services"] = services
        let config = SSHDConfig.read(InMemoryFiles(files))
        let verdict = try oracle.verdict(setup.files, name: setup.name.replacingOccurrences(of: " ", with: "-"))
        guard config.problems.isEmpty == verdict.accepted else {
            return [verdict.accepted ? "reader refuses what sshd accepts: \(config.problems.joined(separator: "; "))"
                                     : "reader accepts what sshd refuses: \(verdict.message)"]
        }
        guard verdict.accepted else { return [] }
        let effective = SSHDSettings(config).effective
        var differences: [String] = []
        for key in reportedKeys.sorted() {
            fields += 1
            let ours = effective[key]?.printed
            let theirs = verdict.values[key]?.joined(separator: " ")
            if ours != theirs { differences.append("\(key): reader \(ours.debugDescription), sshd \(theirs.debugDescription)") }
        }
        return differences
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
            for index in stride(from: worker, to: cases.count, by: 4) {
                let setup = cases[index]
                var fields = 0
                let differences: [String]
                do { differences = try Self.compare(setup, oracle: oracle, fields: &fields) } catch {
                    differences = ["could not run sshd: \(error)"]
                }
                outcome.withLock { state in
                    state.fields += fields
                    if fields > 0 { state.accepted += 1 }
                    if !differences.isEmpty {
                        state.failures.append("case '\(setup.name)' (seed \(Self.seed)):\n\(setup)\n  " + differences.joined(separator: "\n  "))
                    }
                }
            }
        }
        let (fields, accepted, failures) = outcome.withLock { $0 }
        print("sshd differential (seed \(Self.seed)): \(cases.count) cases (\(SSHDHandwrittenCases.all.count) hand-written, " +
              "\(Self.randomCount) random), \(accepted) accepted by both, \(cases.count - accepted - failures.count) refused by both, " +
              "\(fields) values compared, \(failures.count) disagreements")
        #expect(cases.count >= 300)
        for failure in failures.prefix(15) { Issue.record(Comment(rawValue: failure)) }
        #expect(failures.isEmpty)
    }
}
