/// A text column whose values repeat — industry codes, regions, exemption reasons, class reasons —
/// held as one small number per row into the column's distinct values (issue #3).
///
/// As `[String]` each row took a 16-byte `String` (48 MB for the registry's three such columns at a
/// million enterprises, all freshly faulted in while the files are read), and every gather of the
/// column retained and released them; a table writer can lay each distinct value out once
/// (`PreparedCells`) and copy it per row.
public struct InternedText: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral {
    /// The distinct values, each once (from `init(_:)`: in the order their first row comes).
    public private(set) var values: [String] = []
    /// Per row, the position of its value in `values`.
    public private(set) var valueIDs: [UInt32] = []

    public init() {}

    /// The column of these texts (equal texts become one value).
    public init(_ texts: [String]) {
        var interner = TextInterner()
        valueIDs = texts.map { UInt32(interner.id(of: $0)) }
        values = interner.texts
    }

    public init(arrayLiteral texts: String...) { self.init(texts) }

    /// A column from an interner's texts and each row's id among them.
    init(values: [String], valueIDs: [UInt32]) {
        self.values = values
        self.valueIDs = valueIDs
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { valueIDs.count }

    public subscript(row: Int) -> String { values[Int(valueIDs[row])] }

    public static func == (a: InternedText, b: InternedText) -> Bool { a.elementsEqual(b) }
}
