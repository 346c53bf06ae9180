import Foundation

/// A JSON5 document as a tree of plain values, before any meaning is attached to it.
///
/// Decoded with Foundation's `JSONDecoder` in JSON5 mode, so comments, unquoted keys, single
/// quotes and trailing commas are accepted. Object key order is not preserved (the decoder does
/// not report it); callers sort keys wherever order shows in a message. Every number arrives as a
/// `Double`; callers check integrality where they need an `Int`.
public indirect enum JSON5Value: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON5Value])
    case object([String: JSON5Value])

    /// Decodes a whole JSON5 document.
    ///
    /// - Parameter data: the document's bytes (UTF-8).
    /// - Throws: the decoder's `DecodingError` when the bytes are not JSON5.
    public static func decode(_ data: Data) throws -> JSON5Value {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        // A trailing line break, so that no token ends at the last byte: Foundation's JSON5 number
        // check (JSON5Scanner.validateNumber) was caught by the fuzzer trapping, now and then, on a
        // file that is only a long number, with a stack through that check (see
        // Tests/FuzzCorpus/pipeline-file/trap-in-foundation-json5-number*). White space changes
        // nothing else: it is allowed after any JSON5 value, and no message quotes a position.
        var padded = data
        padded.append(0x0A)
        return try decoder.decode(JSON5Value.self, from: padded)
    }

    /// Decodes one value of any JSON5 type.
    public init(from decoder: Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: JSON5Key.self) {
            var fields: [String: JSON5Value] = [:]
            for key in keyed.allKeys {
                fields[key.stringValue] = try keyed.decode(JSON5Value.self, forKey: key)
            }
            self = .object(fields)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [JSON5Value] = []
            while !unkeyed.isAtEnd {
                items.append(try unkeyed.decode(JSON5Value.self))
            }
            self = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let b = try? single.decode(Bool.self) {
            // Bool before Double: the decoder never turns `true` into 1 or 1 into `true`.
            self = .bool(b)
        } else if let x = try? single.decode(Double.self) {
            self = .number(x)
        } else if let s = try? single.decode(String.self) {
            self = .string(s)
        } else {
            // Only a number the decoder cannot hold (e.g. 1e400) gets here.
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "number out of range"))
        }
    }

    /// The JSON type's name as messages print it: `null`, `boolean`, `number`, `string`, `list`, `object`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "list"
        case .object: return "object"
        }
    }
}

/// A coding key for objects whose keys are not known in advance.
struct JSON5Key: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
