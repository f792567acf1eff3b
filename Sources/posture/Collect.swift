import ArgumentParser
import Foundation
import PosturePipeline

struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Gather an inventory (posture.inventory/1 JSON) from this host or an offline root.",
        discussion: """
            Reads only what the rules in force ask for (use --all for every family). Nothing on the \
            scanned system is changed; under --root every path, symlinks included, stays inside DIR.
            """
    )

    @Option(help: ArgumentHelp("Collect from the offline root filesystem in this folder.", valueName: "dir"))
    var root: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the inventory here (atomically) instead of standard output.", valueName: "path"))
    var output: String?

    @Flag(help: "Collect every fact family, not only those the rules need.")
    var all = false

    @OptionGroup var rules: RuleOptions

    @OptionGroup var remote: RemoteCommandOptions

    func validate() throws {
        if let root { try validateRoot(root) }
        try remote.validate(root: root)
    }

    func run() throws {
        let options = CollectJob.Options(root: root, output: output, everything: all, rules: rules.sources, remote: remote.settings)
        if let data = try perform({ log throws(PipelineFailure) in try CollectJob.run(options, log: log) }) {
            FileHandle.standardOutput.write(data)
        }
    }
}

/// --root must name an existing folder.
func validateRoot(_ root: String) throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
        throw ValidationError("--root '\(root)' is not a folder")
    }
}
