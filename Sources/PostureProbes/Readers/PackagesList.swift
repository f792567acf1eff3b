/// An apt Packages list (var/lib/apt/lists/*_Packages[.lz4]) read the way the updates probe reads
/// it; also the fuzzing entry point, so the fuzzer exercises exactly this code.
enum PackagesList {
    /// The list's text as apt stores it: plain, or LZ4 frames (`.lz4`, Ubuntu's default); nil for
    /// a compression that is not read (the caller reports it).
    static func text(name: String, raw: [UInt8]) throws(LZ4Frame.DecodeError) -> [UInt8]? {
        if name.hasSuffix("_Packages") { return raw }
        if name.hasSuffix(".lz4") { return try LZ4Frame.decode(raw) }
        return nil
    }

    /// Calls `visit(name, version, architecture)` for each stanza offering a wanted name on one of
    /// the wanted architectures (name → architectures installed).
    static func offers(_ bytes: [UInt8], wanted: [String: [String]], visit: (String, String, String) -> Void) {
        ControlFile.paragraphs(bytes, fields: ["Package", "Version", "Architecture"]) { fields in
            guard let package = fields["Package"], let architectures = wanted[package], let version = fields["Version"] else { return }
            let architecture = fields["Architecture"] ?? ""
            guard architectures.contains(architecture) else { return }
            visit(package, version, architecture)
        }
    }
}
