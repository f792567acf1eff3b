import PostureInventory
import Testing

@testable import PostureProbes

/// The compiler makes every place that handles a fact family handle a new one; this checks the
/// one it cannot: that some probe fills it.
@Suite("Probe coverage")
struct ProbeCoverageTests {
    @Test("every fact family is filled by exactly one probe")
    func everyFamilyHasAProbe() {
        let filled = Collector.probes.flatMap(\.families)
        for family in FactFamily.allCases {
            #expect(filled.filter { $0 == family }.count == 1, "\(family) is filled by \(filled.filter { $0 == family }.count) probes")
        }
    }
}
