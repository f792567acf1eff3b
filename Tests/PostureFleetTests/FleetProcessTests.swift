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

/// 60 generated reports (10 hosts × 6 days), written once for the suite.
let generatedReports: URL = {
    let folder = FileManager.default.temporaryDirectory.appending(path: "posture-fleet-generated-\(getpid())")
    if !FileManager.default.fileExists(atPath: folder.path) {
        let script = FleetFixtures.repositoryRoot.appending(path: "Scripts/bench/fleet-generate").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, folder.path, "--hosts", "10", "--days", "6", "--skip-rate", "0", "--seed", "15"]
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

    /// How long a whole ingest of the generated reports takes here (the kills land at fractions of it).
    func fullIngestTime() throws -> Double {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let start = Date()
        let process = try startIngest(folder.appending(path: "fleet.sqlite"))
        process.waitUntilExit()
        return Date().timeIntervalSince(start)
    }

    @Test("SIGKILL during ingest (at 5 moments) leaves a store that opens, each report fully in or absent; a re-run completes it")
    func killed() throws {
        #expect(FileManager.default.isExecutableFile(atPath: postureBinary), "no posture binary at \(postureBinary)")
        let total = try reportFiles()
        try #require(total == 60, "the generator wrote \(total) reports")
        let full = try fullIngestTime()
        var partial: [Int] = []
        for fraction in [0.02, 0.25, 0.5, 0.75, 0.95] {
            partial.append(try killAndResume(after: fraction * full, total: total))
        }
        print("whole ingest \(full) s; killed at 2, 25, 50, 75, 95 % of it: \(partial) of \(total) reports were in the store")
        // Batches commit as the ingest goes, so some kill lands between two of them.
        #expect(partial.contains { $0 > 0 && $0 < total }, "no kill landed mid-ingest: \(partial)")
    }

    /// Kills an ingest after `delay` seconds, checks the store, re-runs it; returns the reports that were in.
    func killAndResume(after delay: Double, total: Int) throws -> Int {
        let folder = try FleetFixtures.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appending(path: "fleet.sqlite")
        let process = try startIngest(store)
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        var stored = 0
        if FileManager.default.fileExists(atPath: store.path), let opened = try? FleetStore(path: store.path, create: false) {
            let audit = try FleetAudit.run(opened)
            stored = audit.reports
            #expect(audit.integrity == "ok" && audit.incomplete == 0 && audit.duplicates == 0)
        }
        let rerun = try startIngest(store)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let audit = try FleetAudit.run(try FleetStore(path: store.path, create: false))
        #expect(audit.reports == total && audit.incomplete == 0 && audit.duplicates == 0 && audit.integrity == "ok")
        return stored
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
