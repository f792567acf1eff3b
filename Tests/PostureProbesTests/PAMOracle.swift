import Foundation

/// The real libpam as an oracle: a C driver that runs `pam_start_confdir` + `pam_authenticate` for
/// each case line it reads, and a stub module that prints its `name=` argument and returns the code
/// `PAM_STUB_<name>` holds. The driver runs in a private mount namespace (`unshare -m`), where it
/// bind-mounts each case's folder over /etc/pam.d (libpam looks includes up there) and an empty
/// folder over /usr/lib/pam.d; the real /etc is never touched.
struct PAMOracle {
    let folder: URL
    var stub: String { folder.appendingPathComponent("pam_posture_stub.so").path }
    var driver: String { folder.appendingPathComponent("pam-driver").path }
    var empty: String { folder.appendingPathComponent("empty").path }

    /// Why the oracle cannot run here, or nil when it can.
    static var missing: String? {
        let fileManager = FileManager.default
        if !fileManager.isExecutableFile(atPath: "/usr/bin/cc") { return "no C compiler (/usr/bin/cc)" }
        if !fileManager.fileExists(atPath: "/usr/include/security/pam_appl.h") { return "no libpam headers (libpam0g-dev)" }
        if !fileManager.isExecutableFile(atPath: "/usr/bin/unshare") { return "no unshare (util-linux)" }
        if getuid() != 0 { return "not root: cannot bind-mount in a private namespace" }
        return nil
    }

    /// Builds the stub and the driver in a fresh temporary folder.
    static func build() throws -> PAMOracle {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-pam-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let oracle = PAMOracle(folder: folder)
        try FileManager.default.createDirectory(atPath: oracle.empty, withIntermediateDirectories: true)
        let stubSource = folder.appendingPathComponent("stub.c")
        let driverSource = folder.appendingPathComponent("driver.c")
        try Self.stubC.write(to: stubSource, atomically: true, encoding: .utf8)
        try Self.driverC.write(to: driverSource, atomically: true, encoding: .utf8)
        _ = try run("/usr/bin/cc", ["-shared", "-fPIC", "-O1", "-o", oracle.stub, stubSource.path])
        _ = try run("/usr/bin/cc", ["-O1", "-o", oracle.driver, driverSource.path, "-lpam"])
        return oracle
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ program: String, _ arguments: [String], input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        // A driver that dies early must give an error, not kill the test process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        // Feed stdin from another thread so a full output pipe cannot deadlock us.
        let writer = Thread {
            if let input { try? stdin.fileHandleForWriting.write(contentsOf: input) }
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "\(program) \(arguments.joined(separator: " ")) exited \(process.terminationStatus) "
                    + "(\(process.terminationReason == .uncaughtSignal ? "signal" : "status")) after \(data.count) bytes of output: "
                    + String(decoding: message, as: UTF8.self) + String(decoding: data.suffix(300), as: UTF8.self))
        }
        return data
    }

    /// One case for the driver: a folder holding the service's files, and each module's return code.
    struct Case {
        var folder: String
        var service: String
        var codes: [String: Int]
    }

    /// What libpam did: the module names in the order they ran, pam_start's and pam_authenticate's codes.
    struct Outcome: Equatable, CustomStringConvertible {
        var ran: [String]
        var start: Int
        var auth: Int

        var crashed: Bool { start == -2 }
        var description: String {
            crashed ? "libpam crashed (signal \(auth))" : "ran [\(ran.joined(separator: ", "))] start=\(start) auth=\(auth)"
        }
    }

    /// Runs every case in one driver process.
    func run(_ cases: [Case]) throws -> [Outcome] {
        var input = ""
        for item in cases {
            input +=
                "\(item.folder)\t\(item.service)\t"
                + item.codes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "\n"
        }
        let data = try Self.run("/usr/bin/unshare", ["-m", "--propagation", "private", driver, empty], input: Data(input.utf8))
        var outcomes: [Outcome] = []
        var ran: [String] = []
        // Bytes, not Characters: a name may end in "\r", which Swift would fuse with the newline.
        for line in Array(data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("ran ") {
                ran.append(String(decoding: line.dropFirst(4), as: UTF8.self))
            } else if text.hasPrefix("start=") {
                // A crash reads as start=-2 (and the signal as auth).
                let fields = text.split(separator: " ").map { field -> Int in
                    field.hasSuffix("=crash") ? -2 : field.split(separator: "=").last.flatMap { Int($0) } ?? -99
                }
                outcomes.append(Outcome(ran: ran, start: fields.first ?? -99, auth: fields.count > 1 ? fields[1] : -99))
                ran = []
            }
        }
        guard outcomes.count == cases.count else {
            throw Failure(description: "the driver answered \(outcomes.count) of \(cases.count) cases")
        }
        return outcomes
    }

    static let stubC = #"""
        #include <security/pam_modules.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        static int run(int argc, const char **argv) {
            const char *name = "?";
            for (int i = 0; i < argc; i++) if (strncmp(argv[i], "name=", 5) == 0) name = argv[i] + 5;
            char key[512];
            snprintf(key, sizeof key, "PAM_STUB_%s", name);
            const char *value = getenv(key);
            printf("ran %s\n", name);
            fflush(stdout);
            return value ? atoi(value) : PAM_SUCCESS;
        }
        int pam_sm_authenticate(pam_handle_t *h, int flags, int argc, const char **argv) { (void)h; (void)flags; return run(argc, argv); }
        int pam_sm_setcred(pam_handle_t *h, int flags, int argc, const char **argv) { (void)h; (void)flags; (void)argc; (void)argv; return PAM_SUCCESS; }
        """#

    static let driverC = #"""
        #include <security/pam_appl.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/mount.h>
        #include <signal.h>
        #include <sys/wait.h>
        #include <unistd.h>
        static int conv(int n, const struct pam_message **m, struct pam_response **r, void *d) { (void)n; (void)m; (void)r; (void)d; return PAM_CONV_ERR; }
        int main(int argc, char **argv) {
            static char line[1 << 16];
            struct pam_conv c = { conv, NULL };
            if (argc < 2 || mount(argv[1], "/usr/lib/pam.d", NULL, MS_BIND, NULL) != 0) { perror("mount /usr/lib/pam.d"); return 2; }
            while (fgets(line, sizeof line, stdin)) {
                line[strcspn(line, "\n")] = 0;
                char *dir = strtok(line, "\t"), *service = strtok(NULL, "\t"), *codes = strtok(NULL, "\t");
                if (!dir || !service) continue;
                if (mount(dir, "/etc/pam.d", NULL, MS_BIND, NULL) != 0) { perror("mount /etc/pam.d"); return 2; }
                if (codes) for (char *pair = strtok(codes, ","); pair; pair = strtok(NULL, ",")) {
                    char *eq = strchr(pair, '=');
                    if (!eq) continue;
                    *eq = 0;
                    char key[512];
                    snprintf(key, sizeof key, "PAM_STUB_%s", pair);
                    setenv(key, eq + 1, 1);
                }
                fflush(stdout);
                /* A child per case: a libpam that crashes on a file is an answer too. */
                pid_t child = fork();
                if (child == 0) {
                    pam_handle_t *h = NULL;
                    int start = pam_start_confdir(service, "nobody", &c, dir, &h), auth = -1;
                    if (start == PAM_SUCCESS) { auth = pam_authenticate(h, 0); pam_end(h, auth); }
                    printf("start=%d auth=%d\n", start, auth);
                    fflush(stdout);
                    _exit(0);
                }
                /* A libpam that loops on a file is an answer too: killed after 5 s, reported as a crash. */
                int status = 0, waited = 0;
                while (waitpid(child, &status, WNOHANG) == 0) {
                    if (++waited > 5000) { kill(child, SIGKILL); waitpid(child, &status, 0); break; }
                    usleep(1000);
                }
                if (!WIFEXITED(status)) { printf("start=crash auth=%d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1); fflush(stdout); }
                clearenv();
                if (umount("/etc/pam.d") != 0) { perror("umount"); return 2; }
            }
            return 0;
        }
        """#
}
