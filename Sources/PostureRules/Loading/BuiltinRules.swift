/// The content compiled into the binary from the package's `Rules/`.
public enum BuiltinRules {
    public static let taxonomyFile = "Rules/categories.yaml"

    /// Every built-in YAML file under Rules/, as sources for the loader.
    public static var sources: [YAMLSource] {
        BuiltinContent.files.filter { $0.path.hasPrefix("Rules/") }.map { YAMLSource(file: $0.path, text: $0.text) }
    }

    /// Rule packs: Rules/packs/*.yaml.
    static func isRuleFile(_ path: String) -> Bool { path.hasPrefix("Rules/packs/") }

    /// A built-in file's text by its path in the package (`Rules/catalogs/eol.yaml`).
    public static func file(_ path: String) -> String? {
        BuiltinContent.files.first { $0.path == path }?.text
    }
}
