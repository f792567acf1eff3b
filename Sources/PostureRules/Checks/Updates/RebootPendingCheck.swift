import Foundation
import PostureInventory

/// A reboot that updates are waiting for: the OS says so, or the running kernel is older than the
/// newest one installed.
public struct RebootPendingCheck: Check {
    public static let description = CheckKindDescription(
        kind: "reboot-pending",
        summary: "Fails when the host asks for a reboot to finish updates, or runs an older kernel than the newest installed.",
        parameters: [],
        examples: [
            .init(
                "the running kernel is the newest", expected: .pass, check: "kind: reboot-pending",
                inventory:
                    #"{"host": {"reboot_required": false, "kernel": {"running": "6.1.0-28-amd64", "newest_installed": "6.1.0-28-amd64"}}}"#),
            .init(
                "a live host with no reboot flag, but no installed kernel found: no evidence", expected: .unknown,
                check: "kind: reboot-pending",
                inventory: #"{"host": {"source": "live", "reboot_required": false, "kernel": {"running": "6.1.0-28-amd64"}}}"#),
            .init(
                "a newer kernel waits for a reboot", expected: .fail, check: "kind: reboot-pending",
                inventory:
                    #"{"host": {"reboot_required": false, "kernel": {"running": "6.1.0-25-amd64", "newest_installed": "6.1.0-28-amd64"}}}"#,
                subjects: ["kernel"]),
        ]
    )

    public var facts: [FactPath] { [FactPath(.host)] }

    public init?(parameters: MappingReader, diagnostics: inout Diagnostics) {}

    public func evaluate(in context: EvaluationContext) -> CheckOutcome {
        guard let host = context.inventory.host else { return .unknown("the 'host' facts were not collected") }
        var evidence: [Evidence] = []
        if host.rebootRequired == true {
            evidence.append(
                Evidence(
                    subject: "reboot flag", fact: "host.reboot_required", seen: "the system asks for a reboot",
                    expected: "no reboot pending"))
        }
        var kernelKnown = false
        if let running = host.kernel?.running, let newest = host.kernel?.newestInstalled,
            let order = DebianVersion.compare(running, newest)
        {
            kernelKnown = true
            if order < 0 {
                evidence.append(
                    Evidence(
                        subject: "kernel", fact: "host.kernel", seen: "running \(running), newest installed \(newest)",
                        expected: "running the newest installed kernel"))
            }
        }
        if !evidence.isEmpty { return .fail(evidence.compactMap(\.seen).joined(separator: "; "), evidence) }
        // On a live host only the kernels compared are evidence: an absent flag alone is not.
        if host.source == "live", !kernelKnown {
            return .unknown("the newest installed kernel is not known, so no reboot flag does not show the newest kernel runs")
        }
        guard host.rebootRequired != nil || kernelKnown else {
            return .unknown("neither a reboot flag nor the running kernel is known (an offline root cannot tell)")
        }
        let kernels = kernelKnown ? ", running \(host.kernel?.running ?? "") = newest installed \(host.kernel?.newestInstalled ?? "")" : ""
        return .pass([Evidence(fact: "host", seen: "no reboot flag\(kernels)", expected: "no reboot pending")])
    }
}
