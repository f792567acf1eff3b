import Foundation

/// Reads and writes inventory documents. Reading gives both the typed model and the untyped fact
/// tree, and reports every problem as `file:line:col: error: …`.
public enum InventoryCodec {
    /// The largest inventory file read (bigger ones are refused, not read to exhaustion). A
    /// workstation's export is a few MiB; 128 MiB holds a million packages and keeps a scan of it
    /// near 1 GiB of memory (the fact tree costs several times the file; see the README).
    public static let maximumBytes = 128 << 20

    /// What went wrong reading an inventory, positioned like every other input problem.
    public typealias LoadError = Diagnostic

    /// A loaded inventory: the typed model and the same document as a fact tree.
    public struct Loaded: Sendable {
        public var inventory: Inventory
        public var facts: JSONValue

        public init(inventory: Inventory, facts: JSONValue) {
            self.inventory = inventory
            self.facts = facts
        }
    }

    public static func load(path: String) throws(LoadError) -> Loaded {
        let data: Data
        do {
            let url = URL(fileURLWithPath: path)
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values.isRegularFile == true else {
                throw LoadError(file: path, line: 1, column: 1, message: "not a regular file")
            }
            if let size = values.fileSize, size > maximumBytes {
                throw LoadError(
                    file: path, line: 1, column: 1,
                    message: "file is \(size) bytes, more than the \(maximumBytes >> 20) MiB an inventory may have")
            }
            data = try Data(contentsOf: url)
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(file: path, line: 1, column: 1, message: "cannot read: \(describe(error))")
        }
        return try decode(Array(data), file: path)
    }

    public static func decode(_ bytes: [UInt8], file: String) throws(LoadError) -> Loaded {
        let facts: JSONValue
        do {
            facts = try JSONParser.parse(bytes)
        } catch {
            throw error.diagnostic(file: file)
        }
        guard case .object(let members) = facts else {
            throw LoadError(file: file, line: 1, column: 1, message: "expected an object at the top, found \(facts.typeName)")
        }
        guard case .string(let schema)? = members["schema"] else {
            throw LoadError(
                file: file, line: 1, column: 1,
                message: "missing \"schema\": \"\(Inventory.schemaIdentifier)\"; is this a posture inventory?")
        }
        guard schema == Inventory.schemaIdentifier else {
            let position = JSONParser.locate([.key("schema")], in: bytes) ?? (1, 1)
            throw LoadError(
                file: file, line: position.line, column: position.column,
                message: "schema '\(schema)' is not supported, expected '\(Inventory.schemaIdentifier)'")
        }
        do {
            // From the tree already parsed: a second parse by JSONDecoder doubled time and memory.
            let inventory = try JSONValueDecoder.decode(Inventory.self, from: facts)
            return Loaded(inventory: inventory, facts: facts)
        } catch let error as DecodingError {
            throw locate(error, in: bytes, file: file)
        } catch {
            throw LoadError(file: file, line: 1, column: 1, message: describe(error))
        }
    }

    /// Turns a decoding error into a positioned message naming the field.
    public static func locate(_ error: DecodingError, in bytes: [UInt8], file: String) -> LoadError {
        func components(_ codingPath: [any CodingKey]) -> [JSONParser.PathComponent] {
            codingPath.map { key in key.intValue.map { .index($0) } ?? .key(key.stringValue) }
        }
        let path: [JSONParser.PathComponent]
        let message: String
        switch error {
        case .typeMismatch(let type, let context):
            path = components(context.codingPath)
            message = "\(JSONParser.render(path)): expected \(describe(type))"
        case .valueNotFound(let type, let context):
            path = components(context.codingPath)
            message = "\(JSONParser.render(path)): expected \(describe(type)), found null"
        case .keyNotFound(let key, let context):
            path = components(context.codingPath)
            let owner = path.isEmpty ? "the document" : JSONParser.render(path)
            message = "\(owner): missing required field '\(key.stringValue)'"
        case .dataCorrupted(let context):
            path = components(context.codingPath)
            message = "\(JSONParser.render(path)): \(context.debugDescription)"
        @unknown default:
            path = []
            message = "\(error)"
        }
        // Widen to the nearest ancestor the parser can find (a missing key has no position).
        var probe = path
        while true {
            if let position = JSONParser.locate(probe, in: bytes) {
                return LoadError(file: file, line: position.line, column: position.column, message: message)
            }
            if probe.isEmpty { break }
            probe.removeLast()
        }
        return LoadError(file: file, line: 1, column: 1, message: message)
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean (true or false)"
        case is Int.Type, is Double.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue)).lowercased()
        }
        return (error as NSError).localizedDescription
    }

    /// The inventory as stable JSON.
    public static func encode(_ inventory: Inventory) throws -> Data {
        try StableJSON.encode(inventory)
    }

    /// The fact tree of an inventory built in memory (a live collection).
    public static func facts(of inventory: Inventory) throws -> JSONValue {
        let data = try JSONEncoder().encode(inventory)
        return try JSONParser.parse(Array(data))
    }
}

/// The JSON every posture document is written as: pretty, keys sorted (so the same content always
/// gives the same bytes and diffs stay small), slashes unescaped, ending in a newline.
public enum StableJSON {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
