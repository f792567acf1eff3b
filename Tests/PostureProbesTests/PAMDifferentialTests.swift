import Foundation
import PostureInventory
import Testing

@testable import PostureProbes

/// The PAM reader and dispatcher against libpam itself: generated pam.d folders × return codes,
/// compared on the modules run (in order), whether pam_start fails, and pam_authenticate's code.
@Suite("PAM stacks against libpam")
struct PAMDifferentialTests {
    static let seed = UInt64(ProcessInfo.processInfo.environment["POSTURE_PAM_SEED"] ?? "") ?? 0x5EED_0000_0011
    static let stacks = 320
    static let assignmentsPerStack = 4

    /// In CI the oracle must be there; elsewhere its absence skips the comparison with a message.
    static func oracle() throws -> PAMOracle? {
        if let missing = PAMOracle.missing {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("the libpam oracle is required in CI: \(missing)")
            } else {
                print("PAM differential test skipped: \(missing)")
            }
            return nil
        }
        return try PAMOracle.build()
    }

    /// What our reader and simulator predict for one case.
    static func predict(folder: URL, service: String, codes: [String: Int], stub: String) -> (PAMOracle.Outcome, refused: String?) {
        let loader = PAMStackLoader(folders: ["/etc/pam.d", "/usr/lib/pam.d"]) { path in
            let local: String
            if path.hasPrefix("/etc/pam.d/") {
                local = folder.appendingPathComponent(String(path.dropFirst("/etc/pam.d/".count))).path
            } else if path.hasPrefix("/usr/lib/pam.d/") {
                return .missing
            } else {
                local = path
            }
            guard let data = FileManager.default.contents(atPath: local) else { return .missing }
            return .found(Array(data))
        }
        let stack = loader.load(service: service)
        if let failure = stack.failure {
            let refused = failure.contains("pam_start fails") ? nil : failure
            return (PAMOracle.Outcome(ran: [], start: 26, auth: -1), refused)
        }
        let program = PAMProgram(stack.auth)
        var ran: [String] = []
        let result = PAMDispatch.run(program) { index in
            let entry = program.entries[index]
            guard entry.module == stub else { return PAMReturnCode.moduleUnknown.rawValue }
            let name = entry.args.last { $0.hasPrefix("name=") }.map { String($0.dropFirst(5)) } ?? "?"
            ran.append(name)
            return codes[name] ?? 0
        }
        return (PAMOracle.Outcome(ran: ran, start: 0, auth: result), nil)
    }

    @Test("generated stacks run the same modules and give the same result as libpam")
    func generatedStacksAgreeWithLibpam() throws {
        guard let oracle = try Self.oracle() else { return }
        defer { try? FileManager.default.removeItem(at: oracle.folder) }
        var generator = PAMStackGenerator(random: SeededRandom(seed: Self.seed), stub: oracle.stub)
        var cases: [PAMOracle.Case] = []
        var texts: [String] = []
        for number in 0..<Self.stacks {
            let stack = generator.stack()
            let folder = oracle.folder.appendingPathComponent("case\(number)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in stack.files {
                try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            }
            let shown = stack.files.sorted { $0.key < $1.key }.map { "--- \($0.key)\n\($0.value)" }.joined(separator: "\n")
            for _ in 0..<Self.assignmentsPerStack {
                var codes: [String: Int] = [:]
                for name in stack.names { codes[name] = generator.code() }
                cases.append(PAMOracle.Case(folder: folder.path, service: "svc", codes: codes))
                texts.append(shown)
            }
        }
        let outcomes = try oracle.run(cases)
        var agreed = 0
        var refused = 0
        var disagreements: [String] = []
        for (index, item) in cases.enumerated() {
            let (ours, refusal) = Self.predict(
                folder: URL(fileURLWithPath: item.folder), service: item.service, codes: item.codes,
                stub: oracle.stub)
            if refusal != nil {
                refused += 1
                continue
            }
            if outcomes[index].crashed {
                disagreements.append("seed \(Self.seed) case \(index): libpam crashed, our reader did not refuse\n\(texts[index])")
                continue
            }
            if ours == outcomes[index] {
                agreed += 1
            } else {
                disagreements.append(
                    "seed \(Self.seed) case \(index) codes \(item.codes.sorted { $0.key < $1.key })\n"
                        + "libpam: \(outcomes[index])\nours:   \(ours)\n\(texts[index])")
            }
        }
        print(
            "PAM differential: seed \(Self.seed), \(Self.stacks) stacks, \(cases.count) cases run, \(agreed) agree, "
                + "\(disagreements.count) disagree, \(refused) refused by our reader (libpam behaviour undefined)")
        for disagreement in disagreements.prefix(3) { print(disagreement) }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements; first: \(disagreements.first ?? "")")
        #expect(agreed >= 300 * Self.assignmentsPerStack)
    }
}
