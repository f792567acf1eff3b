import Foundation
import PosturePipeline
import PostureReports
import PostureRules
import Testing

/// The scan pipeline called as a library, without the binary: what it returns, and the exit code
/// each way of stopping carries.
@Suite("Scan job")
struct ScanJobTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "EndToEndTests/Fixtures")

    func options(inventory: String, formats: [OutputFormat] = [.json]) -> ScanOptions {
        ScanOptions(
            inventory: inventory, formats: formats, now: ISODateTestClock.now, reproducibleEpoch: 0,
            scannerVersion: "test")
    }

    @Test("an inventory is judged and the report returned for standard output")
    func judgesAnInventory() throws {
        var log: [String] = []
        let path = Self.fixtures.appending(path: "clean-workstation.inventory.json").path
        let outcome = try ScanJob.run(options(inventory: path), log: { log.append($0) })
        #expect(!outcome.report.assessment.results.isEmpty)
        #expect(outcome.verdict.passed == outcome.report.gate.passed)
        let data = try #require(outcome.standardOutput)
        let decoded = try JSONDecoder().decode(Report.self, from: data)
        #expect(decoded.assessment.results.count == outcome.report.assessment.results.count)
        #expect(log.isEmpty, "\(log)")
    }

    @Test("an unreadable inventory is bad input (exit 2) naming the file")
    func badInventory() {
        let path = Self.fixtures.appending(path: "broken.inventory.json").path
        #expect {
            _ = try ScanJob.run(options(inventory: path), log: { _ in })
        } throws: { error in
            guard let failure = error as? PipelineFailure else { return false }
            return failure.exitCode == ExitStatus.badInput && failure.messages.contains { $0.hasPrefix(path + ":") }
        }
    }

    @Test("an unknown --only selector is bad input with the command's message")
    func unknownSelector() {
        var options = options(inventory: Self.fixtures.appending(path: "clean-workstation.inventory.json").path)
        options.selection = RuleSelection(only: ["no-such-rule"])
        #expect(throws: PipelineFailure.badInput(["error: --only/--skip name no rule, practice or category: no-such-rule"])) {
            _ = try ScanJob.run(options, log: { _ in })
        }
    }

    @Test("a held --out-dir lock stops the second scan with exit 4")
    func locked() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "posture-lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let held = try #require(try ReportFiles.Lock(folder: folder))
        var options = options(inventory: Self.fixtures.appending(path: "clean-workstation.inventory.json").path)
        options.outDir = folder
        #expect {
            _ = try ScanJob.run(options, log: { _ in })
        } throws: { error in
            (error as? PipelineFailure)?.exitCode == ExitStatus.locked
        }
        withExtendedLifetime(held) {}
    }
}

enum ISODateTestClock {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
}
