/// Runs `body` with mutable buffers of three arrays at once: for parallel loops that write their
/// own slots of several columns (through buffers, so no thread retains and releases the arrays).
func withUnsafeMutableBuffers<A, B, C>(
    _ a: inout [A], _ b: inout [B], _ c: inout [C],
    _ body: (UnsafeMutableBufferPointer<A>, UnsafeMutableBufferPointer<B>, UnsafeMutableBufferPointer<C>) -> Void
) {
    a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in c.withUnsafeMutableBufferPointer { c in body(a, b, c) } }
    }
}
