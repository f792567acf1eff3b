import Foundation
import Testing

/// A real program used as an oracle. Missing, it skips its tests on a workstation and fails them
/// in CI (`CI=true`), where Scripts/test installs it.
struct Oracle {
    let path: String

    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    init(_ candidates: String...) {
        path = candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    var available: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Whether the test can run: records a failure in CI when the oracle is missing.
    func ready(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if available { return true }
        if Self.inCI { Issue.record("oracle \(path) is missing in CI (Scripts/test installs it)", sourceLocation: sourceLocation) }
        return false
    }

    /// Runs it (no shell) and returns the exit status, standard output and standard error.
    func run(_ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProgram(path, arguments, input: input)
    }

    static let dpkgQuery = Oracle("/usr/bin/dpkg-query")
    static let aptGet = Oracle("/usr/bin/apt-get")
    static let apt = Oracle("/usr/bin/apt")
    static let nft = Oracle("/usr/sbin/nft", "/sbin/nft")
    static let unshare = Oracle("/usr/bin/unshare")
    static let modprobe = Oracle("/usr/sbin/modprobe", "/sbin/modprobe")
}

func runProgram(_ program: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.environment = ["LC_ALL": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    try process.run()
    if let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
    }
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}
