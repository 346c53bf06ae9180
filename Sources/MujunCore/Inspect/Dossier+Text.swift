/// The dossier as plain text for a terminal: Chinese labels with English, values aligned.
extension Dossier {
    static let figureLabels: [String: String] = [
        "area_mu": "用地面积 area (亩 mu)", "tax_wan": "实缴税金 tax (万元)", "revenue_wan": "营业收入 revenue (万元)",
        "value_added_wan": "工业增加值 value added (万元)", "energy_tce": "综合能耗 energy (tce)",
        "electricity_10k_kwh": "用电量 electricity (万kWh)", "employees": "从业人员 employees",
        "emission_eq": "排放当量 emissions (当量 eq)",
    ]
    static let historyLabels: [String: String] = [
        "prev_class": "上年等级 previous class", "prev_rank": "上年排名 previous rank",
        "rank_change": "排名变化 rank change (+ = up)", "consecutive_d_years": "连续D类年数 years in D",
        "consecutive_years_in_class": "连续同档年数 years in class",
    ]
    static let policyLabels: [String: String] = [
        "consecutive_years_in_class": "连续同档年数 years in class", "electricity_kwh": "用电 electricity (kWh)",
        "electricity_surcharge_rate": "差别电价 surcharge (元/kWh)",
        "electricity_surcharge_yuan": "加价金额 surcharge (元)", "land_use_tax_wan": "城镇土地使用税 land-use tax (万元)",
        "land_use_tax_rebate_share": "减免比例 rebate share", "land_use_tax_rebate_wan": "减免金额 rebate (万元)",
        "energy_quota_change": "用能指标调整 energy quota", "emission_quota_change": "排放指标调整 emission quota",
    ]
    static let remediationLabels: [String: String] = [
        "priority": "整治优先序 priority", "category": "整治类别 category", "category_name": "类别名称 category name",
        "rental_status": "出租情况 rental status", "self_problem": "自身问题 own problems",
        "tenant_problem": "承租问题 tenants' problems", "tenants": "承租企业数 tenants",
        "own_area_mu": "自有用地 own area (亩)", "leased_out_mu": "出租面积 leased out (亩)",
        "recommended_action": "整治措施 action",
    ]

    /// The text `mujun explain` prints.
    public func text() -> String {
        var out: [String] = []
        let labelWidth = 36
        func line(_ label: String, _ value: String) {
            out.append("  " + TerminalText.pad(label, labelWidth) + (TerminalText.width(label) >= labelWidth ? " " : "") + value)
        }
        func blank(_ s: String) -> String { s.isEmpty ? "—" : s }

        out.append("一企一档 Enterprise dossier: \(name.isEmpty ? uscc : name) (\(uscc))")
        line("评价运行 run", "\(runID) · \(pipelineName) · \(year)")
        line("行业 industry", industry.isEmpty ? "— (pool none)" : "\(industry) (pool \(industryPool))")
        line("区域 region", blank(region))
        line("规模 scale", blank(scale))
        line("评价组 group", group.isEmpty ? "— (no group)" : group + (groupName.isEmpty ? "" : " \(groupName)"))

        out.append("")
        out.append("汇总数据 Figures after normalisation (rankings.csv)")
        for f in figures { line(Self.figureLabels[f.column] ?? f.column, blank(f.value)) }

        out.append("")
        if rejectedRows.isEmpty {
            out.append("被拒数据行 Rejected input rows: none")
        } else {
            out.append("被拒数据行 Rejected input rows (rejects.csv): \(rejectedRows.count)")
            for r in rejectedRows { out.append("  \(r.file):\(r.line)  \(r.reason)  \(r.message)") }
        }

        out.append("")
        out.append("指标与基准 Indicators against benchmarks")
        if scores.isEmpty { out.append("  (not scored in any group)") }
        for s in scores {
            let label = "\(s.indicator.chineseName) \(s.indicator.rawValue)"
            let value = s.value.isEmpty ? "missing" : "\(s.value) \(s.indicator.unit)"
            var bench: String
            if s.method == "minmax" {
                bench = "min \(blank(s.min)), max \(blank(s.max)) (minmax)"
            } else {
                let pool = s.benchmarkPool == "group" ? "group" : "industry \(s.benchmarkPool)"
                bench = "benchmark \(blank(s.benchmark)) (\(pool) \(s.benchmarkSource))"
            }
            line(label, TerminalText.pad(value, 24) + bench)
            line("", "score \(blank(s.score)) = \(s.formula)")
        }
        let reported = indicatorValues.filter { v in !scores.contains { $0.indicator == v.indicator } }
        if !reported.isEmpty {
            out.append("  reported, not scored:")
            for v in reported {
                line("\(v.indicator.chineseName) \(v.indicator.rawValue)", v.value.isEmpty ? "missing" : "\(v.value) \(v.indicator.unit)")
            }
        }

        out.append("")
        out.append("得分与等级 Score and class")
        line("调整分 adjustments", blank(adjustments) + (adjustments.isEmpty ? "" : " (high-tech bonus, landlord penalty)"))
        line("总分 total", blank(total))
        line("排名 rank", rank.isEmpty ? "— (not ranked)" : "\(rank) of \(scoredInGroup) in \(group)")
        line("等级 class", "\(blank(enterpriseClass)) (\(classReason))")
        line("标记 flags", flags.isEmpty ? "—" : flags.joined(separator: ", "))
        if !cutScores.isEmpty {
            line("分档线 cut scores (\(classMode))", "class  enterprises  min_total      max_total")
            for c in cutScores {
                line(
                    "",
                    TerminalText.pad(c.enterpriseClass, 7) + TerminalText.padLeft(c.enterprises, 11) + "  "
                        + TerminalText.pad(blank(c.minTotal), 15) + blank(c.maxTotal))
            }
        }

        out.append("")
        out.append("升档所需 Moving up one class (tax per mu alone)")
        if let n = nextClass {
            line("目标等级 target class", n.enterpriseClass)
            if !n.neededTotal.isEmpty {
                line("所需总分 total needed", "\(n.neededTotal) (\(n.basis == "quota" ? "lowest total of \(n.enterpriseClass) this year" : "threshold of \(n.enterpriseClass)"))")
                line("差距 score gap", n.scoreGap)
            }
            if n.reachable {
                line("亩均税收需增加 tax per mu increase", "\(n.taxPerMuIncrease) 万元/亩 (to \(n.taxPerMuTarget))")
                if !n.taxIncreaseWan.isEmpty { line("即税收增加 i.e. tax increase", "\(n.taxIncreaseWan) 万元") }
            }
            line("说明 note", n.note)
        } else {
            line("", enterpriseClass == "A" ? "— (already class A)" : "— (not evaluated)")
        }

        out.append("")
        out.append("差别化政策 Policies (allocation.csv)")
        if policy.isEmpty { line("", "— (none: not in classes A–D)") }
        for p in policy { line(Self.policyLabels[p.column] ?? p.column, blank(p.value)) }

        out.append("")
        out.append("分类整治 Remediation (remediation.csv)")
        if remediation.isEmpty { line("", "— (no category)") }
        for r in remediation { line(Self.remediationLabels[r.column] ?? r.column, blank(r.value)) }

        out.append("")
        out.append("历史 History")
        for h in history { line(Self.historyLabels[h.column] ?? h.column, blank(h.value)) }

        if !notes.isEmpty {
            out.append("")
            out.append("注 Notes")
            for n in notes { out.append("  - " + n) }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
