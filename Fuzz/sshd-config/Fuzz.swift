import FuzzSupport

@testable import PostureProbes

/// The sshd_config reader over in-memory files: any bytes, never a crash or a hang. The input is
/// the main file; a line `%%%` splits off a drop-in (sshd_config.d/50-fuzz.conf), so Include,
/// Match state across files and globbing are reached too.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    var files: [String: String] = [:]
    if let split = text.range(of: "\n%%%\n") {
        files["/etc/ssh/sshd_config"] = String(text[..<split.lowerBound])
        files["/etc/ssh/sshd_config.d/50-fuzz.conf"] = String(text[split.upperBound...])
    } else {
        files["/etc/ssh/sshd_config"] = text
    }
    let config = SSHDConfig.read(InMemoryFiles(files))
    _ = SSHDSettings(config).facts
    return 0
}

@_cdecl("fuzz_sshd_config_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
