import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Logging for people and for cron: a line per stage on standard error when it is a terminal (or
/// with `--verbose`, or always as JSON with `--log-format json`), warnings always, and one final
/// summary line.
struct RunLog {
    enum Format: String {
        case text
        case json
    }

    let format: Format
    let showStages: Bool

    init(_ args: ParsedArguments, command: String) throws {
        let raw = args.value("--log-format") ?? "text"
        guard let format = Format(rawValue: raw) else {
            throw UsageError(
                command: command, "The value '\(raw)' is invalid for '--log-format <format>': expected 'text' or 'json'")
        }
        self.format = format
        showStages = format == .json || args.has("--verbose") || isatty(STDERR_FILENO) == 1
    }

    func stage(_ t: StageTiming) {
        guard showStages else { return }
        emit(
            [("event", "stage"), ("stage", t.stage), ("rows", String(t.rows)), ("ms", String(format: "%.1f", t.milliseconds))],
            text: "stage=\(t.stage) rows=\(t.rows) ms=\(String(format: "%.1f", t.milliseconds))")
    }

    func warnings(_ warnings: [Warning]) {
        for w in warnings {
            if format == .json {
                emit([("event", "warning"), ("message", w.line)], text: "")
            } else {
                printError(w.line)
            }
        }
    }

    func summary(_ fields: [(String, String)]) {
        emit([("event", "done")] + fields, text: "mujun: " + fields.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
    }

    /// In json mode, a failed run's error as an event, just before the CLI's plain `mujun: error:`
    /// line (SPEC §3 fixes that line; log collectors read this one). Usage errors are not run failures.
    func failure(_ error: Error) {
        guard format == .json, !(error is UsageError) else { return }
        let status = (error as? MujunError)?.exitStatus ?? .failure
        emit([("event", "error"), ("status", String(status.rawValue)), ("message", "\(error)")], text: "")
    }

    private func emit(_ fields: [(String, String)], text: String) {
        if format == .json {
            printError(OrderedJSON.object(fields.map { ($0.0, .string($0.1)) }).renderedCompact())
        } else {
            printError(text)
        }
    }
}

extension OrderedJSON {
    /// On one line, for log collectors.
    func renderedCompact() -> String {
        switch self {
        case .array(let items): return "[" + items.map { $0.renderedCompact() }.joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { OrderedJSON.quote($0.0) + ":" + $0.1.renderedCompact() }.joined(separator: ",") + "}"
        default: return rendered()
        }
    }
}
