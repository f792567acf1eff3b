import Foundation
import Testing

@testable import PostureInventory

/// The fact families are one enum; these check the places the compiler cannot: the JSON schema
/// and the round trip of every family through `merge`.
@Suite("Fact families")
struct FactFamilyTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Reports/schemas/inventory.schema.json")

    @Test("the inventory schema describes every family, under its coding key")
    func schemaHasEveryFamily() throws {
        let document = try JSONParser.parse(Array(try Data(contentsOf: Self.schema)))
        guard case .object(let top) = document, case .object(let properties)? = top["properties"] else {
            Issue.record("the schema has no properties")
            return
        }
        for key in Inventory.familyKeys { #expect(properties[key] != nil, "the schema lacks '\(key)'") }
    }

    @Test("merge takes every family a probe collected, and keeps what it did not")
    func mergeTakesEveryFamily() throws {
        var encoded: [String: String] = [:]
        for family in FactFamily.allCases { encoded[family.codingKey.stringValue] = "[]" }
        encoded["host"] = #"{"hostname": "ws1"}"#
        encoded["updates"] = #"{"pending": []}"#
        encoded["settings"] = "{}"
        let members = encoded.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        let full = try InventoryCodec.decode(Array(#"{"schema": "posture.inventory/1", \#(members)}"#.utf8), file: "full").inventory
        for family in FactFamily.allCases {
            var merged = Inventory()
            merged.merge(full)
            var single = Inventory()
            single.take(family, from: full)
            #expect(try InventoryCodec.facts(of: single) != InventoryCodec.facts(of: Inventory()), "\(family) was not taken")
            #expect(merged == full)
        }
        var kept = full
        kept.merge(Inventory())
        #expect(kept == full, "merging nothing drops nothing")
    }
}
