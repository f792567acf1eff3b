import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One run of a local program (ssh) with no shell in between: standard input from a file or
/// /dev/null, standard output kept up to a limit, standard error kept up to a smaller one, and a
/// deadline. The child gets its own process group, so a Ctrl-C at the terminal reaches posture
/// alone, which then stops the child itself and cleans up the target before leaving.
struct ChildProcess {
    struct Result {
        /// The exit status, or 128 + the signal that ended the child.
        var status: Int32
        var standardOutput: [UInt8]
        var standardError: [UInt8]
        /// Standard output passed `outputLimit` and the child was stopped.
        var outputTooLarge: Bool
        /// The deadline passed and the child was stopped.
        var timedOut: Bool

        /// The last non-empty line of standard error (ssh's reason for a failure).
        var lastErrorLine: String {
            let lines = String(decoding: standardError, as: UTF8.self).split(whereSeparator: \.isNewline)
            return lines.last { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case cannotStart(String, Int32)
        case cannotOpenInput(String, Int32)

        var description: String {
            switch self {
            case .cannotStart(let program, let code): "cannot run \(program): \(String(cString: strerror(code)))"
            case .cannotOpenInput(let path, let code): "cannot read \(path): \(String(cString: strerror(code)))"
            }
        }
    }

    var arguments: [String]
    var inputFile: String?
    var outputLimit = 1 << 20
    var errorLimit = 64 << 10
    var timeout: TimeInterval = 120

    /// Runs the program (looked up in PATH) to completion. `started` receives its pid, so an
    /// interrupt can stop it.
    func run(started: (pid_t) -> Void = { _ in }, finished: () -> Void = {}) throws(Failure) -> Result {
        let program = arguments.first ?? ""
        let input = open(inputFile ?? "/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .cannotOpenInput(inputFile ?? "/dev/null", errno) }
        defer { close(input) }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard Self.closeOnExecPipe(&outPipe) else { throw .cannotStart(program, errno) }
        guard Self.closeOnExecPipe(&errPipe) else {
            close(outPipe[0])
            close(outPipe[1])
            throw .cannotStart(program, errno)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group; default signal handling (posture ignores SIGINT while it runs).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var pid: pid_t = 0
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        let code = posix_spawnp(&pid, program, &actions, &attributes, cArguments, environ)
        close(outPipe[1])
        close(errPipe[1])
        defer {
            close(outPipe[0])
            close(errPipe[0])
        }
        guard code == 0 else { throw .cannotStart(program, code) }
        started(pid)
        defer { finished() }

        var result = Result(status: -1, standardOutput: [], standardError: [], outputTooLarge: false, timedOut: false)
        drain(out: outPipe[0], err: errPipe[0], pid: pid, into: &result)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (the C macros are not imported).
        let signal = status & 0x7f
        result.status = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return result
    }

    /// A pipe whose ends the child does not inherit (only its dup2 copies on 0, 1 and 2).
    private static func closeOnExecPipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Reads both pipes until they close, keeping within the limits and the deadline.
    private func drain(out: Int32, err: Int32, pid: pid_t, into result: inout Result) {
        let deadline = Date().addingTimeInterval(timeout)
        var open = (out: true, err: true)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while open.out || open.err {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                result.timedOut = true
                kill(pid, SIGKILL)
                return
            }
            var fds = [
                pollfd(fd: open.out ? out : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: open.err ? err : -1, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, Int32(min(remaining, 1) * 1000))
            if ready < 0 && errno != EINTR { return }
            if ready <= 0 { continue }
            for (index, descriptor) in [out, err].enumerated() where fds[index].revents != 0 {
                let count = read(descriptor, &buffer, buffer.count)
                if count <= 0 {
                    if count < 0 && errno == EINTR { continue }
                    if index == 0 { open.out = false } else { open.err = false }
                    continue
                }
                if index == 0 {
                    guard result.standardOutput.count + count <= outputLimit else {
                        result.outputTooLarge = true
                        kill(pid, SIGKILL)
                        return
                    }
                    result.standardOutput.append(contentsOf: buffer[0..<count])
                } else if result.standardError.count < errorLimit {
                    result.standardError.append(contentsOf: buffer[0..<min(count, errorLimit - result.standardError.count)])
                }
            }
        }
    }
}
