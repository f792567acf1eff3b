import GRDB

/// Reading a row without GRDB's typed subscripts, which stop the program on a value of another
/// type: `--store` may name a file someone else wrote, so a wrong type reads as a default.
extension Row {
    func text(_ index: Int) -> String? { String.fromDatabaseValue(self[index] as DatabaseValue) }
    func string(_ index: Int) -> String { text(index) ?? "" }
    func double(_ index: Int) -> Double? { Double.fromDatabaseValue(self[index] as DatabaseValue) }
    func integer(_ index: Int) -> Int64 { Int64.fromDatabaseValue(self[index] as DatabaseValue) ?? 0 }
}
