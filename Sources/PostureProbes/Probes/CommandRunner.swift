import Foundation

/// Runs one of a fixed set of programs, without a shell, with a timeout. Rules never reach this:
/// only probes call it, with arguments they build themselves.
enum CommandRunner {
    /// The only programs posture ever runs.
    static let allowlist: Set<String> = ["/usr/bin/rpm", "/bin/rpm"]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ program: String, _ arguments: [String], timeout: TimeInterval) -> Result<String, Failure> {
        guard allowlist.contains(program) else { return .failure(Failure(description: "\(program) is not an allowed program")) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"]
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch { return .failure(Failure(description: "\(program): \(error.localizedDescription)")) }
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var data = Data()
        DispatchQueue.global().async {
            data = output.fileHandleForReading.readDataToEndOfFile()
            finished.signal()
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            return .failure(Failure(description: "\(program) did not finish within \(Int(timeout)) s"))
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(Failure(description: "\(program) exited with status \(process.terminationStatus)"))
        }
        return .success(String(decoding: data, as: UTF8.self))
    }
}
