import Foundation

/// A JSON value with ordered keys, so manifests are written the same way every time.
public indirect enum OrderedJSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public static func == (a: OrderedJSON, b: OrderedJSON) -> Bool { a.rendered() == b.rendered() }

    /// Pretty-printed with two-space indentation.
    public func rendered(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let d): return d.isFinite ? formatMeasure(d) : "null"
        case .string(let s): return OrderedJSON.quote(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n"
                + pairs.map { inner + OrderedJSON.quote($0.0) + ": " + $0.1.rendered(indent: inner) }
                .joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// manifest.json (SPEC §13): what was run on what, and the row accounting of every input.
public enum Manifest {
    /// Bumped whenever a table's columns, units or order change (the dashboard contract).
    public static let schemaVersion = 1

    public struct Context: Sendable {
        public var runID: String
        public var status: String
        public var pipelinePath: String
        public var pipelineSHA256: String
        public var dataDirectory: String
        public var tables: [String]
        public var extraTimings: [StageTiming]

        public init(
            runID: String, status: String, pipelinePath: String, pipelineSHA256: String, dataDirectory: String,
            tables: [String], extraTimings: [StageTiming] = []
        ) {
            self.runID = runID
            self.status = status
            self.pipelinePath = pipelinePath
            self.pipelineSHA256 = pipelineSHA256
            self.dataDirectory = dataDirectory
            self.tables = tables
            self.extraTimings = extraTimings
        }
    }

    public static func inputsJSON(_ files: [FileReport]) -> OrderedJSON {
        .array(
            files.map { f in
                var pairs: [(String, OrderedJSON)] = [
                    ("file", .string(f.file.rawValue)), ("path", .string(f.path)), ("present", .bool(f.present)),
                ]
                if let facts = f.facts {
                    pairs += [
                        ("encoding", .string(facts.encoding)), ("sha256", .string(facts.sha256)),
                        ("bytes", .int(facts.bytes)),
                    ]
                }
                pairs += [
                    ("rows_read", .int(f.rowsRead)), ("rows_accepted", .int(f.rowsAccepted)),
                    ("rows_rejected", .int(f.rowsRejected)), ("rows_in_year", .int(f.rowsInYear)),
                    (
                        "rejects_by_reason",
                        .object(f.rejectsByReason.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .int($0.value)) })
                    ),
                ]
                return .object(pairs)
            })
    }

    public static func build(
        pipeline: Pipeline, year: Int, files: [FileReport], gateFailures: [FileReport], timings: [StageTiming],
        warnings: [Warning], context: Context
    ) -> OrderedJSON {
        .object([
            ("schema_version", .int(schemaVersion)),
            ("tool", .string("mujun")),
            ("tool_version", .string(MujunCLI.version)),
            ("run_id", .string(context.runID)),
            ("year", .int(year)),
            ("status", .string(context.status)),
            (
                "pipeline",
                .object([
                    ("name", .string(pipeline.name)), ("path", .string(context.pipelinePath)),
                    ("sha256", .string(context.pipelineSHA256)),
                ])
            ),
            ("data", .string(context.dataDirectory)),
            (
                "quality_gate",
                .object([
                    ("max_reject_share", .number(pipeline.maxRejectShare)),
                    ("passed", .bool(gateFailures.isEmpty)),
                    ("forced", .bool(context.status == "forced")),
                    ("failed_files", .array(gateFailures.map { .string($0.file.rawValue) })),
                ])
            ),
            ("inputs", inputsJSON(files)),
            (
                "stages",
                .array(
                    (timings + context.extraTimings).map {
                        .object([
                            ("name", .string($0.stage)), ("ms", .number($0.milliseconds)), ("rows", .int($0.rows)),
                        ])
                    })
            ),
            ("tables", .array(context.tables.map { .string($0) })),
            ("warnings", .array(warnings.map { .string($0.line) })),
        ])
    }
}
