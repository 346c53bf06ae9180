/// Normalize: the unit conversions of SPEC §4, applied per row before summing (appendix rule 16).
enum Normalize {
    /// Money in the file's unit → 万元.
    static func wan(_ amount: Double, _ unit: MoneyUnit) -> Double {
        unit == .yuan ? amount / 10_000 : amount
    }

    /// An area in any accepted unit → mu (1 mu = 10000/15 m²).
    static func mu(_ area: Double, _ unit: AreaUnit) -> Double {
        switch unit {
        case .mu: return area
        case .m2: return area * 0.0015
        case .ha: return area * 15
        }
    }

    /// Tonnes of standard coal: quantity in base units × kgce per base unit / 1000.
    static func tce(_ quantityInBaseUnit: Double, _ carrier: EnergyCarrier, _ factors: EnergyFactors) -> Double {
        quantityInBaseUnit * factors[carrier] / 1000
    }

    /// Electricity in kWh → 万kWh.
    static func tenThousandKwh(_ kwh: Double) -> Double { kwh / 10_000 }

    /// Tonnes of a pollutant → pollution equivalents.
    static func equivalents(_ tonnes: Double, _ pollutant: Pollutant) -> Double {
        tonnes * 1000 / pollutant.kgPerEquivalent
    }
}
