import Foundation
import Testing

@testable import PostureInventory

@Suite("JSON parsing and inventory decoding")
struct JSONParserTests {
    @Test("parses what JSONSerialization parses")
    func roundTrip() throws {
        let text = #"{"a": [1, -2.5e3, true, false, null], "b": {"c": "x\"\u00e9\ud83d\ude00\n"}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["a"] == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
        #expect(value["b"]?["c"] == .string("x\"é😀\n"))
    }

    @Test(
        "syntax errors carry line and column",
        arguments: [
            ("{\n  \"a\": 1,\n  \"b\": tru\n}", 3, 8, "expected a value"),
            ("{\"a\": 01}", 1, 7, "leading zero"),
            ("[1, 2", 1, 6, "unexpected end"),
            ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate member name 'a'"),
            ("\"\u{01}\"", 1, 2, "control character"),
            ("{} x", 1, 4, "after the end"),
        ])
    func syntaxErrors(_ example: (String, Int, Int, String)) {
        do {
            _ = try JSONParser.parse(Array(example.0.utf8))
            Issue.record("expected an error for \(example.0)")
        } catch {
            #expect(error.line == example.1)
            #expect(error.column == example.2)
            #expect(error.message.contains(example.3), "\(error.message)")
        }
    }

    @Test("deep nesting is refused, not a stack overflow")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test("invalid UTF-8 is refused")
    func invalidUTF8() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test("a wrong type names the field and its position")
    func typeMismatch() {
        let text = """
            {
              "schema": "posture.inventory/1",
              "packages": [
                {"name": "bash", "version": "5.2"},
                {"name": "zsh", "version": 5}
              ]
            }
            """
        do {
            _ = try InventoryCodec.decode(Array(text.utf8), file: "inv.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "inv.json:5:32: error: packages[1].version: expected a string")
        }
    }

    @Test("a missing field is reported at its object")
    func missingField() {
        let text = "{\"schema\": \"posture.inventory/1\",\n \"accounts\": [{\"name\": \"ann\"}]}"
        do {
            _ = try InventoryCodec.decode(Array(text.utf8), file: "inv.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "inv.json:2:15: error: accounts[0]: missing required field 'uid'")
        }
    }

    @Test("wrong schema and non-inventories are refused")
    func wrongSchema() {
        #expect(throws: InventoryCodec.LoadError.self) {
            try InventoryCodec.decode(Array(#"{"schema": "posture.inventory/9"}"#.utf8), file: "x")
        }
        #expect(throws: InventoryCodec.LoadError.self) { try InventoryCodec.decode(Array("[]".utf8), file: "x") }
    }

    @Test("absent families stay absent; empty ones stay empty")
    func absentVersusEmpty() throws {
        let loaded = try InventoryCodec.decode(Array(#"{"schema": "posture.inventory/1", "packages": []}"#.utf8), file: "x")
        #expect(loaded.inventory.packages == [])
        #expect(loaded.inventory.accounts == nil)
        let encoded = String(decoding: try InventoryCodec.encode(loaded.inventory), as: UTF8.self)
        #expect(encoded.contains("\"packages\" : ["))
        #expect(!encoded.contains("accounts"))
    }
}
