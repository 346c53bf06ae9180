import Foundation

/// Growth: revenue CAGR over the three years to the evaluation year and the gazelle (瞪羚) candidates
/// (SPEC §12, appendix 33–34). Own economy rows only (a landlord's merged tenants do not count), any class.
public enum Growth {
    /// The gazelle candidates: CAGR and revenue in year Y at least `gazelle.min_cagr` and
    /// `gazelle.min_revenue_wan`, both compared as printed.
    public static func run(_ inputs: Inputs, _ pipeline: Pipeline) -> Gazelles {
        let s = inputs.sums
        let minCagr = printedMicros(pipeline.gazelle.minCagr)
        let minRevenue = printedMicros(pipeline.gazelle.minRevenueWan)
        let (had0, had1, had2) = (s.earlierHasRow[0], s.earlierHasRow[1], s.earlierHasRow[2])
        let hasRow = s.economy.hasRow
        // In id order, which reads the columns front to back, in parallel ranges joined in order;
        // the sort below orders the few rows.
        let rows = Parallel.joinedRanges(hasRow.count) { range -> [GazelleRow] in
            var part: [GazelleRow] = []
            for id in range {
                // A row for every year Y−3 … Y; the middle years' revenue may be empty.
                guard hasRow[id], had0[id], had1[id], had2[id] else { continue }
                let first = s.earlierRevenue[0][id]
                let last = s.economy.revenue[id]
                guard let rate = cagr(from: first, to: last, years: 3) else { continue }
                guard printedMicros(rate) >= minCagr, printedMicros(last) >= minRevenue else { continue }
                let revenue = (s.earlierRevenue.map { $0[id] } + [last]).map { $0.isNaN ? nil : $0 }
                part.append(GazelleRow(enterprise: id, revenue: revenue, cagr: rate))
            }
            return part
        }
        // Printed CAGR descending, then code ascending.
        let codes = inputs.registry.codes
        let keys = rows.indices.map { (printed: printedMicros(rows[$0].cagr), code: codes[rows[$0].enterprise].key, row: $0) }
            .sorted { a, b in a.printed != b.printed ? a.printed > b.printed : a.code < b.code }
        return Gazelles(rows: keys.map { rows[$0.row] })
    }

    /// Compound annual growth rate (last / first)^(1/years) − 1, or nil unless first > 0 and last is known.
    ///
    /// - Parameters:
    ///   - first: revenue of the first year (NaN = missing).
    ///   - last: revenue of the last year (NaN = missing).
    ///   - years: years between them.
    public static func cagr(from first: Double, to last: Double, years: Int) -> Double? {
        guard !first.isNaN, !last.isNaN, first > 0, last >= 0 else { return nil }
        let ratio = last / first
        // cbrt is correctly rounded where pow(x, 1/3) is not, so 2.197 gives exactly 1.3.
        let root = years == 3 ? cbrt(ratio) : pow(ratio, 1 / Double(years))
        return root - 1
    }
}
