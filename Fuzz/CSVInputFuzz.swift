import Foundation

/// libFuzzer target: the fuzz input becomes tax.csv of a tiny zone, and the whole evaluation runs
/// over it. Any crash, trap or hang is a finding; errors and rejects are the expected outcomes.
private let zone: String = {
    let dir = NSTemporaryDirectory() + "mujun-fuzz-csv-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let code = "91110000600037341L"
    let files = [
        "enterprises.csv": "uscc,name,industry,region,scale,established\n\(code),甲,C3670,清溪,above,2010-01-01\n",
        "energy.csv": "uscc,period,carrier,quantity,unit\n\(code),2024-01,electricity,1000,kWh\n",
        "land.csv": "uscc,parcel_id,area,unit\n\(code),P1,10,mu\n",
    ]
    for (name, text) in files { try? text.write(toFile: dir + "/" + name, atomically: false, encoding: .utf8) }
    return dir
}()

private let pipeline: Pipeline = {
    var p = Pipeline()
    var g = EvaluationGroup(id: "all")
    g.indicators = [IndicatorSpec(id: .taxPerMu, weight: 100)]
    p.groups = [g]
    return p
}()

/// What ingest made of tax.csv: its sums, rejects, reports and warnings, or the error.
private struct TaxOutcome: Equatable {
    var tax: [ExactSum] = []
    var landUseTax: [ExactSum] = []
    var rejects: [Reject] = []
    var files: [FileReport] = []
    var warnings: [Warning] = []
    var error = ""

    init(_ tuning: Ingest.ReadTuning?) {
        var options = Ingest.Options(dataDirectory: zone, year: 2024)
        options.readTuning = tuning
        do {
            let inputs = try Ingest.run(pipeline, options)
            (tax, landUseTax) = (inputs.sums.tax, inputs.sums.landUseTax)
            (rejects, files, warnings) = (inputs.rejects, inputs.files, inputs.warnings)
        } catch {
            self.error = "\(error)"
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    FileManager.default.createFile(atPath: zone + "/tax.csv", contents: bytes)
    if let result = try? Evaluate.run(pipeline, Ingest.Options(dataDirectory: zone, year: 2024)) {
        _ = Report.tables(result, excel: true)
    }
    // Differential: tiny chunks put chunk boundaries everywhere (issue #3); the chunked read must
    // come to exactly what one worker does with the same blocks. (The block size itself may
    // decide which of two errors is met first, e.g. a bad header before an undecodable byte.)
    let blockSize = 1 + size % 13
    let chunked = Ingest.ReadTuning(
        blockSize: blockSize, chunkBytes: 1, workers: 2 + size % 3, splitOnlyForIdleThreads: false)
    let single = Ingest.ReadTuning(blockSize: blockSize, workers: 1)
    precondition(TaxOutcome(chunked) == TaxOutcome(single), "chunked read of tax.csv differs from one worker's")
    return 0
}
