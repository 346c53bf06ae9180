/// A value made on first use by a closure that is let go as soon as it has run, with everything
/// it holds: ingest's registry rows (~100 MB at a million enterprises) are turned into columns
/// while the other files are read, and were otherwise kept until the end of ingest and freed
/// there, with one core alone.
///
/// Not safe for concurrent first use: callers make sure the second use happens after the first.
final class MadeOnce<Value> {
    private enum State {
        case pending(() -> Value)
        case made(Value)
    }
    private var state: State

    init(_ make: @escaping () -> Value) { state = .pending(make) }

    /// The value, made by the closure the first time.
    func value() -> Value {
        switch state {
        case .made(let value):
            return value
        case .pending(let make):
            let value = make()
            state = .made(value)
            return value
        }
    }
}
