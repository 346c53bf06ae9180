import Foundation

/// Reads and validates a pipeline file (SPEC §14) into a `Pipeline`.
///
/// Validation is total: every key at every level must be known, every value must have the
/// right JSON type and range, and the first problem found is thrown as a `ConfigError` naming
/// its key path. Within an object, unknown keys are reported first (in sorted order, since
/// JSON5 decoding loses key order), then the known keys in the order SPEC §14 lists them, so
/// the same file always gives the same message.
public enum PipelineLoader {
    /// Loads the pipeline file at `path`.
    ///
    /// - Parameter path: the file, as given on the command line; `data` is resolved against its folder.
    /// - Throws: `ConfigError.unreadable` (exit 66) when the file cannot be read; any other
    ///   `ConfigError` (exit 78) when its content is invalid.
    public static func load(path: String) throws -> Pipeline {
        try parse(contents(path: path), path: path)
    }

    /// The pipeline file's bytes, or `ConfigError.unreadable` (exit 66) saying why not.
    public static func contents(path: String) throws -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ConfigError.unreadable(path: path, message: "no such file")
        }
        if isFolder.boolValue {
            throw ConfigError.unreadable(path: path, message: "is a folder")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadable(path: path, message: "permission denied")
        }
        return data
    }

    /// Parses pipeline-file bytes.
    ///
    /// - Parameters:
    ///   - data: the file's content (UTF-8 JSON5).
    ///   - path: the file's path, used in messages and to resolve `data`.
    /// - Throws: a `ConfigError` (exit 78) naming the first problem.
    public static func parse(_ data: Data, path: String) throws -> Pipeline {
        // Foundation's JSON5 decoder traps on invalid UTF-8 inside a key, so check the bytes first.
        var validator = UTF8Validator()
        let bad = data.withUnsafeBytes { raw in
            validator.feed(UnsafeBufferPointer(start: raw.bindMemory(to: UInt8.self).baseAddress, count: raw.count))
        } ?? validator.finish()
        if let bad {
            throw ConfigError.syntax(path: path, message: "invalid UTF-8 at byte offset \(bad)")
        }
        let root: JSON5Value
        do {
            root = try JSON5Value.decode(data)
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            // Only an out-of-range number fails below the top level; the rest is syntax.
            throw ConfigError.invalidValue(
                path: path, keyPath: keyPath(context.codingPath), message: "must be a number within range")
        } catch {
            let blank = String(decoding: data, as: UTF8.self).allSatisfy { $0.isWhitespace }
            throw ConfigError.syntax(path: path, message: blank ? "the file is empty" : "invalid JSON5 syntax")
        }
        return try ConfigReader(path: path).pipeline(root)
    }

    /// Canonical column names per input file (SPEC §2), the targets a `columns` mapping may name.
    static let canonicalColumns: [InputFile: [String]] = [
        .enterprises: ["uscc", "name", "industry", "region", "scale", "established", "high_tech", "exempt"],
        .tax: ["uscc", "period", "amount", "tax_type"],
        .energy: ["uscc", "period", "carrier", "quantity", "unit"],
        .land: ["uscc", "parcel_id", "area", "unit"],
        .economy: ["uscc", "year", "revenue", "value_added", "employees", "rd_expense"],
        .emissions: ["uscc", "year", "pollutant", "tonnes"],
        .leases: ["landlord", "tenant", "area", "unit"],
        .violations: ["uscc", "date", "kind", "severity"],
        .history: ["uscc", "year", "class", "score", "rank"],
    ]

    /// The files that carry money, the only ones where `money_unit` means something (SPEC §4).
    static let filesWithMoney: Set<InputFile> = [.tax, .economy]

    /// Appends an object key to a key path: `.key` for identifiers, `["key"]` otherwise.
    static func keyPath(_ parent: String, _ key: String) -> String {
        let isIdentifier = key.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && key.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        if isIdentifier { return parent.isEmpty ? key : "\(parent).\(key)" }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\(parent)[\"\(escaped)\"]"
    }

    /// Appends a list index to a key path.
    static func keyPath(_ parent: String, _ index: Int) -> String { "\(parent)[\(index)]" }

    /// A decoder coding path as a key path.
    static func keyPath(_ codingPath: [CodingKey]) -> String {
        codingPath.reduce("") { path, key in
            if let index = key.intValue { return keyPath(path, index) }
            return keyPath(path, key.stringValue)
        }
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate nearest to `word`, when within max(2, length/3) edits; ties go to the earlier candidate.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        var best: (candidate: String, distance: Int)? = nil
        for candidate in candidates {
            let distance = editDistance(word, candidate)
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// A number as messages print it: integral values without `.0`.
    static func format(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

/// Walks the decoded tree, checking and converting each section; `path` is the pipeline file.
private struct ConfigReader {
    let path: String

    // MARK: Sections

    func pipeline(_ root: JSON5Value) throws -> Pipeline {
        let top = try object(root, "", allowed: [
            "name", "year", "data", "max_reject_share", "inputs", "energy_factors", "leases", "eligibility",
            "veto_kinds", "high_tech_bonus", "groups", "policies", "diagnosis", "gazelle", "targets",
        ])
        var p = Pipeline()
        if let v = top["name"] { p.name = try nonEmptyString(v, "name") }
        if let v = top["year"] { p.year = try integer(v, "year", in: 1000...9999) }
        if let v = top["data"] {
            if v != .null { p.data = resolve(try nonEmptyString(v, "data")) }
        }
        if let v = top["max_reject_share"] { p.maxRejectShare = try number(v, "max_reject_share", in: 0...1) }
        if let v = top["inputs"] { p.inputs = try inputs(v, "inputs") }
        if let v = top["energy_factors"] { p.energyFactors = try energyFactors(v, "energy_factors") }
        if let v = top["leases"] { p.leases = try leases(v, "leases") }
        if let v = top["eligibility"] { p.eligibility = try eligibility(v, "eligibility") }
        if let v = top["veto_kinds"] { p.vetoKinds = try vetoKinds(v, "veto_kinds") }
        if let v = top["high_tech_bonus"] { p.highTechBonus = try number(v, "high_tech_bonus", atLeast: 0) }
        guard let groupsValue = top["groups"] else {
            throw ConfigError.missingKey(path: path, keyPath: "groups")
        }
        p.groups = try groups(groupsValue, "groups")
        if let v = top["policies"] { p.policies = try policies(v, "policies") }
        if let v = top["diagnosis"] { p.diagnosis = try diagnosis(v, "diagnosis") }
        if let v = top["gazelle"] { p.gazelle = try gazelle(v, "gazelle") }
        if let v = top["targets"] { p.targets = try targets(v, "targets") }
        return p
    }

    /// `data` is relative to the pipeline file's folder; joined lexically so that the path
    /// printed in messages is the one the user can follow.
    func resolve(_ data: String) -> String {
        if data.hasPrefix("/") { return data }
        let folder = (path as NSString).deletingLastPathComponent
        if folder.isEmpty { return data }
        return folder.hasSuffix("/") ? folder + data : folder + "/" + data
    }

    func inputs(_ value: JSON5Value, _ kp: String) throws -> [InputFile: InputSettings] {
        let fields = try object(value, kp, allowed: InputFile.allCases.map(\.rawValue))
        var result: [InputFile: InputSettings] = [:]
        for file in InputFile.allCases {
            guard let v = fields[file.rawValue] else { continue }
            let fkp = key(kp, file.rawValue)
            let f = try object(v, fkp, allowed: ["path", "encoding", "money_unit", "columns"])
            var settings = InputSettings()
            if let v = f["path"] { settings.path = try nonEmptyString(v, key(fkp, "path")) }
            if let v = f["encoding"] {
                settings.encoding = try choice(v, key(fkp, "encoding"), [TextEncoding.auto, .utf8, .gb18030])
            }
            if let v = f["money_unit"] {
                let mkp = key(fkp, "money_unit")
                settings.moneyUnit = try choice(v, mkp, [MoneyUnit.yuan, .wanYuan])
                guard PipelineLoader.filesWithMoney.contains(file) else {
                    throw invalid(mkp, "is only allowed for files with money (tax.csv, economy.csv)")
                }
            }
            if let v = f["columns"] { settings.columns = try columns(v, key(fkp, "columns"), file: file) }
            result[file] = settings
        }
        return result
    }

    func columns(_ value: JSON5Value, _ kp: String, file: InputFile) throws -> [String: String] {
        let fields = try object(value, kp, allowed: nil)
        let canonical = PipelineLoader.canonicalColumns[file] ?? []
        var result: [String: String] = [:]
        var firstKey: [String: String] = [:]
        for header in fields.keys.sorted() {
            let hkp = key(kp, header)
            let target = try nonEmptyString(fields[header] ?? .null, hkp)
            guard canonical.contains(target) else {
                throw invalid(hkp, oneOf(canonical, found: target))
            }
            // Headers are matched trimmed and case-folded (SPEC §2), so the mapping is stored that way.
            let folded = header.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard !folded.isEmpty else { throw invalid(hkp, "has an empty header name") }
            if let earlier = firstKey[folded] {
                throw invalid(hkp, "names the same header as '\(key(kp, earlier))' after trimming and case-folding")
            }
            firstKey[folded] = header
            result[folded] = target
        }
        return result
    }

    func energyFactors(_ value: JSON5Value, _ kp: String) throws -> EnergyFactors {
        let fields = try object(value, kp, allowed: EnergyCarrier.allCases.map(\.rawValue))
        var factors = EnergyFactors()
        for carrier in EnergyCarrier.allCases {
            guard let v = fields[carrier.rawValue] else { continue }
            factors[carrier] = try number(v, key(kp, carrier.rawValue), above: 0)
        }
        return factors
    }

    func leases(_ value: JSON5Value, _ kp: String) throws -> LeaseSettings {
        let f = try object(value, kp, allowed: ["mode", "tenant_penalty", "pure_rental_share"])
        var leases = LeaseSettings()
        if let v = f["mode"] { leases.mode = try choice(v, key(kp, "mode"), [LeaseMode.combine, .split]) }
        if let v = f["tenant_penalty"] {
            let pkp = key(kp, "tenant_penalty")
            let penalty = try object(v, pkp, allowed: ["free", "points"])
            if let v = penalty["free"] { leases.tenantPenaltyFree = try integer(v, key(pkp, "free"), in: 0...Int.max) }
            if let v = penalty["points"] { leases.tenantPenaltyPoints = try number(v, key(pkp, "points"), atLeast: 0) }
        }
        if let v = f["pure_rental_share"] {
            leases.pureRentalShare = try number(v, key(kp, "pure_rental_share"), in: 0...1)
        }
        return leases
    }

    func eligibility(_ value: JSON5Value, _ kp: String) throws -> Eligibility {
        let f = try object(value, kp, allowed: ["new_enterprise_years", "min_area_mu"])
        var eligibility = Eligibility()
        if let v = f["new_enterprise_years"] {
            eligibility.newEnterpriseYears = try integer(v, key(kp, "new_enterprise_years"), in: 0...Int.max)
        }
        if let v = f["min_area_mu"] { eligibility.minAreaMu = try number(v, key(kp, "min_area_mu"), atLeast: 0) }
        return eligibility
    }

    func vetoKinds(_ value: JSON5Value, _ kp: String) throws -> [ViolationKind] {
        var kinds: [ViolationKind] = []
        for (i, item) in try list(value, kp).enumerated() {
            let ikp = PipelineLoader.keyPath(kp, i)
            let kind = try choice(item, ikp, ViolationKind.allCases)
            if let first = kinds.firstIndex(of: kind) {
                throw invalid(ikp, "duplicates '\(PipelineLoader.keyPath(kp, first))' ('\(kind.rawValue)')")
            }
            kinds.append(kind)
        }
        return kinds
    }

    // MARK: Groups

    func groups(_ value: JSON5Value, _ kp: String) throws -> [EvaluationGroup] {
        let items = try list(value, kp)
        guard !items.isEmpty else { throw invalid(kp, "must not be empty") }
        var groups: [EvaluationGroup] = []
        for (i, item) in items.enumerated() {
            let gkp = PipelineLoader.keyPath(kp, i)
            let g = try group(item, gkp)
            if let first = groups.firstIndex(where: { $0.id == g.id }) {
                throw invalid(key(gkp, "id"), "duplicates '\(key(PipelineLoader.keyPath(kp, first), "id"))' ('\(g.id)')")
            }
            groups.append(g)
        }
        return groups
    }

    func group(_ value: JSON5Value, _ kp: String) throws -> EvaluationGroup {
        let f = try object(value, kp, allowed: ["id", "name", "where", "method", "cap", "indicators", "classes"])
        var g = EvaluationGroup(id: try nonEmptyString(try required(f, "id", kp), key(kp, "id")))
        if let v = f["name"] { g.name = try string(v, key(kp, "name")) }
        g.predicate = try predicate(try required(f, "where", kp), key(kp, "where"))
        if let v = f["method"] { g.method = try choice(v, key(kp, "method"), [ScoringMethod.ratio, .minmax]) }
        if let v = f["cap"] { g.cap = try cap(v, key(kp, "cap")) }
        g.indicators = try indicators(try required(f, "indicators", kp), key(kp, "indicators"))
        if let v = f["classes"] { g.classes = try classes(v, key(kp, "classes")) }
        return g
    }

    func predicate(_ value: JSON5Value, _ kp: String) throws -> GroupPredicate {
        let f = try object(value, kp, allowed: ["scale", "min_area_mu", "max_area_mu"])
        var p = GroupPredicate()
        if let v = f["scale"] { p.scale = try choice(v, key(kp, "scale"), [Scale.above, .below]) }
        if let v = f["min_area_mu"] { p.minAreaMu = try number(v, key(kp, "min_area_mu"), atLeast: 0) }
        if let v = f["max_area_mu"] { p.maxAreaMu = try number(v, key(kp, "max_area_mu"), above: 0) }
        if let lo = p.minAreaMu, let hi = p.maxAreaMu, !(lo < hi) {
            throw invalid(kp, "must have min_area_mu below max_area_mu, found \(fmt(lo)) and \(fmt(hi))")
        }
        return p
    }

    func indicators(_ value: JSON5Value, _ kp: String) throws -> [IndicatorSpec] {
        let items = try list(value, kp)
        guard !items.isEmpty else { throw invalid(kp, "must not be empty") }
        var specs: [IndicatorSpec] = []
        for (i, item) in items.enumerated() {
            let ikp = PipelineLoader.keyPath(kp, i)
            let f = try object(item, ikp, allowed: ["id", "weight", "benchmark", "by_industry", "missing", "cap"])
            let idPath = key(ikp, "id")
            let id = try choice(try required(f, "id", ikp), idPath, IndicatorID.allCases)
            if let first = specs.firstIndex(where: { $0.id == id }) {
                throw invalid(idPath, "duplicates '\(key(PipelineLoader.keyPath(kp, first), "id"))' ('\(id.rawValue)')")
            }
            var spec = IndicatorSpec(id: id, weight: try number(try required(f, "weight", ikp), key(ikp, "weight"), atLeast: 0))
            if let v = f["benchmark"] { spec.benchmark = try benchmark(v, key(ikp, "benchmark")) }
            if let v = f["by_industry"] { spec.byIndustry = try bool(v, key(ikp, "by_industry")) }
            if let v = f["missing"] { spec.missing = try choice(v, key(ikp, "missing"), [MissingRule.zero, .groupMean]) }
            if let v = f["cap"] { spec.cap = try cap(v, key(ikp, "cap")) }
            specs.append(spec)
        }
        // Weights need not sum to 100 (SPEC §8), but all zero would score everyone 0 and rank by uscc.
        guard specs.contains(where: { $0.weight > 0 }) else {
            throw invalid(kp, "must have at least one weight above 0")
        }
        return specs
    }

    func benchmark(_ value: JSON5Value, _ kp: String) throws -> Benchmark {
        switch value {
        case .string(let s):
            switch s {
            case "mean": return .mean
            case "median": return .median
            default: throw invalid(kp, oneOf(["mean", "median"], found: s, orNumber: true))
            }
        case .number:
            // Appendix rule 25: a fixed benchmark ≤ 0 is a config error.
            return .fixed(try number(value, kp, above: 0))
        default:
            throw wrongType(kp, expected: "string or number", value)
        }
    }

    func cap(_ value: JSON5Value, _ kp: String) throws -> Double? {
        if value == .null { return nil }
        guard case .number = value else { throw wrongType(kp, expected: "number or null", value) }
        return try number(value, kp, above: 0)
    }

    func classes(_ value: JSON5Value, _ kp: String) throws -> ClassRule {
        let f = try object(value, kp, allowed: ["mode", "shares", "thresholds"])
        let modeKey = key(kp, "mode")
        let mode = try nonEmptyString(try required(f, "mode", kp), modeKey)
        switch mode {
        case "quota":
            if f["thresholds"] != nil { throw invalid(key(kp, "thresholds"), "is only used with mode 'thresholds'") }
            return try shares(try required(f, "shares", kp), key(kp, "shares"))
        case "thresholds":
            if f["shares"] != nil { throw invalid(key(kp, "shares"), "is only used with mode 'quota'") }
            return try thresholds(try required(f, "thresholds", kp), key(kp, "thresholds"))
        default:
            throw invalid(modeKey, oneOf(["quota", "thresholds"], found: mode))
        }
    }

    /// Quota shares in integer hundredths of a percent, so no rounding can move a cut (SPEC §9).
    func shares(_ value: JSON5Value, _ kp: String) throws -> ClassRule {
        let f = try object(value, kp, allowed: ["A", "B", "C", "D"])
        func hundredths(_ name: String, _ v: JSON5Value) throws -> Int {
            let skp = key(kp, name)
            let x = try number(v, skp, in: 0...100)
            let h = (x * 100).rounded()
            // h / 100 is the double nearest to the decimal with two places, exactly what the
            // file would have held had it written at most two decimals (appendix rule 29).
            guard h / 100 == x else { throw invalid(skp, "must have at most two decimals, found \(fmt(x))") }
            return Int(h)
        }
        let a = try hundredths("A", try required(f, "A", kp))
        let b = try hundredths("B", try required(f, "B", kp))
        let c = try hundredths("C", try required(f, "C", kp))
        if a + b + c > 10_000 {
            throw invalid(kp, "must have A + B + C at most 100, found \(percent(a + b + c))")
        }
        if let v = f["D"] {
            let d = try hundredths("D", v)
            if a + b + c + d != 10_000 {
                throw invalid(kp, "must have A + B + C + D equal to 100, found \(percent(a + b + c + d))")
            }
        }
        return .quota(aHundredths: a, bHundredths: b, cHundredths: c)
    }

    func thresholds(_ value: JSON5Value, _ kp: String) throws -> ClassRule {
        let f = try object(value, kp, allowed: ["A", "B", "C"])
        let a = try number(try required(f, "A", kp), key(kp, "A"))
        let b = try number(try required(f, "B", kp), key(kp, "B"))
        let c = try number(try required(f, "C", kp), key(kp, "C"))
        guard a >= b, b >= c else {
            throw invalid(kp, "must have A >= B >= C, found \(fmt(a)), \(fmt(b)), \(fmt(c))")
        }
        return .thresholds(a: a, b: b, c: c)
    }

    // MARK: Policies, diagnosis, gazelle, targets

    func policies(_ value: JSON5Value, _ kp: String) throws -> Policies {
        let f = try object(value, kp, allowed: [
            "electricity_surcharge", "land_use_tax_rebate", "energy_quota_change", "emission_quota_change",
        ])
        var p = Policies()
        if let v = f["electricity_surcharge"] {
            p.electricitySurcharge = try classMap(v, key(kp, "electricity_surcharge")) { item, ckp in
                let rates = try list(item, ckp)
                guard !rates.isEmpty else { throw invalid(ckp, "must not be empty") }
                return try rates.enumerated().map { try number($1, PipelineLoader.keyPath(ckp, $0), atLeast: 0) }
            }
        }
        if let v = f["land_use_tax_rebate"] {
            p.landUseTaxRebate = try classMap(v, key(kp, "land_use_tax_rebate")) { try number($0, $1, atLeast: 0) }
        }
        // Quota changes are signed shares: a cut for C and D is negative.
        if let v = f["energy_quota_change"] {
            p.energyQuotaChange = try classMap(v, key(kp, "energy_quota_change")) { try number($0, $1) }
        }
        if let v = f["emission_quota_change"] {
            p.emissionQuotaChange = try classMap(v, key(kp, "emission_quota_change")) { try number($0, $1) }
        }
        return p
    }

    /// A per-class map with keys A–D; T is not evaluated and gets no policy (SPEC §10).
    func classMap<T>(
        _ value: JSON5Value, _ kp: String, _ convert: (JSON5Value, String) throws -> T
    ) throws -> [EnterpriseClass: T] {
        if case .object(let fields) = value, fields["T"] != nil {
            throw invalid(key(kp, "T"), "is not allowed: class T is not evaluated and gets no policy")
        }
        let classes: [EnterpriseClass] = [.a, .b, .c, .d]
        let names = classes.map(\.rawValue)
        // Suggest only a change of case: any one letter is one edit from any other.
        let f = try object(value, kp, allowed: names) { names.contains($0.uppercased()) ? $0.uppercased() : nil }
        var result: [EnterpriseClass: T] = [:]
        for cls in classes {
            if let v = f[cls.rawValue] { result[cls] = try convert(v, key(kp, cls.rawValue)) }
        }
        return result
    }

    func diagnosis(_ value: JSON5Value, _ kp: String) throws -> Diagnosis {
        let f = try object(value, kp, allowed: ["energy_mismatch_ratio", "idle_land", "actions"])
        var d = Diagnosis()
        if let v = f["energy_mismatch_ratio"] {
            d.energyMismatchRatio = try number(v, key(kp, "energy_mismatch_ratio"), atLeast: 0)
        }
        if let v = f["idle_land"] {
            let ikp = key(kp, "idle_land")
            let idle = try object(v, ikp, allowed: ["min_area_mu", "max_tax_share"])
            if let v = idle["min_area_mu"] { d.idleLandMinAreaMu = try number(v, key(ikp, "min_area_mu"), atLeast: 0) }
            if let v = idle["max_tax_share"] { d.idleLandMaxTaxShare = try number(v, key(ikp, "max_tax_share"), atLeast: 0) }
        }
        if let v = f["actions"] {
            let akp = key(kp, "actions")
            // Category numbers: a near miss ("6") is not worth suggesting.
            let actions = try object(v, akp, allowed: ["1", "2", "3", "4", "5"]) { _ in nil }
            for category in 1...5 {
                if let v = actions[String(category)] { d.actions[category] = try string(v, key(akp, String(category))) }
            }
        }
        return d
    }

    func gazelle(_ value: JSON5Value, _ kp: String) throws -> GazelleSettings {
        let f = try object(value, kp, allowed: ["min_cagr", "min_revenue_wan"])
        var g = GazelleSettings()
        if let v = f["min_cagr"] { g.minCagr = try number(v, key(kp, "min_cagr"), atLeast: 0) }
        if let v = f["min_revenue_wan"] { g.minRevenueWan = try number(v, key(kp, "min_revenue_wan"), atLeast: 0) }
        return g
    }

    func targets(_ value: JSON5Value, _ kp: String) throws -> Targets {
        let f = try object(value, kp, allowed: ["tax_per_mu", "energy_intensity_reference"])
        var t = Targets()
        if let v = f["tax_per_mu"], v != .null {
            let tkp = key(kp, "tax_per_mu")
            let g = try object(v, tkp, allowed: ["baseline_year", "baseline", "multiplier", "target_year"])
            let baselineYear = try integer(try required(g, "baseline_year", tkp), key(tkp, "baseline_year"), in: 1000...9999)
            let baseline = try number(try required(g, "baseline", tkp), key(tkp, "baseline"), above: 0)
            let multiplier = try number(try required(g, "multiplier", tkp), key(tkp, "multiplier"), above: 0)
            var targetYear: Int? = nil
            if let v = g["target_year"], v != .null {
                let ykp = key(tkp, "target_year")
                let year = try integer(v, ykp, in: 1000...9999)
                guard year > baselineYear else {
                    throw invalid(ykp, "must be after baseline_year \(baselineYear), found \(year)")
                }
                targetYear = year
            }
            t.taxPerMu = TaxPerMuTarget(
                baselineYear: baselineYear, baseline: baseline, multiplier: multiplier, targetYear: targetYear)
        }
        if let v = f["energy_intensity_reference"] {
            t.energyIntensityReference = try cap(v, key(kp, "energy_intensity_reference"))
        }
        return t
    }

    // MARK: Typed access

    func key(_ parent: String, _ name: String) -> String { PipelineLoader.keyPath(parent, name) }

    func fmt(_ x: Double) -> String { PipelineLoader.format(x) }

    func percent(_ hundredths: Int) -> String { fmt(Double(hundredths) / 100) }

    func invalid(_ kp: String, _ message: String) -> ConfigError {
        .invalidValue(path: path, keyPath: kp, message: message)
    }

    func wrongType(_ kp: String, expected: String, _ found: JSON5Value) -> ConfigError {
        .wrongType(path: path, keyPath: kp, expected: expected, found: found.typeName)
    }

    func required(_ fields: [String: JSON5Value], _ name: String, _ parent: String) throws -> JSON5Value {
        guard let v = fields[name] else { throw ConfigError.missingKey(path: path, keyPath: key(parent, name)) }
        return v
    }

    /// An object's fields, after checking every key is one of `allowed` (any key when nil).
    func object(
        _ value: JSON5Value, _ kp: String, allowed: [String]?,
        suggest: ((String) -> String?)? = nil
    ) throws -> [String: JSON5Value] {
        guard case .object(let fields) = value else { throw wrongType(kp, expected: "object", value) }
        if let allowed {
            for name in fields.keys.sorted() where !allowed.contains(name) {
                let hint = suggest.map { $0(name) } ?? PipelineLoader.suggestion(for: name, among: allowed)
                throw ConfigError.unknownKey(path: path, keyPath: key(kp, name), suggestion: hint)
            }
        }
        return fields
    }

    func list(_ value: JSON5Value, _ kp: String) throws -> [JSON5Value] {
        guard case .array(let items) = value else { throw wrongType(kp, expected: "list", value) }
        return items
    }

    func string(_ value: JSON5Value, _ kp: String) throws -> String {
        guard case .string(let s) = value else { throw wrongType(kp, expected: "string", value) }
        return s
    }

    func nonEmptyString(_ value: JSON5Value, _ kp: String) throws -> String {
        let s = try string(value, kp)
        guard !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw invalid(kp, "must not be empty") }
        return s
    }

    func bool(_ value: JSON5Value, _ kp: String) throws -> Bool {
        guard case .bool(let b) = value else { throw wrongType(kp, expected: "boolean", value) }
        return b
    }

    /// A finite number (JSON5 allows `Infinity` and `NaN`; no setting means either).
    func number(_ value: JSON5Value, _ kp: String) throws -> Double {
        guard case .number(let x) = value else { throw wrongType(kp, expected: "number", value) }
        guard x.isFinite else { throw invalid(kp, "must be a finite number, found \(x)") }
        return x
    }

    func number(_ value: JSON5Value, _ kp: String, atLeast low: Double) throws -> Double {
        let x = try number(value, kp)
        guard x >= low else { throw invalid(kp, "must be at least \(fmt(low)), found \(fmt(x))") }
        return x
    }

    func number(_ value: JSON5Value, _ kp: String, above low: Double) throws -> Double {
        let x = try number(value, kp)
        guard x > low else { throw invalid(kp, "must be greater than \(fmt(low)), found \(fmt(x))") }
        return x
    }

    func number(_ value: JSON5Value, _ kp: String, in range: ClosedRange<Double>) throws -> Double {
        let x = try number(value, kp)
        guard range.contains(x) else {
            throw invalid(kp, "must be between \(fmt(range.lowerBound)) and \(fmt(range.upperBound)), found \(fmt(x))")
        }
        return x
    }

    func integer(_ value: JSON5Value, _ kp: String, in range: ClosedRange<Int>) throws -> Int {
        let x = try number(value, kp)
        // The bound keeps Int(x) from trapping; no setting comes near it.
        guard x == x.rounded(), abs(x) < 1e15 else { throw invalid(kp, "must be a whole number, found \(fmt(x))") }
        let n = Int(x)
        guard range.contains(n) else {
            if range.upperBound == Int.max { throw invalid(kp, "must be at least \(range.lowerBound), found \(n)") }
            throw invalid(kp, "must be between \(range.lowerBound) and \(range.upperBound), found \(n)")
        }
        return n
    }

    /// One of a closed set of strings, with the nearest suggested on a miss.
    func choice<T: RawRepresentable>(_ value: JSON5Value, _ kp: String, _ cases: [T]) throws -> T
    where T.RawValue == String {
        let s = try string(value, kp)
        if let match = cases.first(where: { $0.rawValue == s }) { return match }
        throw invalid(kp, oneOf(cases.map(\.rawValue), found: s))
    }

    /// `must be one of 'a', 'b', found 'x'; did you mean 'a'?`
    func oneOf(_ names: [String], found: String, orNumber: Bool = false) -> String {
        let quoted = names.map { "'\($0)'" }
        let options = orNumber
            ? quoted.joined(separator: ", ") + " or a number"
            : "one of " + quoted.joined(separator: ", ")
        var message = "must be \(options), found '\(found)'"
        if let hint = PipelineLoader.suggestion(for: found, among: names) { message += "; did you mean '\(hint)'?" }
        return message
    }
}
