import Foundation
import PostureInventory

/// trees and sensitive: one walk per requested folder, answering every retention question and
/// running the content scan on the way. Memory is bounded by the samples kept, not by the tree.
struct TreesProbe: Probe {
    let families: [FactFamily] = [.trees, .sensitive]
    /// Walking a large home folder and reading its text takes longer than the other probes.
    var timeout: TimeInterval { 1800 }
    static let sampleCap = 20
    static let skippedCap = 20

    func collect(_ context: ProbeContext) -> ProbeResult {
        var result = ProbeResult()
        var trees: [TreeFact] = []
        var sensitive: [SensitiveMatch] = []
        for (root, request) in context.request.trees.sorted(by: { $0.key < $1.key }) {
            let (tree, matches) = walk(root, request, context)
            trees.append(tree)
            sensitive += matches
        }
        result.inventory.trees = trees
        result.inventory.sensitive = sensitive
        return result
    }

    /// A pattern without a slash matches the file name; with one, the path below the root.
    static func matches(_ patterns: [String], name: [UInt8], relative: [UInt8]) -> Bool {
        if patterns.isEmpty || patterns.contains("*") { return true }
        return patterns.contains { pattern in
            let subject = pattern.contains("/") ? relative : name
            return (subject + [0]).withUnsafeBufferPointer { buffer in
                fnmatch(pattern, UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), 0) == 0
            }
        }
    }

    /// What one walker thread gathers; each instance is touched only by its own worker, and read
    /// after the walk has finished, so sharing the array of them across threads is safe.
    final class WorkerState: @unchecked Sendable {
        var files = 0, directories = 0, bytes = 0
        var oldestTime = Int.max
        var counts: [Int], sizes: [Int]
        var oldest: [[(Int, [UInt8], Int)]]
        /// The content scan's tallies (plain counters: this runs once per file).
        var scannedFiles = 0, scannedBytes = 0, skippedBinary = 0, skippedLarge = 0, skippedUnreadable = 0
        var skippedSamples: [SkippedEntry] = []
        var matches: [SensitiveMatch] = []
        var writableFiles = 0, writableDirectories = 0
        var writableSamples: [[UInt8]] = []
        /// The content scan's read buffer, made on this worker's first file to read.
        var buffer: FileContentScan.Buffer?

        init(queries: Int) {
            counts = Array(repeating: 0, count: queries)
            sizes = Array(repeating: 0, count: queries)
            oldest = Array(repeating: [], count: queries)
        }
    }

    private func walk(_ root: String, _ request: TreeRequest, _ context: ProbeContext) -> (TreeFact, [SensitiveMatch]) {
        var tree = TreeFact(root: root, exists: true, files: 0, directories: 0, bytes: 0)
        let now = Int(context.now.timeIntervalSince1970)
        let queries = Array(request.retention).sorted { ($0.olderThanDays, $0.include.joined()) < ($1.olderThanDays, $1.include.joined()) }
        let emptyContent = request.content.map {
            ContentScanFact(include: $0.include, kinds: $0.kinds.sorted(), maxFileBytes: $0.maxFileBytes)
        }
        let scanner = request.content.map { SensitiveScanner(kinds: Set($0.kinds.compactMap(SensitiveScanner.Kind.init))) }
        let workers = 2
        let states = (0..<workers).map { _ in WorkerState(queries: queries.count) }
        // Patterns that take every file are decided once, not per file.
        let everyFile = queries.map { Self.matchesEverything($0.include) }
        let contentEveryFile = request.content.map { Self.matchesEverything($0.include) } ?? true
        let rootBytes = Array(root.utf8).count
        let walker = TreeWalker(root: context.root)
        let contentRequest = request.content
        let checkWritable = request.worldWritable
        do {
            // Two threads: the walk waits on the kernel for each stat, and two keep both cores busy.
            let skipped = try walker.walk(root, workers: workers) { worker, entry in
                let state = states[worker]
                // Anyone may write: o+w, except folders with the sticky bit (like /tmp), where only owners may delete.
                if checkWritable, entry.mode & 0o002 != 0, entry.isRegularFile || (entry.isDirectory && entry.mode & 0o1000 == 0) {
                    if entry.isDirectory { state.writableDirectories += 1 } else { state.writableFiles += 1 }
                    if state.writableSamples.count < Self.sampleCap { state.writableSamples.append(entry.path) }
                }
                if entry.isDirectory {
                    state.directories += 1
                    return
                }
                guard entry.isRegularFile else { return }
                state.files += 1
                state.bytes += Int(entry.size)
                state.oldestTime = min(state.oldestTime, entry.modified)
                let ageDays = Double(now - entry.modified) / 86_400
                for (index, query) in queries.enumerated() where ageDays > Double(query.olderThanDays) {
                    guard everyFile[index] || Self.matches(query.include, entry: entry, rootBytes: rootBytes) else { continue }
                    state.counts[index] += 1
                    state.sizes[index] += Int(entry.size)
                    if state.oldest[index].count < Self.sampleCap || entry.modified < state.oldest[index].last!.0 {
                        let insertAt = state.oldest[index].firstIndex { $0.0 > entry.modified } ?? state.oldest[index].count
                        state.oldest[index].insert((entry.modified, entry.path, Int(entry.size)), at: insertAt)
                        if state.oldest[index].count > Self.sampleCap { state.oldest[index].removeLast() }
                    }
                }
                if let contentRequest, let scanner,
                    contentEveryFile || Self.matches(contentRequest.include, entry: entry, rootBytes: rootBytes)
                {
                    Self.scanContent(entry, scanner: scanner, limit: contentRequest.maxFileBytes, state: state)
                }
            }
            let unread = skipped.filter { $0.cause != .loop }
            tree.unreadFolders = unread.count
            tree.otherFilesystemFolders = unread.filter { $0.cause == .otherFilesystem }.count
            if !skipped.isEmpty {
                tree.skipped = skipped.sorted { $0.path < $1.path }.prefix(Self.skippedCap).map {
                    SkippedEntry(path: $0.path, reason: $0.reason)
                }
            }
        } catch .notFound {
            tree.exists = false
        } catch {
            tree.error = error.description
        }
        // Merge the workers' findings, in an order that does not depend on which thread saw what.
        tree.files = states.reduce(0) { $0 + $1.files }
        tree.directories = states.reduce(0) { $0 + $1.directories }
        tree.bytes = states.reduce(0) { $0 + $1.bytes }
        let oldestTime = states.map(\.oldestTime).min() ?? .max
        if oldestTime != .max { tree.oldestModifiedAt = ISODate.string(epochSeconds: oldestTime) }
        if !queries.isEmpty {
            tree.retention = queries.enumerated().map { index, query in
                let oldest = states.flatMap { $0.oldest[index] }
                    .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.lexicographicallyPrecedes($1.1) }
                    .prefix(Self.sampleCap)
                return RetentionFact(
                    include: query.include, olderThanDays: query.olderThanDays,
                    count: states.reduce(0) { $0 + $1.counts[index] },
                    bytes: states.reduce(0) { $0 + $1.sizes[index] },
                    samples: oldest.map {
                        FileSample(path: TreeWalker.display($0.1), modifiedAt: ISODate.string(epochSeconds: $0.0), size: $0.2)
                    })
            }
        }
        if var content = emptyContent {
            for state in states {
                content.scannedFiles += state.scannedFiles
                content.scannedBytes += state.scannedBytes
                content.skippedBinary += state.skippedBinary
                content.skippedLarge += state.skippedLarge
                content.skippedUnreadable += state.skippedUnreadable
                content.skippedSamples += state.skippedSamples
            }
            content.skippedSamples = Array(content.skippedSamples.sorted { $0.path < $1.path }.prefix(Self.skippedCap))
            tree.content = content
        }
        if request.worldWritable {
            tree.worldWritable = WorldWritableFact(
                files: states.reduce(0) { $0 + $1.writableFiles }, directories: states.reduce(0) { $0 + $1.writableDirectories },
                samples: states.flatMap(\.writableSamples).map(TreeWalker.display).sorted().prefix(Self.sampleCap).map { $0 })
        }
        let matches = states.flatMap(\.matches).sorted { ($0.path, $0.kind) < ($1.path, $1.kind) }
        return (tree, matches)
    }

    static func matchesEverything(_ patterns: [String]) -> Bool {
        patterns.isEmpty || patterns.contains("*")
    }

    /// A pattern without a slash matches the file name; with one, the path below the root.
    static func matches(_ patterns: [String], entry: TreeWalker.Entry, rootBytes: Int) -> Bool {
        if patterns.isEmpty || patterns.contains("*") { return true }
        let path = entry.path
        let name = Array(entry.name)
        let relative = Array(path.dropFirst(min(path.count, rootBytes + 1)))
        return matches(patterns, name: name, relative: relative)
    }

    private static func scanContent(_ entry: TreeWalker.Entry, scanner: SensitiveScanner, limit: Int, state: WorkerState) {
        func skip(_ reason: String) {
            if state.skippedSamples.count < Self.skippedCap {
                state.skippedSamples.append(SkippedEntry(path: entry.displayPath, reason: reason))
            }
        }
        if Int(entry.size) > limit {
            state.skippedLarge += 1
            skip("larger than \(limit) bytes (\(entry.size)); not read")
            return
        }
        // An empty file holds no number: the size the walk saw is all a read would cover.
        if entry.size == 0 {
            state.scannedFiles += 1
            return
        }
        // Open the entry the walk saw, relative to its folder, without following a link swapped in since.
        let fd = entry.openForReading()
        guard fd >= 0 else {
            state.skippedUnreadable += 1
            skip(HostRoot.errorText(errno))
            return
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_dev == entry.device, info.st_ino == entry.inode else {
            state.skippedUnreadable += 1
            skip("changed while being read")
            return
        }
        if state.buffer == nil { state.buffer = FileContentScan.Buffer() }
        do throws(FileContentScan.Skip) {
            let found = try FileContentScan.scan(fd: fd, size: Int(info.st_size), scanner: scanner, buffer: state.buffer)
            state.scannedFiles += 1
            state.scannedBytes += Int(info.st_size)
            guard !found.found.isEmpty else { return }
            let display = entry.displayPath
            for (kind, entry) in found.found.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                state.matches.append(
                    SensitiveMatch(kind: kind.rawValue, path: display, line: entry.line, count: entry.count, sample: entry.sample))
            }
        } catch {
            switch error {
            case .binary:
                state.skippedBinary += 1
                skip("binary (a NUL byte in its first 8 KiB); not read as text")
            case .unreadable(let reason):
                state.skippedUnreadable += 1
                skip(reason)
            }
        }
    }
}
