import PostureInventory
import PostureRules

extension Report {
    /// The report with card numbers and SSNs masked in every string (`HostText.mask`): file and
    /// folder names, paths, hostnames, subjects, evidence, reasons. `Report.init` applies it, so no
    /// writer ever holds an unmasked report.
    public func maskingHostText() -> Report {
        mappingEveryString(HostText.mask)
    }

    /// The report as a terminal or a log may show it: masked, control characters escaped
    /// (`HostText.printable`), so an escape sequence or a line break in a hostname or a file name
    /// is shown, not obeyed.
    public func printable() -> Report {
        mappingEveryString { HostText.printable($0) }
    }

    /// Every string of the report passed through `transform`. Should the report not survive its
    /// JSON form (it always does: it is written as JSON), what could hold host text is dropped
    /// rather than shown untransformed.
    func mappingEveryString(_ transform: (String) -> String) -> Report {
        do {
            return try EveryString.map(self, transform)
        } catch {
            var withheld = self
            withheld.host = nil
            withheld.scan.inventory = nil
            withheld.results = results.map { result in
                var result = result
                result.evidence = []
                result.reason = "evidence withheld: the report could not be masked (\(error))"
                return result
            }
            withheld.baseline = nil
            return withheld
        }
    }
}
