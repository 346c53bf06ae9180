import Testing
@testable import MujunCore

@Suite struct CoverageTests {
    /// The one-pass table against the definition written out per group and indicator, on the
    /// sample zone under both pipelines (groups with gaps in several indicators).
    @Test(arguments: ["zhejiang", "huangyan-2022"])
    func tableCountsScoredMembersHavingEachIndicator(pipeline: String) throws {
        let result = try GoldenTests.evaluate(pipeline)
        let (joined, indicators) = (result.joined, result.indicators)
        let table = Coverage.table(joined, indicators, result.pipeline)
        #expect(table.count == result.pipeline.groups.count)
        var gaps = 0
        for (g, group) in result.pipeline.groups.enumerated() {
            let members = joined.group.indices.filter { joined.group[$0] == g && joined.isScored($0) }
            #expect(table[g].group == group.id)
            #expect(table[g].scored == members.count)
            #expect(table[g].having.map(\.indicator) == group.indicators.map(\.id))
            for (k, spec) in group.indicators.enumerated() {
                let having = members.filter { indicators.value(spec.id, $0) != nil }.count
                #expect(table[g].having[k].count == having, "\(group.id) \(spec.id)")
                if having < members.count { gaps += 1 }
            }
        }
        // The sample zone has members without some indicators, so the counts are not all `scored`.
        #expect(gaps > 0)
        #expect(table.contains { $0.scored > 0 })
    }
}
