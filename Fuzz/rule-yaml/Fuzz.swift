import FuzzSupport
import PostureInventory

@testable import PostureRules

/// The built-in taxonomy, parsed once: rule files are judged against it.
let taxonomy: Taxonomy = {
    var diagnostics = Diagnostics()
    let source = BuiltinRules.sources.first { $0.file == BuiltinRules.taxonomyFile }!
    return RuleLoader.parseTaxonomy(source, diagnostics: &diagnostics)!
}()

/// The rule loader over any bytes (YAML bombs included): rules or positioned errors, never a
/// crash, a hang or unbounded memory. The same text is also read as a taxonomy file.
@_cdecl("fuzz_rule_yaml_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        let source = YAMLSource(file: "fuzz.yaml", text: String(decoding: fuzzBytes(data, size), as: UTF8.self))
        var diagnostics = Diagnostics()
        _ = RuleLoader.parseRules(source, taxonomy: taxonomy, diagnostics: &diagnostics)
        _ = RuleLoader.parseTaxonomy(source, diagnostics: &diagnostics)
        for diagnostic in diagnostics.items { _ = diagnostic.description }
        return 0
    }
}
