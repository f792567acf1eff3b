import Foundation

/// Passes every string of a Codable value (members, list items, object keys, at any depth)
/// through one function, without knowing the value's type: through its JSON form. Used to mask a
/// whole report in one place, so a field added to the model later is covered without a change.
public enum EveryString {
    public static func map<Value: Codable>(_ value: Value, _ transform: (String) -> String) throws -> Value {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        let tree = try decoder.decode(JSONValue.self, from: try encoder.encode(value))
        return try decoder.decode(Value.self, from: try encoder.encode(map(tree, transform)))
    }

    public static func map(_ value: JSONValue, _ transform: (String) -> String) -> JSONValue {
        switch value {
        case .string(let text): .string(transform(text))
        case .array(let items): .array(items.map { map($0, transform) })
        case .object(let members):
            .object(Dictionary(members.map { (transform($0.key), map($0.value, transform)) }, uniquingKeysWith: { first, _ in first }))
        case .null, .bool, .number: value
        }
    }
}
