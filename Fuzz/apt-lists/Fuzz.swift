import FuzzSupport

@testable import PostureProbes

/// apt Packages lists, plain and LZ4, through the code the updates probe uses: the first byte
/// picks the stored form, the rest is the file.
@_cdecl("fuzz_apt_lists_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let bytes = fuzzBytes(data, size)
        guard let first = bytes.first else { return 0 }
        let name =
            first & 1 == 0
            ? "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages"
            : "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"
        guard let text = try? PackagesList.text(name: name, raw: Array(bytes.dropFirst())) else { return 0 }
        PackagesList.offers(text, wanted: ["libc6": ["amd64"], "tzdata": ["all"], "a": [""]]) { _, _, _ in }
        return 0
    }
}
