/// Exit codes, one meaning each (README, "Exit codes").
public enum ExitStatus {
    public static let passed: Int32 = 0
    public static let gateFailed: Int32 = 1
    public static let badInput: Int32 = 2
    public static let scanFailed: Int32 = 3
    public static let locked: Int32 = 4
}

/// Why a job stopped before its verdict; each case is one exit code. The messages (possibly none,
/// when the diagnostics already went to the log) are what the command prints, one per line.
public enum PipelineFailure: Error, Equatable {
    /// A rule, waiver, roster, attestation, inventory, baseline or template the user gave is unusable (2).
    case badInput([String])
    /// The scan itself could not complete: collection, encoding or writing (3).
    case scanFailed([String])
    /// Another scan holds the --out-dir lock (4).
    case locked([String])
    /// SIGINT or SIGTERM stopped a remote scan after its cleanup (128 + the signal, as a shell reports it).
    case interrupted(Int32, [String])

    public var exitCode: Int32 {
        switch self {
        case .badInput: ExitStatus.badInput
        case .scanFailed: ExitStatus.scanFailed
        case .locked: ExitStatus.locked
        case .interrupted(let signal, _): 128 + signal
        }
    }

    public var messages: [String] {
        switch self {
        case .badInput(let messages), .scanFailed(let messages), .locked(let messages), .interrupted(_, let messages): messages
        }
    }
}

/// Where a job's progress lines and diagnostics go, in order (the command writes them to stderr).
public typealias PipelineLog = (String) -> Void
