import Foundation
import PostureInventory
import PosturePipeline
import PostureReports

/// `posture fleet report`: the fleet view written as HTML, JSON (`posture.fleet/1`) and CSV.
public enum FleetReportJob {
    public enum Format: String, CaseIterable, Sendable {
        case html, json, csv
    }

    public struct Options: Sendable {
        public var store: String
        public var formats: [Format]
        /// Where `fleet.html`, `fleet.json`, `fleet.csv` go; standard output for a single format when nil.
        public var outDir: String?
        public var view: FleetSnapshotBuilder.Options

        public init(store: String, formats: [Format], outDir: String?, view: FleetSnapshotBuilder.Options) {
            self.store = store
            self.formats = formats
            self.outDir = outDir
            self.view = view
        }
    }

    /// The files written, or the single output when there is no folder.
    public static func run(_ options: Options, log: PipelineLog) throws(PipelineFailure) -> (written: [String], output: Data?) {
        let store = try FleetStore(path: options.store, create: false)
        let snapshot = try FleetSnapshotBuilder.build(store: store, options: options.view)
        let folder = options.outDir.map(absolute) ?? FileManager.default.currentDirectoryPath
        if options.outDir != nil {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            } catch {
                throw .scanFailed(["\(folder): error: cannot make the report folder: \(error.localizedDescription)"])
            }
        }
        var written: [String] = []
        for format in options.formats {
            let data: Data
            switch format {
            case .html: data = FleetHTMLRenderer().render(snapshot, outputFolder: folder)
            case .json:
                do {
                    data = try StableJSON.encode(snapshot)
                } catch {
                    throw .scanFailed(["posture: error: cannot encode the fleet report: \(error)"])
                }
            case .csv: data = try FleetCSV.render(store: store, snapshot: snapshot)
            }
            guard options.outDir != nil else { return ([], data) }
            let path = "\(folder)/fleet.\(format.rawValue)"
            do {
                try ReportFiles.writeAtomically(data, to: path, mode: 0o640)
            } catch {
                throw .scanFailed(["\(path): error: cannot write the fleet report: \(error)"])
            }
            written.append(path)
        }
        log(
            "posture fleet: \(snapshot.verdict.hosts) host\(snapshot.verdict.hosts == 1 ? "" : "s"), \(snapshot.verdict.passing) passing, \(snapshot.verdict.failing) failing, "
                + "\(snapshot.verdict.stale) stale, \(snapshot.verdict.neverScanned) never scanned; wrote \(written.joined(separator: ", "))"
        )
        return (written, nil)
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Expected host names, one a line (`#` comments and blank lines skipped), bounded like every input.
    public static func loadHosts(_ path: String) throws(PipelineFailure) -> [String] {
        guard case .success(let text) = TextFile.read(path, maximumBytes: 8 * 1024 * 1024) else {
            throw .badInput(["\(path):1:1: error: cannot read the host list (a text file of at most 8 MiB)"])
        }
        var hosts: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let name = line.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if name.isEmpty || name.hasPrefix("#") { continue }
            guard name.count <= IngestLimits.maximumHostname,
                !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                throw .badInput([
                    "\(path):\(index + 1):1: error: '\(IngestLimits.bounded(name, 60))' is not a host name (at most 255 characters, no control characters)"
                ])
            }
            hosts.append(name)
        }
        return hosts
    }
}
