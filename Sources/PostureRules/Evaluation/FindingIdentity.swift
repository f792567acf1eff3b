import PostureInventory

/// Which problem a piece of failing evidence is, so the same problem matches across scans
/// (`--baseline`): the rule and what the evidence is about — its subject, its fact path without
/// list positions, its file without line numbers. Never the values seen or the wording around
/// them, and never a line number: a card number that moved down a file, or a reworded message,
/// is the same finding, not one new and one fixed.
public enum FindingIdentity {
    /// sha256 of the identity, hex; stable across scans and posture versions within posture.report/1.
    public static func fingerprint(rule: String, evidence: Evidence) -> String {
        let fact = evidence.fact.map(withoutListPositions) ?? ""
        let location = evidence.location.map(withoutLineNumbers) ?? ""
        // Masked before hashing, as the report shows it: the same fingerprint from the evidence
        // as collected and as written, and no hash of a whole card number (short enough to guess).
        return SHA256.hex(HostText.mask([rule, evidence.subject ?? "", fact, location].joined(separator: "\u{1F}")))
    }

    /// The fingerprints of every piece of evidence of a failed outcome, before the list is capped
    /// for display: the report keeps them all, so a finding past the cap is still seen as new.
    public static func fingerprints(rule: String, evidence: [Evidence]) -> [String] {
        var seen: Set<String> = []
        return (evidence.isEmpty ? [Evidence()] : evidence).map { fingerprint(rule: rule, evidence: $0) }.filter {
            seen.insert($0).inserted
        }
    }

    /// `packages[12].version` → `packages.version`.
    static func withoutListPositions(_ path: String) -> String {
        var result = ""
        var inIndex = false
        var pending = ""
        for character in path {
            if inIndex {
                pending.append(character)
                if character == "]" {
                    // Only a position of digits goes; `[name]` stays.
                    if pending.dropFirst().dropLast().contains(where: { !$0.isASCII || !$0.isNumber }) { result += pending }
                    inIndex = false
                    pending = ""
                }
            } else if character == "[" {
                inIndex = true
                pending = "["
            } else {
                result.append(character)
            }
        }
        return result + pending
    }

    /// `/home/a/x.csv:12` or `/etc/pam.d/sshd:4:1` → the file alone.
    static func withoutLineNumbers(_ location: String) -> String {
        var text = Substring(location)
        while let colon = text.lastIndex(of: ":") {
            let tail = text[text.index(after: colon)...]
            guard !tail.isEmpty, tail.allSatisfy({ $0.isASCII && $0.isNumber }) else { break }
            text = text[..<colon]
        }
        return String(text)
    }
}
