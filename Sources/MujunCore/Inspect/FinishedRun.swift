import Foundation

/// A finished run read back from its folder: the tables `explain` and `diff` need and the manifest.
///
/// These commands read what the run wrote and never recompute the method, so what they say is what
/// the dashboards show. The pipeline file is consulted only for settings no table records (caps,
/// thresholds, the missing rule), and only when its SHA-256 still matches the manifest's.
public struct FinishedRun: Sendable {
    /// The run folder itself (`OUT/runs/<run id>`, or `OUT/latest` as given).
    public var directory: String
    /// manifest.json, parsed (empty when the run has none).
    public var manifest: [String: Any] { (try? JSONSerialization.jsonObject(with: manifestData)) as? [String: Any] ?? [:] }
    private var manifestData: Data

    /// Finds the run folder: `path/latest` when `path` is an `--out` folder, else `path` itself
    /// when it holds a run's tables.
    public init(locating path: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let latest = path + "/latest"
        if fm.fileExists(atPath: latest + "/rankings.csv") {
            directory = latest
        } else if fm.fileExists(atPath: path + "/rankings.csv") {
            directory = path
        } else if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
            fm.fileExists(atPath: path + "/manifest.json")
        {
            // A run folder missing its main table: say which table, not that the run is missing.
            throw RunReadError.missingTable(path: path + "/rankings.csv")
        } else {
            throw RunReadError.missingRun(path: path)
        }
        let manifestPath = directory + "/manifest.json"
        guard let data = fm.contents(atPath: manifestPath) else { throw RunReadError.missingTable(path: manifestPath) }
        manifestData = data
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw RunReadError.malformedTable(path: manifestPath, line: 1, reason: "not a JSON object")
        }
    }

    /// Reads one of the run's tables by file name.
    public func table(_ name: String, keepingRowsWhere column: String? = nil, equals value: String? = nil) throws
        -> OutputTable
    {
        try OutputTable.read(directory + "/" + name, keepingRowsWhere: column, equals: value)
    }

    public var runID: String { manifest["run_id"] as? String ?? (directory as NSString).lastPathComponent }
    public var year: Int? { manifest["year"] as? Int }
    public var pipelineName: String { (manifest["pipeline"] as? [String: Any])?["name"] as? String ?? "" }

    /// The pipeline file the run used, when it is still where the manifest says and unchanged.
    ///
    /// - Returns: the pipeline, or nil with the reason it could not be used.
    public func pipeline() -> (pipeline: Pipeline?, note: String?) {
        guard let info = manifest["pipeline"] as? [String: Any], let path = info["path"] as? String,
            let sha = info["sha256"] as? String
        else { return (nil, "the manifest names no pipeline file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, "pipeline file \(path) not found from here")
        }
        guard SHA256.hash([UInt8](data)) == sha else { return (nil, "pipeline file \(path) changed since the run") }
        guard let p = try? PipelineLoader.parse(data, path: path) else { return (nil, "pipeline file \(path) no longer loads") }
        return (p, nil)
    }
}
