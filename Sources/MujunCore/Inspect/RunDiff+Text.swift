/// The diff as text for a terminal.
extension RunDiff {
    /// The text `mujun diff` prints.
    public func text() -> String {
        var out = ["旧 old: \(oldRun)", "新 new: \(newRun)"]
        func section(_ kind: Change.Kind, _ title: String, _ render: (Change) -> String) {
            let rows = changes.filter { $0.kind == kind }
            out.append("")
            out.append("\(title): \(rows.count)")
            for r in rows { out.append("  " + render(r)) }
        }
        func who(_ c: Change) -> String { TerminalText.column("\(c.uscc) \(c.name)", 36) + TerminalText.column(c.group, 8) }
        func rank(_ s: String) -> String { s.isEmpty ? "—" : s }
        section(.classChanged, "等级变化 Class changes") { c in
            who(c) + "\(c.oldClass.isEmpty ? "—" : c.oldClass) → \(c.newClass.isEmpty ? "—" : c.newClass)"
                + "  rank \(rank(c.oldRank)) → \(rank(c.newRank))"
        }
        section(.rankMoved, "排名变动最大 Largest rank moves (top \(Self.moversPerDirection) up and down, same group)") { c in
            let sign = (Int(c.rankChange) ?? 0) > 0 ? "+" : ""
            return who(c) + "rank \(c.oldRank) → \(c.newRank) (\(sign)\(c.rankChange))  class \(c.oldClass) → \(c.newClass)"
        }
        section(.new, "新增企业 New enterprises") { c in who(c) + "class \(rank(c.newClass)), rank \(rank(c.newRank))" }
        section(.vanished, "消失企业 Vanished enterprises") { c in who(c) + "was class \(rank(c.oldClass)), rank \(rank(c.oldRank))" }
        section(.benchmarkChanged, "基准变化 Benchmark changes") { c in
            TerminalText.column(c.group, 8) + TerminalText.column(c.indicator, 20)
                + TerminalText.column(c.industry.isEmpty ? "(group)" : "industry \(c.industry)", 14)
                + "\(rank(c.oldBenchmark)) → \(rank(c.newBenchmark))"
        }
        return out.joined(separator: "\n") + "\n"
    }
}
