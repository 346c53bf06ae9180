/// People-facing names and units of the nine indicators (SPEC §7), for explain and report.html.
extension IndicatorID {
    /// The Chinese name used in county documents.
    public var chineseName: String {
        switch self {
        case .taxPerMu: return "亩均税收"
        case .vaPerMu: return "亩均增加值"
        case .revenuePerMu: return "亩均营业收入"
        case .vaPerEnergy: return "单位能耗增加值"
        case .vaPerEmission: return "单位排放增加值"
        case .laborProductivity: return "全员劳动生产率"
        case .rdIntensity: return "研发经费占比"
        case .taxPerKwh: return "单位电耗税收"
        case .energyIntensity: return "单位增加值能耗"
        }
    }

    /// The unit the indicator is computed in.
    public var unit: String {
        switch self {
        case .taxPerMu, .vaPerMu, .revenuePerMu: return "万元/亩"
        case .vaPerEnergy: return "万元/tce"
        case .vaPerEmission: return "万元/万当量"
        case .laborProductivity: return "万元/人"
        case .rdIntensity: return "ratio"
        case .taxPerKwh: return "万元/万kWh"
        case .energyIntensity: return "tce/万元"
        }
    }
}
