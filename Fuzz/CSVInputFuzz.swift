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

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    FileManager.default.createFile(atPath: zone + "/tax.csv", contents: bytes)
    if let result = try? Evaluate.run(pipeline, Ingest.Options(dataDirectory: zone, year: 2024)) {
        _ = Report.tables(result, excel: true)
    }
    return 0
}
