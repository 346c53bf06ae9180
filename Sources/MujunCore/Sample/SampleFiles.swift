import Foundation

/// Writes the nine department exports from a built registry. Each file draws its own random
/// streams (per enterprise), so the files can be written in parallel and still be identical.
///
/// Without `clean`, each file carries the quirks and faults real exports have (see
/// `SampleGenerator`); with `clean`, every file is UTF-8 with English headers, canonical units
/// and formats, and every row is accepted.
struct SampleFiles {
    let registry: SampleRegistry
    let clean: Bool

    var year: Int { registry.year }
    var count: Int { registry.count }

    private func rng(_ stream: SampleRegistry.Stream, _ i: Int) -> SampleRandom {
        SampleRandom(seed: registry.seed, stream: stream.rawValue, index: UInt64(i))
    }

    /// A selector for one fault of one file; never picks in a clean run.
    private func faults(rate: Double, atLeast: Int, phase: Int, over n: Int? = nil) -> SampleSelector? {
        clean ? nil : SampleSelector(count: n ?? count, rate: rate, atLeast: atLeast, phase: phase)
    }

    /// A quirk that shows with probability `p`, never in a clean run. The draw is made either
    /// way, so that clean and faulty runs stay in step and carry the same figures.
    private func quirk(_ r: inout SampleRandom, _ p: Double) -> Bool {
        let hit = r.chance(p)
        return hit && !clean
    }

    /// A uniform draw for choosing a spelling; 0 (the canonical one) in a clean run.
    private func quirkUnit(_ r: inout SampleRandom) -> Double {
        let x = r.unit()
        return clean ? 0 : x
    }

    private static let u = SampleZone.u
    private static let valueError = u("#VALUE!")

    /// The header row: canonical English names in a clean export, the department's Chinese ones otherwise.
    func header(_ f: SampleFile, english: StaticString, chinese: String) throws {
        if clean {
            f.text(english)
        } else {
            f.bytes(SampleFiles.u(chinese))
        }
        try f.endHeader()
    }

    // MARK: shared cells

    /// `year-month` in one of the export styles: 0 `2024-03`, 1 `202403`, 2 `2024/3`, 3 `2024年3月`.
    private func period(_ f: SampleFile, _ y: Int, _ m: Int, style: Int) {
        f.int(y)
        switch style {
        case 1: f.twoDigits(m)
        case 2:
            f.byte(UInt8(ascii: "/"))
            f.int(m)
        case 3:
            f.bytes(SampleFiles.nian)
            f.int(m)
            f.bytes(SampleFiles.yue)
        default:
            f.byte(UInt8(ascii: "-"))
            f.twoDigits(m)
        }
    }
    private static let nian = u("年")
    private static let yue = u("月")

    private func periodStyle(_ r: inout SampleRandom) -> Int {
        let x = r.unit()
        if clean { return 0 }
        return x < 0.75 ? 0 : x < 0.85 ? 1 : x < 0.93 ? 2 : 3
    }

    /// A date in one of `YYYY-MM-DD` (style 0), `YYYY/M/D` (1), `YYYYMMDD` (2).
    private func date(_ f: SampleFile, _ y: Int, _ m: Int, _ d: Int, style: Int) {
        f.int(y)
        switch style {
        case 1:
            f.byte(UInt8(ascii: "/"))
            f.int(m)
            f.byte(UInt8(ascii: "/"))
            f.int(d)
        case 2:
            f.twoDigits(m)
            f.twoDigits(d)
        default:
            f.byte(UInt8(ascii: "-"))
            f.twoDigits(m)
            f.byte(UInt8(ascii: "-"))
            f.twoDigits(d)
        }
    }

    private func dateStyle(_ r: inout SampleRandom) -> Int {
        let x = r.unit()
        if clean { return 0 }
        return x < 0.8 ? 0 : x < 0.9 ? 1 : 2
    }

    /// Money in cents as yuan with 2 decimals; now and then (not in clean runs) with thousands
    /// separators inside quotes, as Excel exports formatted cells.
    private func money(_ f: SampleFile, _ cents: Int64, _ r: inout SampleRandom, groupedShare: Double = 0.01) {
        let grouped = r.chance(groupedShare) && !clean && cents.magnitude >= 100_000
        if grouped {
            f.byte(UInt8(ascii: "\""))
            f.fixed(cents, decimals: 2, grouped: true)
            f.byte(UInt8(ascii: "\""))
        } else {
            f.fixed(cents, decimals: 2)
        }
    }

    private func invalidCode(_ i: Int) -> [UInt8] { SampleCode.corrupted(registry.code(i), shift: i) }

    private func unknownCode(_ i: Int) -> [UInt8] { registry.unknownCodes[i % registry.unknownCodes.count] }

    private func cents(wan: Double) -> Int64 { Int64((wan * 1_000_000).rounded()) }

    // MARK: enterprises.csv

    func writeEnterprises(_ f: SampleFile) throws {
        f.text("uscc,name,industry,region,scale,established,high_tech,exempt")
        try f.endHeader()
        let duplicate = faults(rate: 0.006, atLeast: 2, phase: 5)
        let invalid = faults(rate: 0.003, atLeast: 1, phase: 11)
        var styleRandom = SampleRandom(seed: registry.seed, stream: SampleRegistry.Stream.enterprisesFile.rawValue, index: UInt64.max)
        let highTechStyle = styleRandom.next() % 2
        for i in 0..<count {
            var r = rng(.enterprisesFile, i)
            let e = registry.enterprises[i]
            f.bytes(registry.code(i))
            f.comma()
            name(f, e, &r)
            f.comma()
            let industry = SampleZone.industries[Int(e.industry)].code
            f.bytes(quirk(&r, 0.2) ? industry.dropFirst() : industry[...])
            f.comma()
            f.bytes(SampleZone.regions[Int(e.region)].name)
            f.comma()
            if quirk(&r, 0.1) {
                f.bytes(e.above ? SampleFiles.guiShang : SampleFiles.guiXia)
            } else if e.above {
                f.text("above")
            } else {
                f.text("below")
            }
            f.comma()
            date(f, Int(e.estYear), Int(e.estMonth), Int(e.estDay), style: dateStyle(&r))
            f.comma()
            // One export style per file: 是/否 or 1/0; a few cells left empty (= false).
            if clean {
                f.byte(e.highTech ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            } else if !(r.chance(0.05) && !e.highTech) {
                if highTechStyle == 0 {
                    f.bytes(e.highTech ? SampleFiles.shi : SampleFiles.fou)
                } else {
                    f.byte(e.highTech ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                }
            }
            f.comma()
            if e.exempt > 0 { f.bytes(SampleZone.exemptReasons[Int(e.exempt) - 1]) }
            try f.endRecord()
            if duplicate?.picks(i) == true {
                f.repeatLast()
                try f.endRecord()
            }
            if invalid?.picks(i) == true {
                // A firm typed in by hand with a wrong check character.
                f.bytes(invalidCode(i))
                f.comma()
                f.bytes(SampleFiles.u("清溪"))
                f.bytes(SampleZone.brands[(i + 3) % SampleZone.brands.count])
                f.bytes(SampleFiles.u("五金加工厂,"))
                f.bytes(SampleZone.industries[(i + 1) % SampleZone.industries.count].code)
                f.comma()
                f.bytes(SampleZone.regions[0].name)
                f.text(",below,2016-05-12,0,")
                try f.endRecord()
            }
        }
        if !clean {
            f.text(",,,,,,,")
            try f.endRecord()
        }
    }

    private static let guiShang = u("规上")
    private static let guiXia = u("规下")
    private static let shi = u("是")
    private static let fou = u("否")

    private func name(_ f: SampleFile, _ e: SampleEnterprise, _ r: inout SampleRandom) {
        let prefix = SampleZone.namePrefixes[Int(e.prefix)]
        let brand = SampleZone.brands[Int(e.brand)]
        let word = SampleZone.industries[Int(e.industry)].word
        let suffix = SampleZone.suffixes[Int(e.suffix)]
        switch clean ? 0 : e.nameVariant {
        case 1:
            f.byte(UInt8(ascii: "\""))
            f.bytes(prefix)
            f.bytes(brand)
            f.bytes(word)
            f.bytes(suffix)
            f.bytes(SampleZone.branches[r.below(SampleZone.branches.count)])
            f.byte(UInt8(ascii: "\""))
        case 2:
            f.text("\"")
            f.bytes(prefix)
            f.text("\"\"")
            f.bytes(brand)
            f.text("\"\"")
            f.bytes(word)
            f.bytes(suffix)
            f.text("\"")
        default:
            f.bytes(prefix)
            f.bytes(brand)
            f.bytes(word)
            f.bytes(suffix)
        }
    }

    // MARK: tax.csv

    func writeTax(_ f: SampleFile) throws {
        if !clean { f.bytes([0xEF, 0xBB, 0xBF]) }
        f.text("uscc,period,amount,tax_type")
        try f.endHeader()
        /// One row: code, period and amount (each written by its closure, in column order), tax type.
        func row(_ code: ArraySlice<UInt8>, _ type: [UInt8], period: () -> Void, amount: () -> Void) throws {
            f.bytes(code)
            f.comma()
            period()
            f.comma()
            amount()
            f.comma()
            f.bytes(type)
            try f.endRecord()
        }
        let invalid = faults(rate: 0.02, atLeast: 2, phase: 3)
        let unknown = faults(rate: 0.02, atLeast: 2, phase: 17)
        let valueError = faults(rate: 0.01, atLeast: 2, phase: 29)
        let late = faults(rate: 0.01, atLeast: 2, phase: 41)
        var monthly = [Int64](repeating: 0, count: 13)
        for i in 0..<count {
            var r = rng(.taxFile, i)
            let e = registry.enterprises[i]
            let code = registry.code(i)
            let style = periodStyle(&r)
            let total = cents(wan: e.taxWan)
            var landUse: Int64 = 0
            if e.landCentiMu > 0 {
                // 城镇土地使用税 at 3–6 yuan per m², never more than 40 % of the firm's tax.
                let yuan = Double(e.landCentiMu) / 100 * (10_000.0 / 15) * r.uniform(3, 6)
                landUse = min(Int64((yuan * 100).rounded()), total * 4 / 10)
            }
            var other: Int64 = 0
            if e.above || e.role == .pureLandlord {
                other = Int64(Double(total - landUse) * (e.role == .pureLandlord ? r.uniform(0.3, 0.5) : r.uniform(0.2, 0.35)))
            }
            let vat = total - landUse - other
            // Monthly VAT from the month the firm opened (or January); small firms skip a few.
            let first = Int(e.estYear) == year ? Int(e.estMonth) : 1
            var weightSum = 0.0
            var weights = [Double](repeating: 0, count: 13)
            for m in first...12 where e.above || m == 12 || !r.chance(0.08) {
                weights[m] = r.uniform(0.6, 1.4)
                weightSum += weights[m]
            }
            var given: Int64 = 0
            var last = 0
            for m in 1...12 {
                monthly[m] = weights[m] > 0 ? Int64(Double(vat) * weights[m] / weightSum) : 0
                if weights[m] > 0 { last = m }
                given += monthly[m]
            }
            monthly[last] += vat - given
            for m in first...12 where weights[m] > 0 {
                try row(code, SampleFiles.vatType, period: { period(f, year, m, style: style) },
                    amount: { money(f, monthly[m], &r) })
            }
            if other != 0 {
                if e.role == .pureLandlord {
                    try row(code, SampleFiles.propertyType, period: { f.int(year) },
                        amount: { money(f, other, &r) })
                } else {
                    var quarterGiven: Int64 = 0
                    for q in 1...4 {
                        let amount = q == 4 ? other - quarterGiven : other / 4 + Int64(Double(other / 40) * (r.unit() - 0.5))
                        quarterGiven += amount
                        try row(code, SampleFiles.citType, period: { period(f, year, q * 3, style: style) },
                            amount: { money(f, amount, &r) })
                    }
                }
            }
            if landUse > 0 {
                try row(code, SampleFiles.landUseType, period: { f.int(year) }, amount: { money(f, landUse, &r) })
            }
            if r.chance(0.03) && vat > 0 {
                // A VAT refund (留抵退税): a negative row.
                try row(code, SampleFiles.refundType, period: { period(f, year, r.int(first...12), style: style) },
                    amount: { f.fixed(-max(1, Int64(Double(vat) * r.uniform(0.01, 0.05))), decimals: 2) })
            }
            if Int(e.estYear) < year && r.chance(0.3) {
                // Last year's total, still in the export (accepted, not used for this year).
                try row(code, SampleFiles.vatType, period: { f.int(year - 1) },
                    amount: { money(f, Int64(Double(total) / (1 + e.growth)), &r) })
            }
            if late?.picks(i) == true {
                try row(code, SampleFiles.vatType, period: { period(f, year + 1, 1, style: 0) },
                    amount: { f.fixed(max(100, vat / 12), decimals: 2) })
            }
            if invalid?.picks(i) == true {
                try row(invalidCode(i)[...], SampleFiles.vatType, period: { period(f, year, 6, style: 0) },
                    amount: { f.fixed(max(100, vat / 12), decimals: 2) })
            }
            if unknown?.picks(i) == true {
                try row(unknownCode(i)[...], SampleFiles.vatType, period: { period(f, year, 1 + i % 12, style: 0) },
                    amount: { f.fixed(Int64(50_000 + (i % 997) * 1_000), decimals: 2) })
            }
            if valueError?.picks(i) == true {
                try row(code, SampleFiles.vatType, period: { period(f, year, 11, style: style) },
                    amount: { f.bytes(SampleFiles.valueError) })
            }
            if !clean && i == count / 2 {
                f.text(",,,")
                try f.endRecord()
            }
        }
    }

    private static let vatType = u("增值税")
    private static let citType = u("企业所得税")
    private static let propertyType = u("房产税")
    private static let landUseType = u("城镇土地使用税")
    private static let refundType = u("增值税留抵退税")

    // MARK: energy.csv

    func writeEnergy(_ f: SampleFile) throws {
        try header(f, english: "uscc,period,carrier,quantity,unit", chinese: "统一社会信用代码,所属期,能源品种,消费量,计量单位")
        let invalid = faults(rate: 0.02, atLeast: 2, phase: 7)
        let unknown = faults(rate: 0.02, atLeast: 2, phase: 19)
        let valueError = faults(rate: 0.01, atLeast: 2, phase: 31)
        let early = faults(rate: 0.02, atLeast: 2, phase: 43)
        let lowerCase = faults(rate: 0.005, atLeast: 2, phase: 53)
        var lower = [UInt8](repeating: 0, count: 19)
        for i in 0..<count {
            var r = rng(.energyFile, i)
            let e = registry.enterprises[i]
            guard e.hasEnergy else { continue }
            let code = registry.code(i)
            let style = periodStyle(&r)
            let va = e.valueAddedWan
            let kwh = va * e.kwhPerWanVA
            // Electricity: kWh, 万kWh (4 decimals), 度 or 千瓦时, one choice per firm.
            let x = r.unit()
            let unitStyle = clean ? 0 : x < 0.6 ? 0 : x < 0.75 ? 1 : x < 0.9 ? 2 : 3
            let carrier = quirk(&r, 0.8) ? SampleFiles.dianli : SampleFiles.electricity
            let first = Int(e.estYear) == year ? Int(e.estMonth) : 1
            let months = Double(13 - first)
            var codeCell = code
            if lowerCase?.picks(i) == true {
                // Typed in lower case with a trailing space: normalised, still accepted.
                for k in 0..<18 { lower[k] = code[code.startIndex + k] | (code[code.startIndex + k] >= 65 ? 0x20 : 0) }
                lower[18] = UInt8(ascii: " ")
                codeCell = lower[...]
            }
            if early?.picks(i) == true {
                f.bytes(code)
                f.comma()
                period(f, year - 1, 12, style: style)
                f.comma()
                f.bytes(carrier)
                f.comma()
                f.int(Int(kwh / 12))
                f.text(",kWh")
                try f.endRecord()
            }
            for m in first...12 {
                let q = Int64((kwh / months * r.uniform(0.8, 1.2)).rounded())
                f.bytes(m == first ? codeCell : code)
                f.comma()
                period(f, year, m, style: style)
                f.comma()
                f.bytes(carrier)
                f.comma()
                f.fixed(q, decimals: unitStyle == 1 ? 4 : 0)
                f.comma()
                f.bytes(SampleFiles.electricityUnits[unitStyle])
                try f.endRecord()
            }
            if r.chance(0.12) {
                let perMonth = va * r.uniform(20, 150) / months
                let tenThousand = quirk(&r, 0.2)
                let chinese = quirk(&r, 0.5)
                let unit = tenThousand ? SampleFiles.wanM3 : chinese ? SampleFiles.lifangmi : SampleFiles.m3
                for m in first...12 {
                    f.bytes(code)
                    f.comma()
                    period(f, year, m, style: style)
                    f.comma()
                    f.bytes(clean ? SampleFiles.naturalGas : SampleFiles.tianranqi)
                    f.comma()
                    f.fixed(Int64((perMonth * r.uniform(0.7, 1.3)).rounded()), decimals: tenThousand ? 4 : 0)
                    f.comma()
                    f.bytes(unit)
                    try f.endRecord()
                }
            }
            if r.chance(e.above ? 0.07 : 0.02) {
                let perQuarter = va * r.uniform(0.05, 0.3) / 4 * 1000  // kg
                for q in 1...4 where q * 3 >= first {
                    f.bytes(code)
                    f.comma()
                    period(f, year, q * 3, style: style)
                    f.comma()
                    f.bytes(clean ? SampleFiles.rawCoal : SampleFiles.yuanmei)
                    f.comma()
                    f.fixed(Int64((perQuarter * r.uniform(0.8, 1.2)).rounded()), decimals: 3)
                    f.comma()
                    f.bytes(quirk(&r, 0.5) ? SampleFiles.dun : SampleFiles.tonne)
                    try f.endRecord()
                }
            }
            if r.chance(0.06) {
                f.bytes(code)
                f.comma()
                f.int(year)
                f.comma()
                f.bytes(clean ? SampleFiles.heat : SampleFiles.reli)
                f.text(",")
                f.fixed(Int64((va * r.uniform(1, 5) * 100).rounded()), decimals: 2)
                f.text(",GJ")
                try f.endRecord()
            }
            if r.chance(0.08) {
                f.bytes(code)
                f.comma()
                f.int(year)
                f.comma()
                f.bytes(clean ? SampleFiles.diesel : SampleFiles.chaiyou)
                f.comma()
                f.fixed(Int64((va * r.uniform(0.002, 0.01) * 1000).rounded()), decimals: 3)
                f.comma()
                f.bytes(quirk(&r, 0.5) ? SampleFiles.dun : SampleFiles.tonne)
                try f.endRecord()
            }
            if invalid?.picks(i) == true {
                f.bytes(invalidCode(i))
                f.comma()
                period(f, year, 5, style: 0)
                f.comma()
                f.bytes(carrier)
                f.comma()
                f.int(Int(kwh / 12))
                f.text(",kWh")
                try f.endRecord()
            }
            if unknown?.picks(i) == true {
                f.bytes(unknownCode(i))
                f.comma()
                period(f, year, 1 + i % 12, style: 0)
                f.comma()
                f.bytes(carrier)
                f.comma()
                f.int(10_000 + i % 9973)
                f.text(",kWh")
                try f.endRecord()
            }
            if valueError?.picks(i) == true {
                f.bytes(code)
                f.comma()
                period(f, year, 9, style: style)
                f.comma()
                f.bytes(carrier)
                f.comma()
                f.bytes(SampleFiles.valueError)
                f.text(",kWh")
                try f.endRecord()
            }
        }
    }

    private static let electricity = u("electricity")
    private static let dianli = u("电力")
    private static let electricityUnits: [[UInt8]] = [u("kWh"), u("万kWh"), u("度"), u("千瓦时")]
    private static let naturalGas = u("natural_gas")
    private static let tianranqi = u("天然气")
    private static let m3 = u("m3")
    private static let wanM3 = u("万m3")
    private static let lifangmi = u("立方米")
    private static let rawCoal = u("raw_coal")
    private static let yuanmei = u("原煤")
    private static let tonne = u("t")
    private static let dun = u("吨")
    private static let heat = u("heat")
    private static let reli = u("热力")
    private static let diesel = u("diesel")
    private static let chaiyou = u("柴油")

    // MARK: land.csv

    /// The texts land.csv needs, in its encoding (GB18030 unless clean).
    struct LandTexts {
        let header: [UInt8]
        let units: [[UInt8]]  // mu, 亩, m2, 平方米, ha, 公顷
        let newIdHead: [UInt8]  // 浙(
        let newIdMiddle: [UInt8]  // )清溪不动产权第
        let oldIdHead: [UInt8]  // 清溪国用(
        let oldIdMiddle: [UInt8]  // )第
        let idTail: [UInt8]  // 号
    }

    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    func landTexts(path: String) throws -> LandTexts {
        func encode(_ s: String) throws -> [UInt8] {
            if clean { return Array(s.utf8) }
            guard let data = s.data(using: SampleFiles.gb18030) else {
                throw SampleError.cannotEncode(path: path, text: s)
            }
            return Array(data)
        }
        return LandTexts(
            header: clean ? Array("uscc,parcel_id,area,unit".utf8) : try encode("统一社会信用代码,宗地编号,面积,面积单位"),
            units: try ["mu", "亩", "m2", "平方米", "ha", "公顷"].map(encode),
            newIdHead: try encode("浙("), newIdMiddle: try encode(")清溪不动产权第"),
            oldIdHead: try encode("清溪国用("), oldIdMiddle: try encode(")第"), idTail: try encode("号"))
    }

    func writeLand(_ f: SampleFile) throws {
        let texts = try landTexts(path: f.path)
        f.bytes(texts.header)
        try f.endHeader()
        let duplicate = faults(rate: 0.008, atLeast: 3, phase: 2)
        let invalid = faults(rate: 0.003, atLeast: 1, phase: 13)
        let unknown = faults(rate: 0.003, atLeast: 1, phase: 23)
        let valueError = faults(rate: 0.002, atLeast: 1, phase: 37)
        var parts = [Int64](repeating: 0, count: 3)
        for i in 0..<count {
            var r = rng(.landFile, i)
            let e = registry.enterprises[i]
            let code = registry.code(i)
            if e.landCentiMu > 0 {
                let x = r.unit()
                let parcels = e.landCentiMu < 300 ? 1 : e.above ? (x < 0.6 ? 1 : x < 0.9 ? 2 : 3) : (x < 0.75 ? 1 : 2)
                var given: Int64 = 0
                for p in 0..<parcels {
                    parts[p] = p == parcels - 1 ? e.landCentiMu - given : Int64(Double(e.landCentiMu) / Double(parcels) * r.uniform(0.6, 1.2))
                    given += parts[p]
                }
                for p in 0..<parcels {
                            f.bytes(code)
                    f.comma()
                    parcelID(f, texts, i: i, p: p, e: e, &r)
                    f.comma()
                    let y = quirkUnit(&r)
                    // 0.01 mu → 0.01 m² is ×2000/3 and → 0.0001 ha is ×20/3 (rounded to nearest).
                    let squareMetres = (parts[p] * 2000 + 1) / 3
                    let hectares = (parts[p] * 20 + 1) / 3
                    if y < 0.65 {
                        f.fixed(parts[p], decimals: 2)
                        f.comma()
                        f.bytes(texts.units[clean || y < 0.1 ? 0 : 1])
                    } else if y < 0.9 {
                        f.fixed(squareMetres, decimals: 2)
                        f.comma()
                        f.bytes(texts.units[y < 0.7 ? 2 : 3])
                    } else {
                        f.fixed(hectares, decimals: 4)
                        f.comma()
                        f.bytes(texts.units[y < 0.93 ? 4 : 5])
                    }
                    try f.endRecord()
                    if p == 0 && duplicate?.picks(i) == true {
                        f.repeatLast()
                        try f.endRecord()
                    }
                }
            }
            if invalid?.picks(i) == true {
                f.bytes(invalidCode(i))
                f.comma()
                parcelID(f, texts, i: i, p: 3, e: e, &r)
                f.text(",12.50,mu")
                try f.endRecord()
            }
            if unknown?.picks(i) == true {
                f.bytes(unknownCode(i))
                f.comma()
                parcelID(f, texts, i: count + i, p: 0, e: e, &r)
                f.comma()
                f.fixed(Int64(500 + i % 5000), decimals: 2)
                f.comma()
                f.bytes(texts.units[1])
                try f.endRecord()
            }
            if valueError?.picks(i) == true {
                f.bytes(code)
                f.comma()
                parcelID(f, texts, i: i, p: 3, e: e, &r)
                f.comma()
                f.bytes(SampleFiles.valueError)
                f.comma()
                f.bytes(texts.units[1])
                try f.endRecord()
            }
        }
    }

    /// `浙(2019)清溪不动产权第0012345号`, or the older `清溪国用(2008)第01234号` for old firms.
    private func parcelID(_ f: SampleFile, _ t: LandTexts, i: Int, p: Int, e: SampleEnterprise, _ r: inout SampleRandom) {
        let number = ((i * 4 + p) &* 3_457_123 &+ 98_765) % 10_000_000
        let issued = max(Int(e.estYear), 1995) + (i + p) % 4
        if issued < 2016 {
            f.bytes(t.oldIdHead)
            f.int(issued)
            f.bytes(t.oldIdMiddle)
            f.digits(number % 100_000, width: 5)
        } else {
            f.bytes(t.newIdHead)
            f.int(min(issued, year))
            f.bytes(t.newIdMiddle)
            f.digits(number, width: 7)
        }
        f.bytes(t.idTail)
    }

    // MARK: economy.csv

    func writeEconomy(_ f: SampleFile) throws {
        try header(f, english: "uscc,year,revenue,value_added,employees,rd_expense", chinese: "统一社会信用代码,年份,营业收入,工业增加值,从业人员平均人数,研发经费支出")
        let duplicate = faults(rate: 0.01, atLeast: 3, phase: 4)
        let invalid = faults(rate: 0.005, atLeast: 1, phase: 14)
        let unknown = faults(rate: 0.005, atLeast: 1, phase: 24)
        let valueError = faults(rate: 0.01, atLeast: 2, phase: 34)
        for i in 0..<count {
            var r = rng(.economyFile, i)
            let e = registry.enterprises[i]
            let code = registry.code(i)
            let from = max(year - 3, Int(e.estYear))
            for y in from...year {
                    var revenue = e.revenueWan * pow(1 + e.growth, Double(y - year))
                if y != year { revenue *= r.uniform(0.97, 1.03) }
                if y == Int(e.estYear) { revenue *= Double(13 - Int(e.estMonth)) / 12 }
                let va = revenue * e.vaShare * (y == year ? 1 : r.uniform(0.95, 1.05))
                let employees = y == year ? Int(e.employees) : max(1, Int(Double(e.employees) * r.uniform(0.9, 1.05)))
                let rd = revenue * e.rdShare
                let emptyCell = r.below(2)
                let empty = quirk(&r, 0.015) ? emptyCell : -1
                f.bytes(code)
                f.comma()
                f.int(y)
                if quirk(&r, 0.05) { f.bytes(SampleFiles.nian) }
                f.comma()
                money(f, cents(wan: revenue), &r, groupedShare: 0.02)
                f.comma()
                money(f, cents(wan: va), &r)
                f.comma()
                if empty != 0 { f.int(employees) }
                f.comma()
                if empty != 1 {
                    money(f, cents(wan: rd), &r)
                } else {
                    _ = r.unit()  // the draw money() would have made, to stay in step with clean runs
                }
                try f.endRecord()
                if y == year && duplicate?.picks(i) == true {
                    f.repeatLast()
                    try f.endRecord()
                }
            }
            if valueError?.picks(i) == true {
                f.bytes(code)
                f.comma()
                f.int(from)
                f.comma()
                f.bytes(SampleFiles.valueError)
                f.text(",,,")
                try f.endRecord()
            }
            if invalid?.picks(i) == true {
                f.bytes(invalidCode(i))
                f.comma()
                f.int(year)
                f.comma()
                money(f, cents(wan: e.revenueWan), &r)
                f.comma()
                money(f, cents(wan: e.valueAddedWan), &r)
                f.comma()
                f.int(Int(e.employees))
                f.text(",0.00")
                try f.endRecord()
            }
            if unknown?.picks(i) == true {
                f.bytes(unknownCode(i))
                f.comma()
                f.int(year)
                f.text(",12500000.00,2800000.00,45,120000.00")
                try f.endRecord()
            }
        }
        if !clean {
            f.text(",,,,,")
            try f.endRecord()
        }
    }

    // MARK: emissions.csv

    func writeEmissions(_ f: SampleFile) throws {
        f.text("uscc,year,pollutant,tonnes")
        try f.endHeader()
        let emitting = registry.enterprises.reduce(0) { $0 + ($1.hasEmissions ? 1 : 0) }
        let invalid = faults(rate: 0.01, atLeast: 1, phase: 6, over: emitting)
        let unknown = faults(rate: 0.01, atLeast: 1, phase: 16, over: emitting)
        var k = 0
        for i in 0..<count {
            let e = registry.enterprises[i]
            guard e.hasEmissions else { continue }
            var r = rng(.emissionsFile, i)
            let code = registry.code(i)
            let equivalents = e.valueAddedWan * r.uniform(0.5, 4) * (e.role == .energyHog ? 3 : 1)
            let chinese = quirk(&r, 0.3)
            let combustion = r.chance(0.5)
            // Shares of the pollution equivalents and kg per equivalent (COD, NH3N, SO2, NOX).
            let shares = combustion ? [0.5, 0.05, 0.2, 0.25] : [0.9, 0.1, 0, 0]
            let kgPerEquivalent = [1.0, 0.8, 0.95, 0.95]
            let years = Int(e.estYear) < year && r.chance(0.25) ? [year - 1, year] : [year]
            for y in years {
                let factor = y == year ? 1 : r.uniform(0.9, 1.2)
                for p in 0..<4 where shares[p] > 0 {
                    // Tonnes with 4 decimals (0.1 kg).
                    let tenthKg = equivalents * shares[p] * factor * kgPerEquivalent[p] * 10
                    f.bytes(code)
                    f.comma()
                    f.int(y)
                    f.comma()
                    f.bytes(chinese ? SampleFiles.pollutantsChinese[p] : SampleFiles.pollutants[p])
                    f.comma()
                    f.fixed(Int64(tenthKg.rounded()), decimals: 4)
                    try f.endRecord()
                }
            }
            if invalid?.picks(k) == true {
                f.bytes(invalidCode(i))
                f.comma()
                f.int(year)
                f.text(",COD,1.2500")
                try f.endRecord()
            }
            if unknown?.picks(k) == true {
                f.bytes(unknownCode(i))
                f.comma()
                f.int(year)
                f.text(",NH3N,0.0800")
                try f.endRecord()
            }
            k += 1
        }
    }

    private static let pollutants: [[UInt8]] = [u("COD"), u("NH3N"), u("SO2"), u("NOX")]
    private static let pollutantsChinese: [[UInt8]] = [u("COD"), u("氨氮"), u("二氧化硫"), u("氮氧化物")]

    // MARK: leases.csv

    func writeLeases(_ f: SampleFile) throws {
        f.text("landlord,tenant,area,unit")
        try f.endHeader()
        let leases = registry.leases
        let invalid = faults(rate: 0.0125, atLeast: 0, phase: 9, over: leases.count)
        for (k, lease) in leases.enumerated() {
            var r = rng(.leasesFile, k)
            let row: (ArraySlice<UInt8>, ArraySlice<UInt8>) = (registry.code(Int(lease.landlord)), registry.code(Int(lease.tenant)))
            f.bytes(row.0)
            f.comma()
            f.bytes(row.1)
            f.comma()
            leaseArea(f, lease.centiMu, &r)
            try f.endRecord()
            if leases.count >= 80, invalid?.picks(k) == true {
                f.bytes(row.0)
                f.comma()
                f.bytes(invalidCode(Int(lease.tenant)))
                f.comma()
                leaseArea(f, lease.centiMu, &r)
                try f.endRecord()
            }
        }
    }

    private func leaseArea(_ f: SampleFile, _ centiMu: Int64, _ r: inout SampleRandom) {
        let x = quirkUnit(&r)
        if x < 0.7 {
            f.fixed(centiMu, decimals: 2)
            f.comma()
            f.bytes(clean || x < 0.4 ? SampleFiles.mu : SampleFiles.muChinese)
        } else {
            f.fixed((centiMu * 2000 + 1) / 3, decimals: 2)
            f.comma()
            f.bytes(SampleFiles.squareMetres)
        }
    }

    private static let mu = u("mu")
    private static let muChinese = u("亩")
    private static let squareMetres = u("平方米")

    // MARK: violations.csv

    func writeViolations(_ f: SampleFile) throws {
        try header(f, english: "uscc,date,kind,severity", chinese: "统一社会信用代码,日期,类型,等级")
        let violations = registry.violations
        let invalid = faults(rate: 0.0125, atLeast: 0, phase: 21, over: violations.count)
        for (k, v) in violations.enumerated() {
            var r = rng(.violationsFile, k)
            let chinese = quirk(&r, 0.6)
            for copy in 0..<2 {
                if copy == 1 && !(violations.count >= 80 && invalid?.picks(k) == true) { break }
                f.bytes(copy == 0 ? Array(registry.code(Int(v.enterprise))) : invalidCode(Int(v.enterprise)))
                f.comma()
                date(f, Int(v.year), Int(v.month), Int(v.day), style: dateStyle(&r))
                f.comma()
                f.bytes(chinese ? SampleFiles.kindsChinese[Int(v.kind)] : SampleFiles.kinds[Int(v.kind)])
                f.comma()
                if chinese {
                    f.bytes(v.major ? SampleFiles.zhongda : SampleFiles.yiban)
                } else {
                    f.text(v.major ? "major" : "minor")
                }
                try f.endRecord()
            }
        }
    }

    private static let kinds: [[UInt8]] = [u("safety"), u("environment"), u("land"), u("tax"), u("other")]
    private static let kindsChinese: [[UInt8]] = [u("安全生产"), u("环保"), u("土地"), u("税务"), u("other")]
    private static let zhongda = u("重大")
    private static let yiban = u("一般")

    // MARK: history.csv

    func writeHistory(_ f: SampleFile) throws {
        f.text("uscc,year,class,score,rank")
        try f.endHeader()
        let classes: [UInt8] = Array("ABCDT".utf8)
        for h in registry.history {
            f.bytes(registry.code(Int(h.enterprise)))
            f.comma()
            f.int(Int(h.year))
            f.comma()
            f.byte(classes[Int(h.classIndex)])
            f.comma()
            if h.micros >= 0 {
                f.fixed(h.micros, decimals: 6)
                f.comma()
                f.int(Int(h.rank))
            } else {
                f.comma()
            }
            try f.endRecord()
        }
    }
}
