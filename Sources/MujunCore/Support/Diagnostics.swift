import Foundation

/// Exit statuses of SPEC §3 (sysexits(3)), so cron and schedulers can tell failures apart.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case cannotCreate = 73
    case tempFail = 75
    case config = 78
}

/// Where a diagnostic points; any part may be unknown.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?

    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String {
        var s = path
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s
    }
}

/// An error the tool reports as one `mujun: error: …` line and turns into an exit status.
public protocol MujunError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
    var location: SourceLocation? { get }
    var message: String { get }
}

extension MujunError {
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}

/// Renders diagnostics in the compiler-like shape of SPEC §3.
public enum Diagnostics {
    public static func errorLine(_ error: MujunError) -> String {
        "mujun: error: \(error.description)"
    }

    public static func warningLine(_ location: SourceLocation?, _ message: String) -> String {
        if let location { return "mujun: warning: \(location): \(message)" }
        return "mujun: warning: \(message)"
    }
}

/// A warning raised while running, collected so the CLI prints them in order and tests can read them.
public struct Warning: Equatable, Sendable {
    public var location: SourceLocation?
    public var message: String

    public init(_ location: SourceLocation?, _ message: String) {
        self.location = location
        self.message = message
    }

    public var line: String { Diagnostics.warningLine(location, message) }
}

/// Writes to standard error without buffering surprises.
public func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
