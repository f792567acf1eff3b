import FuzzSupport
import PostureInventory

@testable import PostureProbes

/// The PAM reader and dispatcher: one pam.d file's text (which may include itself, substack itself,
/// or `other`), read as service `sshd`; then every auth path explored. Never a crash or a hang.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    let files = InMemoryFiles(["/etc/pam.d/sshd": text, "/etc/pam.d/other": text, "/etc/pam.d/common-auth": text])
    let (facts, _) = PAMStacks.read(files)
    if case .object(let services)? = facts, case .array(let items)? = services["sshd"] {
        let entries = items.compactMap(PAMEntry.init(json:)).filter { $0.type == "auth" }
        let program = PAMProgram(entries)
        _ = PAMDispatch.run(program) { $0 % 3 == 0 ? 0 : 7 }
        _ = PAMPaths.find(
            program, mark: { entry, code in entry.moduleName.hasPrefix("pam_g") && code == 0 ? 1 : 0 },
            breaks: { result, marks in result == 0 && marks == 0 })
    }
    // The lexer alone, on the raw bytes (NUL and invalid UTF-8 included).
    _ = PAMLineParser.lines(bytes)
    return 0
}

@_cdecl("fuzz_pam_stack_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
