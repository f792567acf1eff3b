import Foundation
@testable import PostureProbes

/// The sudoers reader and policy: any bytes as /etc/sudoers (in memory, with fixed accounts, a
/// host name and an included folder), never a crash, a hang or unbounded memory.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let files = InMemoryFiles([
        "/etc/sudoers": String(decoding: bytes, as: UTF8.self),
        "/etc/sudoers.d/10-extra": "ann ALL=(ALL) NOPASSWD: ALL\n@include /etc/sudoers\n",
        "/etc/passwd": "root:x:0:0::/root:/bin/sh\nann:x:1001:1001::/home/ann:/bin/sh\nbob:x:1002:2002::/home/bob:/bin/sh\n",
        "/etc/group": "root:x:0:\nann:x:1001:\nops:x:2002:\nwheel:x:2003:ann\n",
        "/etc/hostname": "ws1\n",
    ])
    _ = SudoProbe.read(files, now: Date(timeIntervalSince1970: 1_790_000_000))
    return 0
}

// SwiftPM links an executable target's entry point as `<module>_main`; hand control to libFuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("fuzz_sudoers_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv) { fuzzOne($0, $1) }
}
