import Foundation

/// The repository root (tests read the committed examples and schemas from it).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

/// The built `posture` binary: $POSTURE_BINARY, or the one beside this test bundle.
let postureBinary: URL = {
    if let path = ProcessInfo.processInfo.environment["POSTURE_BINARY"] { return URL(fileURLWithPath: path) }
    var folder = Bundle.main.bundleURL
    if !FileManager.default.isExecutableFile(atPath: folder.appending(path: "posture").path) {
        folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }
    return folder.appending(path: "posture")
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion (no shell) and captures its output.
func run(
    _ executable: URL, _ arguments: [String], environment: [String: String] = [:],
    in folder: URL? = nil
) throws -> RunResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes concurrently so a full pipe cannot deadlock the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

func posture(_ arguments: String..., environment: [String: String] = [:], in folder: URL? = nil) throws -> RunResult {
    try run(postureBinary, arguments, environment: environment, in: folder)
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "posture-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Python with the jsonschema module, which the test script installs.
let pythonWithJSONSchema: Bool = {
    guard let result = try? run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import jsonschema"]) else {
        return false
    }
    return result.status == 0
}()

/// Validates a JSON document against one of the committed schemas with Python's jsonschema.
func validate(_ document: URL, against schema: String) throws -> RunResult {
    let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))), key=str)
        for error in errors[:20]:
            print("/".join(map(str, error.absolute_path)) + ": " + error.message)
        sys.exit(1 if errors else 0)
        """
    return try run(
        URL(fileURLWithPath: "/usr/bin/env"),
        ["python3", "-c", script, repositoryRoot.appending(path: "Reports/schemas/\(schema)").path, document.path])
}

/// Validates a SARIF document against the SARIF 2.1.0 schema (a Draft 4 schema), formats checked
/// where Python has a checker for them.
func validateSARIF(_ document: URL) throws -> RunResult {
    let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1])); document = json.load(open(sys.argv[2]))
        errors = list(jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(document))
        for e in errors[:10]: print(e.message)
        sys.exit(1 if errors else 0)
        """
    return try run(
        URL(fileURLWithPath: "/usr/bin/env"),
        ["python3", "-c", script, fixtures.appending(path: "schemas/sarif-schema-2.1.0.json").path, document.path])
}

/// The organisation inputs that let the clean workstation pass every rule.
let roster = fixtures.appending(path: "roster.csv").path
let attestations = fixtures.appending(path: "attestations.yaml").path
