import Foundation
import FuzzSupport

@testable import PostureProbes

/// The sudoers reader and policy: any bytes as /etc/sudoers (in memory, with fixed accounts, a
/// host name and an included folder), never a crash, a hang or unbounded memory.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
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

@_cdecl("fuzz_sudoers_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
