import Foundation
import Testing

@testable import PostureInventory

/// The inventory size limit, and the decoder that reads the model from the parsed tree.
@Suite("Inventory size limit and tree decoding")
struct InventoryLimitTests {
    @Test("an inventory over the limit is refused with its size, before it is read")
    func overLimit() throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "posture-big-\(UUID().uuidString).json").path
        // Sparse: the size is all that matters, nothing is written or read.
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer { unlink(path) }
        #expect(ftruncate(descriptor, off_t(InventoryCodec.maximumBytes + 1)) == 0)
        close(descriptor)
        #expect(InventoryCodec.maximumBytes == 128 << 20)
        do {
            _ = try InventoryCodec.load(path: path)
            Issue.record("an inventory over the limit was read")
        } catch {
            #expect(
                error.description
                    == "\(path):1:1: error: file is \(InventoryCodec.maximumBytes + 1) bytes, more than the 128 MiB an inventory may have")
        }
    }

    @Test(
        "a field of the wrong type is reported at its position, as JSONDecoder would",
        arguments: [
            (
                #"{"schema": "posture.inventory/1", "accounts": [{"name": "ann", "uid": "x"}]}"#, "1:71",
                "accounts[0].uid: expected a number"
            ),
            (#"{"schema": "posture.inventory/1", "accounts": [{"name": "ann", "uid": 1.5}]}"#, "1:71", "does not fit in"),
            (#"{"schema": "posture.inventory/1", "accounts": [{"uid": 1}]}"#, "1:48", "missing required field 'name'"),
            (#"{"schema": "posture.inventory/1", "accounts": [{"name": null, "uid": 1}]}"#, "1:57", "expected a string, found null"),
        ])
    func wrongType(_ json: String, _ position: String, _ words: String) throws {
        do {
            _ = try InventoryCodec.decode(Array(json.utf8), file: "i.json")
            Issue.record("decoded \(json)")
        } catch {
            #expect(error.description.hasPrefix("i.json:\(position): error:"), "\(error)")
            #expect(error.description.contains(words), "\(error)")
        }
    }

    @Test("the tree decoder gives the model JSONDecoder gives")
    func sameModel() throws {
        let json =
            #"{"schema": "posture.inventory/1", "host": {"hostname": "h", "os": {"family": "linux", "id": "debian"}}, "packages": [{"name": "a", "version": "1", "arch": "amd64", "manager": "dpkg"}], "accounts": [{"name": "ann", "uid": 1000, "interactive": true, "groups": ["sudo"]}]}"#
        let ours = try InventoryCodec.decode(Array(json.utf8), file: "i.json").inventory
        let foundation = try JSONDecoder().decode(Inventory.self, from: Data(json.utf8))
        #expect(try InventoryCodec.encode(ours) == InventoryCodec.encode(foundation))
    }
}
