import FuzzSupport
import PostureInventory

/// Inventory documents: any bytes load or give a positioned error, never a crash.
@_cdecl("fuzz_inventory_json_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in
        _ = try? InventoryCodec.decode(fuzzBytes(data, size), file: "fuzz.json")
        return 0
    }
}
