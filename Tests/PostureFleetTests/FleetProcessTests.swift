import Foundation
import PostureFleet
import Testing

/// The built `posture` binary: $POSTURE_BINARY, or the one beside this test bundle.
let postureBinary: String = {
    if let path = ProcessInfo.processInfo.environment["POSTURE_BINARY"] { return path }
    let beside = Bundle.main.bundleURL.appending(path: "posture").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "posture").path
}()

/// 300 generated reports (30 hosts × 10 days), written once for the suite.
let generatedReports: URL = {
    let folder = FileManager.default.temporaryDirectory.appending(path: "posture-fleet-generated-\(getpid())")
    if !FileManager.default.fileExists(atPath: folder.path) {
        let script = FleetFixtures.repositoryRoot.appending(path: "Scripts/bench/fleet-generate").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, folder.path, "--hosts", "30", "--days", "10", "--seed", "15"]
        process.standardOutput = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
    }
    return folder
}()

func startIngest(_ store: URL) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: postureBinary)
    process.arguments = ["fleet", "ingest", generatedReports.path, "--store", store.path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

@Suite("fleet ingest as a process: killed at any moment, or run twice at once", .serialized)
struct FleetProcessTests {
    func reportFiles() throws -> Int {
        let names = FileManager.default.enumerator(atPath: generatedReports.path)?.compactMap { $0 as? String } ?? []
        return names.count { $0.hasSuffix(".json") }
    }

    @Test("SIGKILL during ingest leaves a store that opens, each report fully in or absent; a re-run completes it",
          arguments: [0.05, 0.3, 0.8, 1.5, 3.0])
    func killed(after delay: Double) throws {
        #expect(FileManager.default.isExecutableFile(atPath: postureBinary), "no posture binary at \(postureBinary)")
        let total = try reportFiles()
        try #require(total > 200, "the generator wrote \(total) reports")
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appending(path: "fleet.sqlite")
        let process = try startIngest(store)
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        if FileManager.default.fileExists(atPath: store.path), let opened = try? FleetStore(path: store.path, create: false) {
            let audit = try FleetAudit.run(opened)
            print("killed after \(delay) s: \(audit.reports) of \(total) reports stored")
            #expect(audit.integrity == "ok" && audit.incomplete == 0 && audit.duplicates == 0)
        } else {
            print("killed after \(delay) s: before the store was made")
        }
        let rerun = try startIngest(store)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let audit = try FleetAudit.run(try FleetStore(path: store.path, create: false))
        #expect(audit.reports == total && audit.incomplete == 0 && audit.duplicates == 0 && audit.integrity == "ok")
    }

    @Test("two ingests at once: both succeed, nothing lost, nothing doubled")
    func concurrent() throws {
        #expect(FileManager.default.isExecutableFile(atPath: postureBinary), "no posture binary at \(postureBinary)")
        let total = try reportFiles()
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appending(path: "fleet.sqlite")
        let first = try startIngest(store)
        let second = try startIngest(store)
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
        let audit = try FleetAudit.run(try FleetStore(path: store.path, create: false))
        #expect(audit.reports == total && audit.duplicates == 0 && audit.incomplete == 0 && audit.integrity == "ok")
    }
}
