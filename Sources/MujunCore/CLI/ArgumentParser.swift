/// A small, hand-written take on swift-argument-parser's contract: declared options, `--help`
/// everywhere, and usage errors that print `Error: …`, the usage line and a `See …` hint.

/// A usage error: exit status 64, printed in the swift-argument-parser shape.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public var command: String
    public var message: String

    public init(command: String, _ message: String) {
        self.command = command
        self.message = message
    }

    public var description: String { message }
}

/// One option or flag a command accepts.
public struct OptionSpec: Sendable {
    public var name: String
    /// Placeholder for the value (`<dir>`); nil for a flag.
    public var value: String?
    public var help: String

    public init(_ name: String, value: String? = nil, help: String) {
        self.name = name
        self.value = value
        self.help = help
    }
}

/// What a command declares: enough to parse its arguments and to print its help.
public struct CommandSpec: Sendable {
    public var name: String
    public var abstract: String
    public var positionals: [(name: String, help: String, required: Bool)]
    public var options: [OptionSpec]
    public var discussion: String

    public init(
        name: String, abstract: String, positionals: [(name: String, help: String, required: Bool)] = [],
        options: [OptionSpec], discussion: String = ""
    ) {
        self.name = name
        self.abstract = abstract
        self.positionals = positionals
        self.options = options
        self.discussion = discussion
    }

    public var usage: String {
        var parts = ["mujun", name]
        for p in positionals { parts.append(p.required ? "<\(p.name)>" : "[<\(p.name)>]") }
        for o in options {
            if let v = o.value { parts.append("[\(o.name) <\(v)>]") } else { parts.append("[\(o.name)]") }
        }
        return parts.joined(separator: " ")
    }

    public var help: String {
        var s = "OVERVIEW: \(abstract)\n\nUSAGE: \(usage)\n"
        if !discussion.isEmpty { s += "\n\(discussion)\n" }
        if !positionals.isEmpty {
            s += "\nARGUMENTS:\n"
            for p in positionals { s += "  " + pad("<\(p.name)>") + p.help + "\n" }
        }
        s += "\nOPTIONS:\n"
        for o in options {
            let left = o.value.map { "\(o.name) <\($0)>" } ?? o.name
            s += "  " + pad(left) + o.help + "\n"
        }
        s += "  " + pad("-h, --help") + "Show help information.\n"
        return s
    }

    private func pad(_ s: String) -> String {
        s.count >= 24 ? s + "\n" + String(repeating: " ", count: 26) : s + String(repeating: " ", count: 24 - s.count)
    }
}

/// Parsed arguments of one command.
public struct ParsedArguments: Sendable {
    public var positionals: [String] = []
    public var values: [String: String] = [:]
    public var flags: Set<String> = []
    public var wantsHelp = false

    public func value(_ name: String) -> String? { values[name] }
    public func has(_ name: String) -> Bool { flags.contains(name) }

    /// An integer option, or a usage error naming it.
    public func int(_ name: String, command: String, range: ClosedRange<Int>) throws -> Int? {
        guard let raw = values[name] else { return nil }
        guard let v = Int(raw), range.contains(v) else {
            throw UsageError(
                command: command,
                "The value '\(raw)' is invalid for '\(name) <\(name.dropFirst(2))>': expected a whole number from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return v
    }
}

extension CommandSpec {
    public func parse(_ args: [String]) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "-h" || arg == "--help" {
                parsed.wantsHelp = true
                continue
            }
            if arg.hasPrefix("-") && arg.count > 1 {
                var name = arg
                var inline: String? = nil
                if let eq = arg.firstIndex(of: "=") {
                    name = String(arg[..<eq])
                    inline = String(arg[arg.index(after: eq)...])
                }
                guard let spec = options.first(where: { $0.name == name }) else {
                    throw UsageError(command: self.name, "Unknown option '\(name)'")
                }
                if spec.value != nil {
                    if let inline {
                        parsed.values[name] = inline
                    } else {
                        guard i < args.count else {
                            throw UsageError(command: self.name, "Missing value for '\(name) <\(spec.value!)>'")
                        }
                        parsed.values[name] = args[i]
                        i += 1
                    }
                } else {
                    if inline != nil { throw UsageError(command: self.name, "Flag '\(name)' takes no value") }
                    parsed.flags.insert(name)
                }
                continue
            }
            parsed.positionals.append(arg)
        }
        if parsed.wantsHelp { return parsed }
        if parsed.positionals.count > positionals.count {
            throw UsageError(command: name, "Unexpected argument '\(parsed.positionals[positionals.count])'")
        }
        for (index, p) in positionals.enumerated() where p.required && index >= parsed.positionals.count {
            throw UsageError(command: name, "Missing expected argument '<\(p.name)>'")
        }
        return parsed
    }
}
