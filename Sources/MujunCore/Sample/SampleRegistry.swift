import Foundation

/// What part an enterprise plays in the sample. Every special part goes to a distinct enterprise,
/// so each situation the pipeline must handle occurs a known number of times.
enum SampleRole: UInt8 {
    case ordinary
    /// Low tax and value added on ordinary land: ends in class D year after year.
    case lowPerformer
    /// Large land, almost no tax: the `idle_land` flag.
    case idleLand
    /// Energy per value added far above the rest: the `energy_mismatch` flag.
    case energyHog
    /// Above-scale with revenue growing ≥ 25 % a year.
    case gazelle
    /// Leases out ≥ 97 % of its land; its own business is rent.
    case pureLandlord
    /// Leases out 10–50 % of its land.
    case partialLandlord
    /// Rents space and holds no land (merged into its landlord in combine mode).
    case landlessTenant
    /// Rents space and holds land of its own (never merged).
    case landedTenant
    /// Holds no land and rents none (class T, `no_land`).
    case noLand
    /// Has an exemption reason (class T, `exempt`).
    case exempt
    /// A major safety, environment or land violation in the year (veto).
    case veto
    /// A major tax or other violation in the year (serious, no veto).
    case seriousOther
    /// Above-scale with only minor violations in the year (category 5).
    case aboveMinor
    /// One minor violation in the year.
    case minor
    /// A violation dated the year before (not counted).
    case pastViolation
}

/// One enterprise of the sample: the facts every file is derived from.
struct SampleEnterprise {
    var above = false
    var role = SampleRole.ordinary
    var industry: UInt8 = 0
    var region: UInt8 = 0
    var prefix: UInt8 = 0
    var brand: UInt8 = 0
    var suffix: UInt8 = 0
    /// 0 plain name, 1 a comma inside (quoted), 2 quotes inside.
    var nameVariant: UInt8 = 0
    var estYear: Int16 = 2000
    var estMonth: UInt8 = 1
    var estDay: UInt8 = 1
    var highTech = false
    /// 0 = evaluated, else 1 + index into `SampleZone.exemptReasons`.
    var exempt: UInt8 = 0
    var hasEnergy = true
    var hasEmissions = false
    /// Revenue of the evaluation year, 万元.
    var revenueWan = 0.0
    /// Yearly revenue growth.
    var growth = 0.0
    /// Tax paid in the evaluation year, 万元.
    var taxWan = 0.0
    var vaShare = 0.2
    /// Own land in 0.01 mu (0 = none).
    var landCentiMu: Int64 = 0
    var kwhPerWanVA = 800.0
    var employees: Int32 = 10
    var rdShare = 0.0
    /// Latent performance behind the history scores.
    var performance = 0.0

    var valueAddedWan: Double { revenueWan * vaShare }
}

/// A lease row: landlord, tenant, area in 0.01 mu.
struct SampleLease {
    var landlord: Int32
    var tenant: Int32
    var centiMu: Int64
}

/// A violation row. `kind`: 0 safety, 1 environment, 2 land, 3 tax, 4 other.
struct SampleViolation {
    var enterprise: Int32
    var year: Int16
    var month: UInt8
    var day: UInt8
    var kind: UInt8
    var major: Bool
}

/// One history row: class 0…4 = A, B, C, D, T; score and rank absent for T and tenants.
struct SampleHistory {
    var enterprise: Int32
    var year: Int16
    var classIndex: UInt8
    /// Score in millionths, or −1 when absent.
    var micros: Int64
    var rank: Int32
}

/// Every enterprise of the sample with its codes and relations, built once and then only read
/// by the file writers.
struct SampleRegistry {
    let year: Int
    let seed: UInt64
    var enterprises: [SampleEnterprise]
    /// 18 bytes per enterprise, in index order.
    var codes: [UInt8]
    /// Valid codes that are in no registry row (`unknown_enterprise`).
    var unknownCodes: [[UInt8]]
    var leases: [SampleLease] = []
    var violations: [SampleViolation] = []
    var history: [SampleHistory] = []

    var count: Int { enterprises.count }

    func code(_ i: Int) -> ArraySlice<UInt8> { codes[(i * 18)..<(i * 18 + 18)] }

    /// Random-stream tags; one per purpose so that changing one file leaves the others alone.
    enum Stream: UInt64 {
        case base = 1, roles, economics, relations, history
        case enterprisesFile = 11, taxFile, energyFile, landFile, economyFile, emissionsFile
        case leasesFile, violationsFile, historyFile
    }

    init(enterprises n: Int, seed: UInt64, year: Int) {
        self.year = year
        self.seed = seed
        enterprises = []
        enterprises.reserveCapacity(n)
        for i in 0..<n {
            var rng = SampleRandom(seed: seed, stream: Stream.base.rawValue, index: UInt64(i))
            enterprises.append(SampleRegistry.baseAttributes(&rng, year: year))
        }
        codes = []
        unknownCodes = []
        assignRoles()
        for i in 0..<n {
            var rng = SampleRandom(seed: seed, stream: Stream.economics.rawValue, index: UInt64(i))
            SampleRegistry.economics(&enterprises[i], &rng, year: year)
        }
        makeCodes()
        makeRelations()
        makeHistory()
    }

    // MARK: attributes

    private static func baseAttributes(_ rng: inout SampleRandom, year: Int) -> SampleEnterprise {
        var e = SampleEnterprise()
        e.above = rng.chance(0.40)
        e.industry = UInt8(rng.below(SampleZone.industries.count))
        var w = rng.below(SampleZone.regionWeightTotal)
        for (k, r) in SampleZone.regions.enumerated() {
            if w < r.weight {
                e.region = UInt8(k)
                break
            }
            w -= r.weight
        }
        e.prefix = UInt8(rng.below(SampleZone.namePrefixes.count))
        e.brand = UInt8(rng.below(SampleZone.brands.count))
        e.suffix = UInt8(rng.below(SampleZone.suffixes.count))
        let v = rng.unit()
        e.nameVariant = v < 0.015 ? 1 : v < 0.018 ? 2 : 0
        if rng.chance(0.05) {
            e.estYear = Int16(year - rng.below(2))  // new: established within the last two years
        } else {
            e.estYear = Int16(year - (e.above ? rng.int(3...30) : rng.int(3...18)))
        }
        e.estMonth = UInt8(rng.int(1...12))
        e.estDay = UInt8(rng.int(1...28))
        e.highTech = rng.chance(e.above ? 0.25 : 0.05)
        e.hasEnergy = rng.chance(0.96)
        e.hasEmissions = e.above ? rng.chance(0.85) : SampleZone.industries[Int(e.industry)].polluting && rng.chance(0.3)
        return e
    }

    /// Hands out the special roles along a shuffled order of the enterprises, in disjoint blocks.
    private mutating func assignRoles() {
        let n = enterprises.count
        var rng = SampleRandom(seed: seed, stream: Stream.roles.rawValue)
        var order = Array(0..<n)
        if n > 1 {
            for k in stride(from: n - 1, to: 0, by: -1) { order.swapAt(k, rng.below(k + 1)) }
        }
        var next = 0
        func quota(_ rate: Double, _ minimum: Int) -> Int {
            let byRate = Int(Double(n) * rate)
            return n >= 100 ? max(minimum, byRate) : byRate
        }
        func take(_ k: Int) -> [Int] {
            let end = min(n, next + k)
            defer { next = end }
            return Array(order[next..<end])
        }
        let plan: [(SampleRole, Double, Int)] = [
            (.lowPerformer, 0.035, 6), (.idleLand, 0.007, 3), (.energyHog, 0.012, 3), (.gazelle, 0.02, 4),
            (.noLand, 0.008, 2), (.exempt, 0.012, 3), (.veto, 0.006, 3), (.seriousOther, 0.002, 1),
            (.aboveMinor, 0.006, 3), (.minor, 0.012, 3), (.pastViolation, 0.004, 2),
        ]
        for (role, rate, minimum) in plan {
            for i in take(quota(rate, minimum)) { enterprises[i].role = role }
        }
        pureLandlords = take(quota(0.008, 4))
        partialLandlords = take(quota(0.02, 9))
        for i in pureLandlords { enterprises[i].role = .pureLandlord }
        for i in partialLandlords { enterprises[i].role = .partialLandlord }
        // Tenants: 1–3 for a pure landlord (all landless), 1–2 for a partial one (a quarter hold land).
        tenantsOf = []
        for l in pureLandlords + partialLandlords {
            let pure = enterprises[l].role == .pureLandlord
            let tenants = take(pure ? rng.int(1...3) : rng.int(1...2))
            for t in tenants {
                enterprises[t].role = (!pure && rng.chance(0.25)) ? .landedTenant : .landlessTenant
            }
            tenantsOf.append(tenants)
        }
        for (k, i) in order.enumerated() where k < next {
            let e = enterprises[i]
            // Roles are about evaluated firms: old enough, not exempt (tenants may be new).
            if e.role != .landlessTenant && e.role != .landedTenant && Int(e.estYear) > year - 4 {
                enterprises[i].estYear = Int16(year - 4 - rng.below(12))
            }
            switch e.role {
            case .gazelle, .aboveMinor: enterprises[i].above = true
            case .pureLandlord, .landlessTenant: enterprises[i].above = false
            case .exempt: enterprises[i].exempt = UInt8(1 + rng.below(SampleZone.exemptReasons.count))
            default: break
            }
        }
    }

    /// Landlords in role order and their tenants (parallel to `pureLandlords + partialLandlords`).
    private var pureLandlords: [Int] = []
    private var partialLandlords: [Int] = []
    private var tenantsOf: [[Int]] = []

    private static func economics(_ e: inout SampleEnterprise, _ rng: inout SampleRandom, year: Int) {
        var landMu: Double
        if e.above {
            e.revenueWan = rng.logUniform(2000, 200_000, skew: 1.6)
            e.taxWan = e.revenueWan * rng.uniform(0.03, 0.08)
            landMu = min(300, max(10, e.revenueWan / rng.uniform(150, 1200)))
            e.employees = Int32(min(2000, max(20, e.revenueWan / rng.uniform(60, 250))))
        } else {
            e.revenueWan = rng.logUniform(150, 2000, skew: 1.2)
            e.taxWan = min(300, max(5, e.revenueWan * rng.uniform(0.025, 0.08)))
            landMu = min(40, max(2, e.revenueWan / rng.uniform(25, 120)))
            e.employees = Int32(min(300, max(5, e.revenueWan / rng.uniform(15, 60))))
        }
        e.vaShare = rng.uniform(0.15, 0.30)
        e.kwhPerWanVA = rng.uniform(300, 1500)
        e.rdShare = e.highTech ? rng.uniform(0.03, 0.06) : rng.uniform(0, 0.025)
        e.growth = min(0.19, max(-0.25, 0.06 + 0.08 * rng.normal()))
        switch e.role {
        case .lowPerformer:
            e.taxWan = max(1, e.revenueWan * rng.uniform(0.003, 0.01))
            e.vaShare = rng.uniform(0.06, 0.11)
            landMu = min(e.above ? 300 : 60, landMu * rng.uniform(1.5, 2.5))
            e.growth = rng.uniform(-0.2, -0.02)
        case .idleLand:
            landMu = rng.uniform(120, 300)
            if e.above {
                e.revenueWan = rng.uniform(2000, 3000)
                e.taxWan = e.revenueWan * rng.uniform(0.001, 0.004)
            } else {
                e.revenueWan = rng.uniform(100, 500)
                e.taxWan = e.revenueWan * rng.uniform(0.01, 0.03)
            }
        case .energyHog:
            e.kwhPerWanVA = rng.uniform(12_000, 30_000)
        case .gazelle:
            e.revenueWan = max(e.revenueWan, rng.uniform(2500, 20_000))
            e.taxWan = e.revenueWan * rng.uniform(0.04, 0.08)
            e.growth = rng.uniform(0.25, 0.5)
            landMu = min(300, max(10, e.revenueWan / rng.uniform(150, 1200)))
        case .pureLandlord:
            landMu = rng.uniform(15, 80)
            e.revenueWan = rng.uniform(100, 600)
            e.taxWan = e.revenueWan * rng.uniform(0.05, 0.1)
            e.employees = Int32(rng.int(3...15))
            e.kwhPerWanVA = rng.uniform(50, 200)
        case .partialLandlord:
            landMu = max(landMu, rng.uniform(15, 60))
        case .landlessTenant, .noLand:
            landMu = 0
        default:
            break
        }
        e.landCentiMu = Int64((landMu * 100).rounded())
        // History scores follow tax per mu relative to the group's typical level.
        let typical = e.above ? 25.0 : 3.5
        let perMu = landMu > 0 ? e.taxWan / landMu : typical
        e.performance = log(max(perMu, 0.001) / typical) + 0.3 * rng.normal()
        if e.role == .lowPerformer || e.role == .idleLand { e.performance = min(e.performance, -2.5) }
    }

    private mutating func makeCodes() {
        let n = enterprises.count
        codes = []
        codes.reserveCapacity(n * 18)
        for i in 0..<n {
            let e = enterprises[i]
            let region = SampleZone.regions[Int(e.region)].code
            codes.append(contentsOf: SampleCode.make(index: i, region: region, oldStyle: e.estYear < 2015))
        }
        unknownCodes = (0..<64).map { k in
            SampleCode.make(index: n + 1 + k * 7, region: SampleZone.regions[k % SampleZone.regions.count].code, oldStyle: false)
        }
    }

    // MARK: leases and violations

    private mutating func makeRelations() {
        var rng = SampleRandom(seed: seed, stream: Stream.relations.rawValue)
        let landlords = pureLandlords + partialLandlords
        let seriousPure = max(pureLandlords.isEmpty ? 0 : min(3, pureLandlords.count), pureLandlords.count / 2)
        let seriousPartial = max(min(3, partialLandlords.count), partialLandlords.count * 35 / 100)
        let someProblemPartial = max(min(3, max(0, partialLandlords.count - seriousPartial)), partialLandlords.count * 35 / 100)
        var landless: [Int] = []
        for (k, l) in landlords.enumerated() {
            let tenants = tenantsOf[k]
            guard !tenants.isEmpty else { continue }
            let pure = k < pureLandlords.count
            let own = enterprises[l].landCentiMu
            let share = pure ? rng.uniform(0.97, 1.0) : rng.uniform(0.1, 0.5)
            let total = Int64(Double(own) * share)
            var weights = tenants.map { _ in rng.uniform(0.5, 1.5) }
            let sum = weights.reduce(0, +)
            weights = weights.map { $0 / sum }
            var given: Int64 = 0
            for (j, t) in tenants.enumerated() {
                let area = j == tenants.count - 1 ? total - given : Int64(Double(total) * weights[j])
                given += area
                leases.append(SampleLease(landlord: Int32(l), tenant: Int32(t), centiMu: max(1, area)))
                if enterprises[t].role == .landlessTenant { landless.append(t) }
            }
            // A tenant with a problem: serious for the first pure and partial landlords, minor
            // for the next partial ones.
            let p = pure ? k : k - pureLandlords.count
            let first = tenants[0]
            if pure && p < seriousPure || !pure && p < seriousPartial {
                violations.append(violation(first, year: year, kind: UInt8(rng.below(3)), major: true, &rng))
            } else if !pure && p < seriousPartial + someProblemPartial {
                violations.append(violation(first, year: year, kind: UInt8(rng.below(5)), major: false, &rng))
            }
        }
        // Some landless tenants (the last ones, without violations) rent from a second (partial)
        // landlord as well.
        if !partialLandlords.isEmpty {
            let twice = landless.isEmpty ? 0 : max(min(2, landless.count), landless.count / 10)
            for t in landless.suffix(twice) {
                var l = partialLandlords[rng.below(partialLandlords.count)]
                if leases.contains(where: { $0.landlord == Int32(l) && $0.tenant == Int32(t) }) {
                    l = partialLandlords[(partialLandlords.firstIndex(of: l).map { $0 + 1 } ?? 0) % partialLandlords.count]
                }
                if leases.contains(where: { $0.landlord == Int32(l) && $0.tenant == Int32(t) }) { continue }
                leases.append(SampleLease(landlord: Int32(l), tenant: Int32(t), centiMu: Int64(rng.uniform(50, 200))))
            }
        }
        for i in 0..<enterprises.count {
            switch enterprises[i].role {
            case .veto:
                violations.append(violation(i, year: year, kind: UInt8(rng.below(3)), major: true, &rng))
            case .seriousOther:
                violations.append(violation(i, year: year, kind: UInt8(3 + rng.below(2)), major: true, &rng))
            case .aboveMinor:
                for _ in 0..<rng.int(1...2) {
                    violations.append(violation(i, year: year, kind: UInt8(rng.below(5)), major: false, &rng))
                }
            case .minor:
                violations.append(violation(i, year: year, kind: UInt8(rng.below(5)), major: false, &rng))
            case .pastViolation:
                violations.append(violation(i, year: year - 1, kind: UInt8(rng.below(5)), major: rng.chance(0.5), &rng))
            default:
                break
            }
        }
        // A department's log: by date, then enterprise.
        violations.sort {
            ($0.year, $0.month, $0.day, $0.enterprise) < ($1.year, $1.month, $1.day, $1.enterprise)
        }
    }

    private func violation(_ i: Int, year: Int, kind: UInt8, major: Bool, _ rng: inout SampleRandom) -> SampleViolation {
        SampleViolation(
            enterprise: Int32(i), year: Int16(year), month: UInt8(rng.int(1...12)), day: UInt8(rng.int(1...28)),
            kind: kind, major: major)
    }

    // MARK: history

    /// Classes, scores and ranks for the three years before the evaluation year, per group by
    /// quota (above A20/B60/C15, below A5/B70/C20, D the rest), as an earlier run would have left.
    private mutating func makeHistory() {
        let n = enterprises.count
        var landlordOf = [Int32](repeating: -1, count: n)
        for lease in leases where landlordOf[Int(lease.tenant)] < 0 && enterprises[Int(lease.tenant)].role == .landlessTenant {
            landlordOf[Int(lease.tenant)] = lease.landlord
        }
        var rows: [[SampleHistory]] = []
        for y in (year - 3)..<year {
            var rng = SampleRandom(seed: seed, stream: Stream.history.rawValue, index: UInt64(y))
            var yearRows = [SampleHistory?](repeating: nil, count: n)
            var groups: [[(micros: Int64, i: Int)]] = [[], []]
            for i in 0..<n {
                let e = enterprises[i]
                let noise = rng.normal()
                guard Int(e.estYear) <= y else { continue }
                var row = SampleHistory(enterprise: Int32(i), year: Int16(y), classIndex: 4, micros: -1, rank: 0)
                if e.exempt == 0 && Int(e.estYear) <= y - 2 && e.landCentiMu > 0 {
                    let score = min(140, max(1, 72 + 16 * e.performance + 5 * noise))
                    row.micros = Int64((score * 1_000_000).rounded())
                    groups[e.above ? 0 : 1].append((row.micros, i))
                }
                yearRows[i] = row
            }
            let shares: [[Int]] = [[2000, 8000, 9500], [500, 7500, 9500]]
            for g in 0..<2 {
                let members = groups[g].sorted { $0.micros != $1.micros ? $0.micros > $1.micros : $0.i < $1.i }
                let count = members.count
                let cuts = shares[g].map { (count * $0 + 5000) / 10000 }
                for (p, m) in members.enumerated() {
                    let position = p + 1
                    yearRows[m.i]?.rank = Int32(position)
                    yearRows[m.i]?.classIndex = position <= cuts[0] ? 0 : position <= cuts[1] ? 1 : position <= cuts[2] ? 2 : 3
                }
            }
            // A landless tenant took its landlord's class, without score or rank.
            for i in 0..<n where landlordOf[i] >= 0 {
                if let landlordClass = yearRows[Int(landlordOf[i])]?.classIndex, yearRows[i] != nil {
                    yearRows[i]?.classIndex = landlordClass
                    yearRows[i]?.micros = -1
                }
            }
            rows.append(yearRows.compactMap { $0 })
        }
        // Enterprise by enterprise, years ascending.
        var cursors = [Int](repeating: 0, count: rows.count)
        history.reserveCapacity(rows.reduce(0) { $0 + $1.count })
        for i in 0..<n {
            for k in 0..<rows.count where cursors[k] < rows[k].count && rows[k][cursors[k]].enterprise == Int32(i) {
                history.append(rows[k][cursors[k]])
                cursors[k] += 1
            }
        }
    }
}
