/// The dossier as JSON for programs: stable keys, numbers as the tables print them, null for missing.
extension Dossier {
    /// A table cell as JSON: empty → null, a number → number (same 6 decimals), else a string.
    static func cellJSON(_ cell: String) -> OrderedJSON {
        if cell.isEmpty { return .null }
        if let i = Int(cell) { return .int(i) }
        if parseNumber(cell) != nil, let d = Double(cell) { return .number(d) }
        return .string(cell)
    }

    static func objectJSON(_ pairs: [(column: String, value: String)]) -> OrderedJSON {
        .object(pairs.map { ($0.column, cellJSON($0.value)) })
    }

    /// The document `mujun explain --json` prints.
    public func json() -> OrderedJSON {
        let s = { (v: String) -> OrderedJSON in v.isEmpty ? .null : .string(v) }
        return .object([
            ("run", .object([
                ("directory", .string(runDirectory)), ("run_id", .string(runID)), ("pipeline", .string(pipelineName)),
                ("year", Self.cellJSON(year)),
            ])),
            ("enterprise", .object([
                ("uscc", .string(uscc)), ("name", .string(name)), ("industry", .string(industry)),
                ("industry_pool", .string(industryPool)), ("region", .string(region)), ("scale", .string(scale)),
                ("group", s(group)), ("group_name", s(groupName)),
            ])),
            ("figures", Self.objectJSON(figures)),
            ("rejected_rows", .array(rejectedRows.map {
                .object([("file", .string($0.file)), ("line", Self.cellJSON($0.line)), ("reason", .string($0.reason)),
                         ("message", .string($0.message))])
            })),
            ("indicator_values", .object(indicatorValues.map { ($0.indicator.rawValue, Self.cellJSON($0.value)) })),
            ("indicators", .array(scores.map { k in
                .object([
                    ("id", .string(k.indicator.rawValue)), ("name", .string(k.indicator.chineseName)),
                    ("unit", .string(k.indicator.unit)), ("value", Self.cellJSON(k.value)),
                    ("weight", Self.cellJSON(k.weight)), ("method", .string(k.method)),
                    ("benchmark", Self.cellJSON(k.benchmark)), ("benchmark_pool", .string(k.benchmarkPool)),
                    ("benchmark_source", s(k.benchmarkSource)), ("min", Self.cellJSON(k.min)),
                    ("max", Self.cellJSON(k.max)), ("cap", k.cap == "unknown" ? .string("unknown") : Self.cellJSON(k.cap)),
                    ("missing_rule", .string(k.missingRule)), ("mean_score", Self.cellJSON(k.meanScore)),
                    ("score", Self.cellJSON(k.score)), ("formula", .string(k.formula)),
                ])
            })),
            ("adjustments", Self.cellJSON(adjustments)),
            ("total", Self.cellJSON(total)),
            ("rank", Self.cellJSON(rank)),
            ("scored_in_group", .int(scoredInGroup)),
            ("class", s(enterpriseClass)),
            ("class_reason", s(classReason)),
            ("class_mode", .string(classMode)),
            ("flags", .array(flags.map { .string($0) })),
            ("cut_scores", .array(cutScores.map {
                .object([
                    ("class", .string($0.enterpriseClass)), ("enterprises", Self.cellJSON($0.enterprises)),
                    ("scored", Self.cellJSON($0.scored)), ("min_total", Self.cellJSON($0.minTotal)),
                    ("max_total", Self.cellJSON($0.maxTotal)),
                ])
            })),
            ("next_class", nextClass.map { n in
                .object([
                    ("class", .string(n.enterpriseClass)), ("needed_total", Self.cellJSON(n.neededTotal)),
                    ("basis", s(n.basis)), ("score_gap", Self.cellJSON(n.scoreGap)), ("reachable", .bool(n.reachable)),
                    ("tax_per_mu_increase", Self.cellJSON(n.taxPerMuIncrease)),
                    ("tax_per_mu_target", Self.cellJSON(n.taxPerMuTarget)),
                    ("tax_increase_wan", Self.cellJSON(n.taxIncreaseWan)), ("note", .string(n.note)),
                ])
            } ?? .null),
            ("policy", policy.isEmpty ? .null : Self.objectJSON(policy)),
            ("remediation", remediation.isEmpty ? .null : Self.objectJSON(remediation)),
            ("history", Self.objectJSON(history)),
            ("notes", .array(notes.map { .string($0) })),
        ])
    }
}
