import Foundation

/// The `mujun` command line: subcommands, help, version, and the mapping from errors to exit statuses.
public enum MujunCLI {
    public static let version = "0.1.0"

    static let commands: [CommandSpec] = [
        RunCommand.spec, ValidateCommand.spec, SampleCommand.spec, ExplainCommand.spec, DiffCommand.spec,
    ]

    static let rootHelp: String = {
        var s = """
            OVERVIEW: Per-mu (亩均) productivity evaluation of industrial enterprises.

            USAGE: mujun <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:

            """
        for c in commands {
            s += "  " + c.name.padding(toLength: 22, withPad: " ", startingAt: 0) + c.abstract + "\n"
        }
        s += "\n  See 'mujun help <subcommand>' for detailed help.\n"
        return s
    }()

    /// Runs one invocation and returns its exit status; everything the user sees goes to the given streams.
    public static func main(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            print(rootHelp, terminator: "")
            return ExitStatus.ok.rawValue
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "-h", "--help":
            print(rootHelp, terminator: "")
            return 0
        case "--version":
            print(version)
            return 0
        case "help":
            if let name = rest.first {
                guard let spec = commands.first(where: { $0.name == name }) else {
                    return usageFailure(UsageError(command: "", "Unknown subcommand '\(name)'"), spec: nil)
                }
                print(spec.help, terminator: "")
            } else {
                print(rootHelp, terminator: "")
            }
            return 0
        default:
            break
        }
        guard let spec = commands.first(where: { $0.name == first }) else {
            return usageFailure(UsageError(command: "", "Unknown subcommand '\(first)'"), spec: nil)
        }
        do {
            let parsed = try spec.parse(rest)
            if parsed.wantsHelp {
                print(spec.help, terminator: "")
                return 0
            }
            switch spec.name {
            case RunCommand.spec.name: return try RunCommand.execute(parsed).rawValue
            case ValidateCommand.spec.name: return try ValidateCommand.execute(parsed).rawValue
            case SampleCommand.spec.name: return try SampleCommand.execute(parsed).rawValue
            case ExplainCommand.spec.name: return try ExplainCommand.execute(parsed).rawValue
            case DiffCommand.spec.name: return try DiffCommand.execute(parsed).rawValue
            default: return ExitStatus.failure.rawValue
            }
        } catch let error as UsageError {
            return usageFailure(error, spec: spec)
        } catch let error as MujunError {
            printError(Diagnostics.errorLine(error))
            return error.exitStatus.rawValue
        } catch {
            printError("mujun: error: \(error)")
            return ExitStatus.failure.rawValue
        }
    }

    static func usageFailure(_ error: UsageError, spec: CommandSpec?) -> Int32 {
        var lines = ["Error: \(error.message)"]
        if let spec {
            lines.append("Usage: \(spec.usage)")
            lines.append("See 'mujun \(spec.name) --help'.")
        } else {
            lines.append("Usage: mujun <subcommand>")
            lines.append("See 'mujun --help'.")
        }
        printError(lines.joined(separator: "\n"))
        return ExitStatus.usage.rawValue
    }
}
