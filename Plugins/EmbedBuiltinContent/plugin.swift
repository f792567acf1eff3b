import Foundation
import PackagePlugin

/// Compiles built-in content into the module that reads it, so a copied binary carries it without
/// a resource bundle: the rules (`Rules/`) into `PostureRules`, the report templates and schemas
/// (`Reports/templates/`, `Reports/schemas/`) into `PostureReports`. Rule cases (`*.cases.json`,
/// test data beside the packs) are left out.
@main
struct EmbedBuiltinContent: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = target.name == "PostureReports" ? ["Reports/schemas", "Reports/templates"] : ["Rules"]
        // Folders are inputs too: adding a file changes the folder, which re-runs the tool, and the
        // tool lists the folders itself, so a new rule file is picked up without a clean build.
        var inputs: [URL] = []
        for folder in folders {
            let base = root.appending(path: folder)
            inputs.append(base)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
            else { continue }
            for case let url as URL in walker {
                if url.lastPathComponent.hasSuffix(".cases.json") { continue }
                if ["yaml", "json", "mustache"].contains(url.pathExtension) || url.hasDirectoryPath { inputs.append(url) }
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinContent.swift")
        let tool = try context.tool(named: "EmbedContentTool")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) built-in content files",
                executable: tool.url,
                arguments: [root.path, output.path] + folders,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
