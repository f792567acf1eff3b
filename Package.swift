// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "posture",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "posture", targets: ["posture"])
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // Auto-escaping templates for the HTML report (the auditor's view); escaping by default is
        // the point: every hostname, user and file name in a report is untrusted text.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // The project's SQLite library: trixie's login records (wtmpdb, lastlog2) are SQLite
        // databases, opened read-only; the fleet store uses it too.
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // The fact model every other stage speaks: inventory documents and their fact families, the
        // JSON codec, version ordering (dpkg, rpm), and the diagnostics every layer reports with.
        .target(name: "PostureInventory"),

        // Gathers an Inventory from the live host or an offline root (--root), read-only.
        .target(name: "PostureProbes", dependencies: ["PostureInventory", .product(name: "GRDB", package: "GRDB.swift")]),

        // YAML rules: loading with source positions, validation, check kinds, evaluation, scoring.
        // Carries the built-in Rules/ folder inside the binary (see Plugins/EmbedBuiltinContent).
        .target(
            name: "PostureRules",
            dependencies: ["PostureInventory", .product(name: "Yams", package: "Yams")],
            plugins: ["EmbedBuiltinContent"]
        ),

        // Output formats over one Assessment: JSON, HTML, SARIF, JUnit, terminal summary; gate, baseline.
        // Carries its own templates and schemas (Reports/templates, Reports/schemas) inside the binary.
        .target(
            name: "PostureReports",
            dependencies: ["PostureRules", "PostureInventory", .product(name: "Mustache", package: "swift-mustache")],
            plugins: ["EmbedBuiltinContent"]
        ),

        // The jobs behind the commands (scan, gate, collect): inputs, collection, evaluation, report
        // delivery; each stops with a typed failure that carries its exit code.
        .target(name: "PosturePipeline", dependencies: ["PostureRules", "PostureReports", "PostureInventory", "PostureProbes"]),

        // The fleet view: reports from many hosts streamed into one SQLite store (GRDB, WAL), and the
        // fleet's report, gate and export read from it.
        .target(
            name: "PostureFleet",
            dependencies: [
                "PosturePipeline", "PostureReports", "PostureRules", "PostureInventory",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),

        // The command: argument parsing, calling a job, writing its output and exit code. Nothing else.
        .executableTarget(
            name: "posture",
            dependencies: [
                "PosturePipeline", "PostureFleet", "PostureRules", "PostureReports", "PostureInventory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Build-time helper: turns Rules/ and Reports/schemas/ into Swift string literals.
        .executableTarget(name: "EmbedContentTool"),
        .plugin(
            name: "EmbedBuiltinContent",
            capability: .buildTool(),
            dependencies: ["EmbedContentTool"]
        ),

        .testTarget(name: "PostureProbesTests", dependencies: ["PostureProbes", "PostureInventory"]),
        .testTarget(name: "PostureInventoryTests", dependencies: ["PostureInventory"], exclude: ["Fixtures"]),
        .testTarget(
            name: "PostureRulesTests",
            dependencies: ["PostureRules", "PostureInventory"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PostureReportsTests",
            dependencies: ["PostureReports", "PostureRules", "PostureInventory"]
        ),
        .testTarget(name: "PosturePipelineTests", dependencies: ["PosturePipeline", "PostureReports", "PostureRules"]),
        .testTarget(name: "PostureFleetTests", dependencies: ["PostureFleet", "PostureReports", "PostureRules", "PostureInventory"]),
        .testTarget(name: "EndToEndTests", dependencies: ["posture"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Scripts/fuzz): each folder under Fuzz/ is one executable defining
// LLVMFuzzerTestOneInput. Only present when POSTURE_FUZZ names them: then posture's libraries are
// compiled with coverage and AddressSanitizer, and the targets link libFuzzer (which supplies main).
// The build tool (EmbedContentTool) is left alone, since it has a main of its own.
if Context.environment["POSTURE_FUZZ"] != nil {
    let sanitize = "-sanitize=fuzzer,address"
    for target in package.targets where target.type == .regular {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags([sanitize, "-enable-testing"])]
    }
    // The target names come in the variable itself (Scripts/fuzz lists Fuzz/), so a new folder
    // changes the manifest's inputs and is never hidden by SwiftPM's manifest cache.
    let names = (Context.environment["POSTURE_FUZZ"] ?? "").split(separator: " ").map(String.init)
    // Hands control to libFuzzer's driver from the entry point SwiftPM gives each executable.
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/Support", swiftSettings: [.unsafeFlags([sanitize])]))
    for name in names {
        package.targets.append(
            .executableTarget(
                name: "fuzz-\(name)",
                dependencies: ["FuzzSupport", "PostureProbes", "PostureInventory", "PostureRules", "PostureReports", "PostureFleet"],
                path: "Fuzz/\(name)",
                swiftSettings: [.unsafeFlags([sanitize, "-parse-as-library"])],
                linkerSettings: [.unsafeFlags([sanitize, "-use-ld=lld"])]
            ))
    }
}
