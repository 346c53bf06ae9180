import Foundation

/// The dossier (一企一档) of one enterprise in a finished run: what `mujun explain` prints.
///
/// Every figure is a cell of the run's tables, kept as the text the table holds (6 decimals,
/// integers, empty for missing), so the dossier says exactly what the dashboards show. The only
/// arithmetic done here is the "what would it take" estimate of ``NextClass``.
public struct Dossier: Sendable {
    public var runDirectory: String
    public var runID: String
    public var pipelineName: String
    public var year: String
    public var uscc: String
    public var name: String
    public var industry: String
    /// The industry pool used for by-industry benchmarks (SPEC appendix 26; `none` when empty).
    public var industryPool: String
    public var region: String
    public var scale: String
    public var group: String
    public var groupName: String
    /// The evaluated sums of rankings.csv (after normalisation and any tenant merge), by column.
    public var figures: [(column: String, value: String)]
    public var rejectedRows: [RejectedRow]
    /// All nine indicator values of rankings.csv, in SPEC §7 order.
    public var indicatorValues: [(indicator: IndicatorID, value: String)]
    /// The indicators the group scores, in the group's order.
    public var scores: [IndicatorScore]
    public var adjustments: String
    public var total: String
    public var rank: String
    /// Scored enterprises in the group (the denominator of the rank).
    public var scoredInGroup: Int
    public var enterpriseClass: String
    public var classReason: String
    /// `quota` or `thresholds` (from the pipeline file, else from the class reasons).
    public var classMode: String
    public var flags: [String]
    public var cutScores: [CutScore]
    public var nextClass: NextClass?
    /// allocation.csv's row, by column (empty for T and unclassified enterprises).
    public var policy: [(column: String, value: String)]
    /// remediation.csv's row, by column (empty without a category).
    public var remediation: [(column: String, value: String)]
    /// The history columns of rankings.csv, plus allocation's years in class.
    public var history: [(column: String, value: String)]
    /// Caveats: a pipeline file that could not be used, an approximation made.
    public var notes: [String]

    public struct RejectedRow: Sendable, Equatable {
        public var file: String
        public var line: String
        public var reason: String
        public var message: String
    }

    /// One scored indicator: its value against the benchmark of its pool and how the score came out.
    public struct IndicatorScore: Sendable, Equatable {
        public var indicator: IndicatorID
        public var value: String
        public var weight: String
        public var benchmark: String
        /// `group`, or the industry pool whose benchmark applied.
        public var benchmarkPool: String
        public var benchmarkSource: String
        public var min: String
        public var max: String
        public var meanScore: String
        /// `ratio` or `minmax`.
        public var method: String
        /// The cap, empty for none, `unknown` when the pipeline file could not be read.
        public var cap: String
        /// `zero` or `group_mean`.
        public var missingRule: String
        public var score: String
        /// The formula with this enterprise's numbers in it.
        public var formula: String
    }

    /// One class of the enterprise's group, from class_summary.csv.
    public struct CutScore: Sendable, Equatable {
        public var enterpriseClass: String
        public var enterprises: String
        public var scored: String
        public var minTotal: String
        public var maxTotal: String
    }

    /// What moving up one class would take, by tax per mu alone (everything else held as it is).
    public struct NextClass: Sendable, Equatable {
        public var enterpriseClass: String
        /// The total to reach, as printed.
        public var neededTotal: String
        /// `quota` (the lowest total of that class this year) or `threshold`.
        public var basis: String
        public var scoreGap: String
        public var reachable: Bool
        /// Increase of tax per mu (万元/亩) that would do it; empty when not reachable.
        public var taxPerMuIncrease: String
        public var taxPerMuTarget: String
        /// The same in tax (万元) at the enterprise's evaluated area; empty when not reachable.
        public var taxIncreaseWan: String
        public var note: String
    }
}

extension Dossier {
    static let figureColumns = [
        "area_mu", "tax_wan", "revenue_wan", "value_added_wan", "energy_tce", "electricity_10k_kwh", "employees",
        "emission_eq",
    ]
    static let historyColumns = ["prev_class", "prev_rank", "rank_change", "consecutive_d_years"]

    /// Builds the dossier of `code` from the run's tables.
    ///
    /// - Throws: ``ExplainError`` for a code that is invalid or not in the run; ``RunReadError``
    ///   for a missing or unreadable table.
    public init(run: FinishedRun, code rawCode: String) throws {
        let code = rawCode.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let rejects = try run.table("rejects.csv")
        let rejectRows = rejects.records.filter { $0["uscc"] == code }
        guard USCC(code) != nil else { throw ExplainError.invalidCode(run: run.directory, code: rawCode) }
        let rankings = try run.table("rankings.csv", keepingRowsWhere: "uscc", equals: code)
        guard let row = rankings.records.first else {
            throw ExplainError.noSuchEnterprise(run: run.directory, uscc: code, rejectedRows: rejectRows.count)
        }
        let cell = { (column: String) -> String in row[column] ?? "" }
        let (pipeline, pipelineNote) = run.pipeline()
        var notes: [String] = []
        if let pipelineNote { notes.append(pipelineNote + "; caps and thresholds unknown") }

        runDirectory = run.directory
        runID = run.runID
        pipelineName = run.pipelineName
        year = cell("year")
        uscc = code
        name = cell("name")
        industry = cell("industry")
        let pool = Score.industryPool(cell("industry"))
        let industryPool = pool.isEmpty ? "none" : pool
        self.industryPool = industryPool
        region = cell("region")
        scale = cell("scale")
        let group = cell("group")
        self.group = group
        let groupSpec = pipeline?.groups.first { $0.id == group }
        groupName = groupSpec?.name ?? ""
        figures = Self.figureColumns.map { ($0, cell($0)) }
        rejectedRows = rejectRows.map {
            RejectedRow(file: $0["file"] ?? "", line: $0["line"] ?? "", reason: $0["reason"] ?? "", message: $0["message"] ?? "")
        }
        indicatorValues = IndicatorID.allCases.map { ($0, cell($0.rawValue)) }
        adjustments = cell("adjustments")
        total = cell("total")
        let rank = cell("rank")
        self.rank = rank
        enterpriseClass = cell("class")
        classReason = cell("class_reason")
        flags = cell("flags").split(separator: ";").map(String.init)
        history = Self.historyColumns.map { ($0, cell($0)) }

        // The group's benchmarks: the group pool row, and this enterprise's industry pool row when there is one.
        let benchmarkRows = try run.table("benchmarks.csv").records.filter { $0["group"] == group && !group.isEmpty }
        var scores: [IndicatorScore] = []
        var seen: Set<String> = []
        for b in benchmarkRows where !seen.contains(b["indicator"] ?? "") {
            guard let id = b["indicator"], let k = IndicatorID(rawValue: id) else { continue }
            seen.insert(id)
            let poolRow = benchmarkRows.first { $0["indicator"] == id && $0["industry"] == industryPool }
            let used = poolRow ?? b
            let spec = groupSpec?.indicators.first { $0.id == k }
            let isMinmax = groupSpec.map { $0.method == .minmax } ?? (b["source"] == "minmax")
            let cap: String
            if let groupSpec, let spec {
                cap = groupSpec.cap(for: spec).map(formatMeasure) ?? ""
            } else {
                cap = "unknown"
            }
            let missingRule = spec?.missing.rawValue ?? ((b["mean_score"] ?? "").isEmpty ? "zero" : "group_mean")
            var s = IndicatorScore(
                indicator: k, value: cell(id), weight: used["weight"] ?? "", benchmark: used["benchmark"] ?? "",
                benchmarkPool: poolRow == nil ? "group" : industryPool, benchmarkSource: used["source"] ?? "",
                min: b["min"] ?? "", max: b["max"] ?? "", meanScore: b["mean_score"] ?? "",
                method: isMinmax ? "minmax" : "ratio", cap: cap, missingRule: missingRule,
                score: cell("score_" + id), formula: "")
            s.formula = Self.formula(s, scored: !rank.isEmpty)
            scores.append(s)
        }
        self.scores = scores

        let summary = try run.table("class_summary.csv").records.filter { $0["group"] == group && !group.isEmpty }
        cutScores = summary.map {
            CutScore(
                enterpriseClass: $0["class"] ?? "", enterprises: $0["enterprises"] ?? "", scored: $0["scored"] ?? "",
                minTotal: $0["min_total"] ?? "", maxTotal: $0["max_total"] ?? "")
        }
        scoredInGroup = cutScores.reduce(0) { $0 + (Int($1.scored) ?? 0) }

        switch groupSpec?.classes {
        case .thresholds?: classMode = "thresholds"
        case .quota?: classMode = "quota"
        case nil: classMode = classReason == "threshold" ? "thresholds" : "quota"
        }

        let allocation = try run.table("allocation.csv", keepingRowsWhere: "uscc", equals: code)
        policy = allocation.rows.first.map { values in
            zip(allocation.header, values).filter { !["uscc", "name", "group", "class", "class_reason"].contains($0.0) }
                .map { ($0.0, $0.1) }
        } ?? []
        if let years = policy.first(where: { $0.column == "consecutive_years_in_class" }) {
            history.append(years)
        }
        let remediationTable = try run.table("remediation.csv", keepingRowsWhere: "uscc", equals: code)
        remediation = remediationTable.rows.first.map { values in
            zip(remediationTable.header, values).filter { !["uscc", "name", "group", "class", "total", "flags"].contains($0.0) }
                .map { ($0.0, $0.1) }
        } ?? []

        nextClass = nil
        self.notes = notes
        nextClass = Self.nextClass(self, pipelineGroup: groupSpec, notes: &self.notes)
    }

    /// The formula of one indicator score with the enterprise's numbers filled in.
    static func formula(_ s: IndicatorScore, scored: Bool) -> String {
        guard scored else { return "not scored" }
        if s.value.isEmpty {
            return s.missingRule == "group_mean"
                ? "missing → group mean score \(s.meanScore.isEmpty ? "0" : s.meanScore)" : "missing → 0"
        }
        if s.method == "minmax" {
            if s.min == s.max { return "max = min → weight \(s.weight)" }
            return "\(s.weight) × (0.2 + 0.8 × (max(0, \(s.value)) − \(s.min)) / (\(s.max) − \(s.min)))"
        }
        guard let b = Double(s.benchmark) else { return "no benchmark → missing rule" }
        if b <= 0 { return "benchmark \(s.benchmark) ≤ 0 → 0" }
        let ratio = "max(0, \(s.value) / \(s.benchmark))"
        switch s.cap {
        case "": return "\(s.weight) × \(ratio)"
        case "unknown": return "\(s.weight) × min(cap?, \(ratio))"
        default: return "\(s.weight) × min(\(s.cap), \(ratio))"
        }
    }
}
