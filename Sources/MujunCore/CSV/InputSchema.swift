/// The columns of each input file (SPEC §2 and appendix rule 3) and how a header row maps onto them.

/// One canonical column: its name, the headers it also answers to, and whether the header must have it.
public struct ColumnSpec: Sendable {
    public var name: String
    public var aliases: [String]
    public var required: Bool

    init(_ name: String, _ aliases: [String] = [], required: Bool = true) {
        self.name = name
        self.aliases = aliases
        self.required = required
    }
}

extension InputFile {
    private static let uscc = ColumnSpec("uscc", ["统一社会信用代码"])
    private static let period = ColumnSpec("period", ["所属期"])
    private static let year = ColumnSpec("year", ["年份"])

    /// Canonical columns in SPEC §2 order, which is also the order cells are checked in (rule 11).
    public var columns: [ColumnSpec] {
        switch self {
        case .enterprises:
            return [
                Self.uscc, ColumnSpec("name", ["企业名称"]), ColumnSpec("industry", ["行业代码"]),
                ColumnSpec("region", ["乡镇街道"]), ColumnSpec("scale", ["规模"]),
                ColumnSpec("established", ["成立日期"]),
                ColumnSpec("high_tech", ["高新技术企业"], required: false),
                ColumnSpec("exempt", ["免评原因"], required: false),
            ]
        case .tax:
            return [
                Self.uscc, Self.period, ColumnSpec("amount", ["实缴税额"]),
                ColumnSpec("tax_type", ["税种"], required: false),
            ]
        case .energy:
            return [
                Self.uscc, Self.period, ColumnSpec("carrier", ["能源品种"]), ColumnSpec("quantity", ["消费量"]),
                ColumnSpec("unit", ["计量单位"]),
            ]
        case .land:
            return [
                Self.uscc, ColumnSpec("parcel_id", ["宗地编号"]), ColumnSpec("area", ["面积"]),
                ColumnSpec("unit", ["面积单位"]),
            ]
        case .economy:
            return [
                Self.uscc, Self.year, ColumnSpec("revenue", ["营业收入"]), ColumnSpec("value_added", ["工业增加值"]),
                ColumnSpec("employees", ["从业人员平均人数"]), ColumnSpec("rd_expense", ["研发经费支出"]),
            ]
        case .emissions:
            return [
                Self.uscc, Self.year, ColumnSpec("pollutant", ["污染物"]), ColumnSpec("tonnes", ["排放量(吨)"]),
            ]
        case .leases:
            return [
                ColumnSpec("landlord", ["出租方"]), ColumnSpec("tenant", ["承租方"]), ColumnSpec("area", ["面积"]),
                ColumnSpec("unit", ["面积单位"]),
            ]
        case .violations:
            return [
                Self.uscc, ColumnSpec("date", ["日期"]), ColumnSpec("kind", ["类型"]), ColumnSpec("severity", ["等级"]),
            ]
        case .history:
            return [
                Self.uscc, Self.year, ColumnSpec("class"), ColumnSpec("score", required: false),
                ColumnSpec("rank", required: false),
            ]
        }
    }

    /// Whether rows of this file carry money (and so honour `money_unit`).
    public var hasMoney: Bool { self == .tax || self == .economy }
}

/// Header folding of SPEC §2: trimmed, case-folded.
func foldHeader(_ s: String) -> String { trimCell(s).lowercased() }

/// Where each canonical column sits in one file's records.
public struct ColumnMap: Sendable {
    /// Indexed like `InputFile.columns`; nil when the header lacks an optional column.
    public var positions: [Int?]
    public var headerCount: Int
    /// Headers that lost to an earlier header mapping to the same column (appendix rule 3).
    public var shadowed: [(header: String, column: String)]

    /// Maps a header record. `mapping` is the pipeline file's `columns` (folded header → canonical).
    static func build(
        file: InputFile, headers: [String], mapping: [String: String], path: String
    ) throws -> ColumnMap {
        let specs = file.columns
        var positions = [Int?](repeating: nil, count: specs.count)
        var shadowed: [(String, String)] = []
        for (index, header) in headers.enumerated() {
            let folded = foldHeader(header)
            let canonical: String? =
                if let mapped = mapping[folded] {
                    mapped
                } else {
                    specs.first { $0.name == folded || $0.aliases.contains { foldHeader($0) == folded } }?.name
                }
            guard let canonical, let slot = specs.firstIndex(where: { $0.name == canonical }) else { continue }
            if positions[slot] == nil {
                positions[slot] = index
            } else {
                shadowed.append((trimCell(header), canonical))
            }
        }
        for (slot, spec) in specs.enumerated() where spec.required && positions[slot] == nil {
            throw CSVError.missingColumn(path: path, column: spec.name, found: headers.map(trimCell))
        }
        return ColumnMap(positions: positions, headerCount: headers.count, shadowed: shadowed)
    }
}

/// A column map's positions as raw memory (-1 for a missing column), read for every cell of every
/// row without the array's retain and bounds checks.
final class ColumnSlots {
    let positions: UnsafeMutablePointer<Int>

    init(_ map: ColumnMap) {
        positions = .allocate(capacity: Swift.max(1, map.positions.count))
        for (i, p) in map.positions.enumerated() { positions[i] = p ?? -1 }
    }

    deinit { positions.deallocate() }
}
