/// Why a pipeline file (SPEC §14) could not be loaded.
///
/// Every case names the pipeline file, and every content error names the key path in SPEC's
/// form (`groups[0].indicators[2].weight`; keys that are not plain identifiers are quoted,
/// `inputs["tax.csv"].path`). A missing or unreadable file exits 66; anything wrong inside it
/// exits 78.
public enum ConfigError: MujunError, Equatable {
    /// The file does not exist, is a folder or cannot be read: `cannot read pipeline file: <message>`.
    case unreadable(path: String, message: String)
    /// The bytes are not JSON5; `message` is printed as is.
    case syntax(path: String, message: String)
    /// `unknown key '<keyPath>'; did you mean '<suggestion>'?` (the suggestion only when one is near).
    case unknownKey(path: String, keyPath: String, suggestion: String?)
    /// `'<keyPath>' must be a <expected>, found <found>`, with JSON type names
    /// (`null`, `boolean`, `number`, `string`, `list`, `object`).
    case wrongType(path: String, keyPath: String, expected: String, found: String)
    /// `missing required key '<keyPath>'`.
    case missingKey(path: String, keyPath: String)
    /// `'<keyPath>' <message>`, e.g. `'max_reject_share' must be between 0 and 1, found 1.5`.
    case invalidValue(path: String, keyPath: String, message: String)

    /// 66 when the file cannot be read at all, 78 for everything wrong inside it (SPEC §3).
    public var exitStatus: ExitStatus {
        if case .unreadable = self { return .noInput }
        return .config
    }

    /// The pipeline file; JSONDecoder reports no line or column, so none is given.
    public var location: SourceLocation? {
        switch self {
        case .unreadable(let path, _), .syntax(let path, _), .unknownKey(let path, _, _),
            .wrongType(let path, _, _, _), .missingKey(let path, _), .invalidValue(let path, _, _):
            return SourceLocation(path: path)
        }
    }

    /// The message after `path: `, lower-case and without a trailing period.
    public var message: String {
        switch self {
        case .unreadable(_, let message):
            return "cannot read pipeline file: \(message)"
        case .syntax(_, let message):
            return message
        case .unknownKey(_, let keyPath, let suggestion):
            if let suggestion { return "unknown key '\(keyPath)'; did you mean '\(suggestion)'?" }
            return "unknown key '\(keyPath)'"
        case .wrongType(_, let keyPath, let expected, let found):
            let article = expected.hasPrefix("object") ? "an" : "a"
            return "\(Self.subject(keyPath)) must be \(article) \(expected), found \(found)"
        case .missingKey(_, let keyPath):
            return "missing required key '\(keyPath)'"
        case .invalidValue(_, let keyPath, let message):
            return "\(Self.subject(keyPath)) \(message)"
        }
    }

    /// The quoted key path, or the file itself for the top-level value.
    private static func subject(_ keyPath: String) -> String {
        keyPath.isEmpty ? "the pipeline file" : "'\(keyPath)'"
    }
}
