import PostureRules

/// One rule's card for the template: its texts split into plain and inline-code parts, a short
/// evidence table (the JSON report keeps the list), and its waiver, live or expired.
enum HTMLRuleModel {
    /// Evidence rows a card prints; the rest are summarised in one line.
    static let evidenceRowsShown = 10
    /// Fewer on paper: the printed report must stay short enough to read and sign.
    static let evidenceRowsPrinted = 5

    static func make(_ result: RuleResult) -> [String: Any] {
        let rule = result.rule
        let shown = Array(result.evidence.prefix(evidenceRowsShown))
        // When every row expects the same thing, say it once above the table instead of in every row.
        let expectations = Set(shown.map { $0.expected ?? "" })
        let commonExpected = expectations.count == 1 && shown.count > 1 ? expectations.first ?? "" : ""
        let showExpected = commonExpected.isEmpty && shown.contains { ($0.expected ?? "").isEmpty == false }
        let showWhere = shown.contains { ($0.location ?? "").isEmpty == false }
        let notShown = result.evidenceTotal - shown.count
        var model: [String: Any] = [
            "id": rule.id, "title": rule.title, "severity": rule.severity.rawValue, "state": result.state.rawValue,
            "stateLabel": label(result.state),
            "practice": rule.practice,
            "rationale": inlineCode(rule.rationale), "remediation": inlineCode(rule.remediation),
            "reason": inlineCode(result.reason ?? ""), "hasReason": !(result.reason ?? "").isEmpty,
            "references": rule.references.map { ["standard": $0.standardTitle, "id": $0.id] },
            "hasReferences": !rule.references.isEmpty,
            "source": rule.source,
            "isPass": result.state == .pass,
            "isBrief": result.state == .pass || result.state == .notApplicable,
            "evidence": shown.enumerated().map { index, evidence -> [String: Any] in
                [
                    "subject": evidence.subject ?? evidence.fact ?? "", "location": evidence.location ?? "",
                    "seen": evidence.seen ?? "", "expected": evidence.expected ?? "",
                    "beyondPrint": index >= evidenceRowsPrinted,
                ]
            },
            "printCapped": result.evidenceTotal > evidenceRowsPrinted,
            "printSummary": evidenceSummary(result, shown: min(evidenceRowsPrinted, shown.count)),
            "hasEvidence": !shown.isEmpty,
            "showExpected": showExpected, "showWhere": showWhere,
            "commonExpected": commonExpected, "hasCommonExpected": !commonExpected.isEmpty,
            "evidenceSummary": evidenceSummary(result, shown: shown.count),
            "capped": notShown > 0,
            "searchText": ([rule.id, rule.title, rule.practice, result.reason ?? ""] + result.evidence.compactMap { $0.subject }).joined(
                separator: " "
            ).lowercased(),
        ]
        if let applied = result.waiver {
            var waiver = waiver(applied)
            waiver["waivedState"] = result.waivedState.map(label) ?? ""
            waiver["countsAs"] = label(result.state)
            model["waiver"] = waiver
        }
        return model
    }

    static func label(_ state: ResultState) -> String {
        state == .notApplicable ? "not applicable" : state.rawValue
    }

    /// "First 10 of 73 items shown; the JSON report lists 50 of them and the total."
    static func evidenceSummary(_ result: RuleResult, shown: Int) -> String {
        let total = result.evidenceTotal
        guard total > shown else { return "" }
        let inJSON = result.evidence.count
        let json =
            inJSON < total
            ? "the JSON report lists the first \(inJSON) and counts all \(total)"
            : "the JSON report lists all \(total)"
        return "First \(shown) of \(total) items shown; \(json)."
    }

    static func waiver(_ waiver: WaiverInfo) -> [String: Any] {
        [
            "rule": waiver.rule, "reason": waiver.reason, "owner": waiver.owner, "expires": waiver.expires,
            "expired": waiver.expired, "source": waiver.source,
            "hosts": waiver.hosts.isEmpty ? "all hosts" : waiver.hosts.joined(separator: ", "),
        ]
    }

    /// Rule text with `backticks` as inline code: a list of parts, each plain or code, so the
    /// template escapes every part and only its own <code> element is markup. An unpaired
    /// backtick stays text.
    static func inlineCode(_ text: String) -> [[String: Any]] {
        var parts: [[String: Any]] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "`") else { break }
            if open > rest.startIndex { parts.append(["text": String(rest[..<open]), "code": false]) }
            parts.append(["text": String(rest[afterOpen..<close]), "code": true])
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty || parts.isEmpty { parts.append(["text": String(rest), "code": false]) }
        return parts
    }
}
