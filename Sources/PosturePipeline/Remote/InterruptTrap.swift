import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The signal (SIGINT or SIGTERM) that asked posture to stop while it held a temporary folder on
/// a target, 0 while none did. Written from the signal handler, so it is an atomic.
private let receivedSignal = Atomic<Int32>(0)
/// The ssh child running now (0: none), stopped by the handler so the cleanup can start at once.
private let runningChild = Atomic<Int32>(0)

/// While alive, SIGINT and SIGTERM do not kill posture: they stop the running ssh and are
/// remembered, so the remote job removes what it copied before posture exits.
final class InterruptTrap {
    private var previous: [Int32: sigaction] = [:]

    init() {
        receivedSignal.store(0, ordering: .sequentiallyConsistent)
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                receivedSignal.store(number, ordering: .sequentiallyConsistent)
                let child = runningChild.load(ordering: .sequentiallyConsistent)
                if child > 0 { kill(child, SIGTERM) }
            }
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(signal, &action, &old)
            previous[signal] = old
        }
        // A parent may have started posture with these signals blocked (the mask is inherited).
        var wanted = sigset_t()
        sigemptyset(&wanted)
        sigaddset(&wanted, SIGINT)
        sigaddset(&wanted, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
    }

    deinit {
        for (signal, old) in previous {
            var action = old
            sigaction(signal, &action, nil)
        }
    }

    /// The signal received so far, if any.
    var signal: Int32? {
        let value = receivedSignal.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }

    /// Runs a child so that a signal arriving meanwhile stops it.
    func run(_ child: ChildProcess) throws(ChildProcess.Failure) -> ChildProcess.Result {
        try child.run(
            started: { pid in
                runningChild.store(pid, ordering: .sequentiallyConsistent)
                // A signal that came just before the pid was known still stops the child.
                if receivedSignal.load(ordering: .sequentiallyConsistent) != 0 { kill(pid, SIGTERM) }
            },
            finished: { runningChild.store(0, ordering: .sequentiallyConsistent) })
    }
}
