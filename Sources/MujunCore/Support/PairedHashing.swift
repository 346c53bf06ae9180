import Foundation

/// One input file's SHA-256, computed two files at a time (issue #3).
///
/// The SHA instructions hash two independent messages side by side in ~60 % of the time of one
/// after the other (`SHA256.update(_:_:_:_:)`), and ingest reads two files at once. So a reader
/// does not hash a block as it reads it: it hands the block in (`add`) and goes on parsing. If
/// another file's block is waiting by then, the thread that handed it in hashes the two together;
/// otherwise the block waits for a partner until its reader must have it hashed (`settle`: before
/// the window holding it is tokenized, which unescapes quoted fields in place, and before its
/// buffer is reused), and whoever takes it first hashes it (with a partner if one is waiting).
///
/// A block is hashed at once, alone, when no other stream is open (no partner could come: the
/// registry, read before every other file, or the last file still being read), so that it is
/// hashed while the window before it is parsed rather than in the reader's way before its own.
///
/// Which blocks pair up depends on timing; the digests never do.
final class HashStream: @unchecked Sendable {
    private let desk: HashDesk
    /// The file's hasher; only `desk`'s lock holder or the thread hashing this stream touches it.
    fileprivate var hasher = SHA256()
    /// Bytes handed in and not hashed yet, and who is at them.
    fileprivate var block = UnsafeRawBufferPointer(start: nil, count: 0)
    fileprivate var state = State.idle
    /// Counted among the desk's open streams (until `close`).
    private var isOpen = true

    fileprivate enum State {
        /// Every byte handed in is hashed.
        case idle
        /// `block` waits on the desk.
        case waiting
        /// A thread is hashing `block`.
        case hashing
    }

    /// An open stream; `close` it when the file is done (or abandoned).
    init(desk: HashDesk = .shared) {
        self.desk = desk
        desk.countOpenStreams(by: 1)
    }

    /// Hands in the next bytes of the file. They must stay as they are until `settle` (or
    /// `finalize`) returns; the bytes handed in before them are settled first.
    func add(_ bytes: UnsafeRawBufferPointer) {
        settle()
        guard bytes.count > 0 else { return }
        desk.add(self, bytes)
    }

    /// Returns once every byte handed in is hashed (hashing them here if they are still waiting);
    /// the bytes may then be reused. Call it before any exit that frees them.
    func settle() { desk.settle(self) }

    /// The digest of everything handed in.
    func finalize() -> [UInt8] {
        settle()
        return hasher.finalize()
    }

    /// Settles the stream and takes it off the desk's open streams (again: nothing).
    func close() {
        settle()
        if isOpen { desk.countOpenStreams(by: -1) }
        isOpen = false
    }
}

/// Where streams' blocks wait for a partner (one per process: files read by any reader pair up).
final class HashDesk: @unchecked Sendable {
    static let shared = HashDesk()

    private let condition = NSCondition()
    /// Streams in state `.waiting`, oldest first.
    private var waiting: [HashStream] = []
    /// Streams opened and not closed.
    private var openStreams = 0
    private var pairsHashed = 0

    /// Pairs of blocks hashed together so far (for tests).
    var pairs: Int { condition.withLock { pairsHashed } }
    /// Blocks waiting for a partner now (for tests).
    var waitingBlocks: Int { condition.withLock { waiting.count } }

    fileprivate func countOpenStreams(by delta: Int) {
        condition.withLock { openStreams += delta }
    }

    /// `stream` (idle) hands in `bytes`: hashed now with a waiting partner, or alone when no
    /// other stream is open, or left waiting.
    fileprivate func add(_ stream: HashStream, _ bytes: UnsafeRawBufferPointer) {
        condition.lock()
        stream.block = bytes
        let partner = takePartner(for: stream)
        guard partner != nil || openStreams <= 1 else {
            stream.state = .waiting
            waiting.append(stream)
            condition.unlock()
            return
        }
        stream.state = .hashing
        condition.unlock()
        hash(stream, partner)
    }

    /// Waits until `stream` has nothing left to hash, hashing its block here if it is waiting.
    ///
    /// While another thread hashes it (the block was taken as a partner), this one runs tasks of
    /// newer parallel loops if there are any (`Parallel.helpOnce`): the other reader's window is
    /// usually one, left untaken while its own thread hashes. Waiting idle instead left a core
    /// idle for a few milliseconds in every ~15 while tax.csv and energy.csv were read together.
    fileprivate func settle(_ stream: HashStream) {
        condition.lock()
        while true {
            switch stream.state {
            case .idle:
                condition.unlock()
                return
            case .hashing:
                condition.unlock()
                let helped = Parallel.helpOnce()
                condition.lock()
                if !helped && stream.state == .hashing { condition.wait() }
            case .waiting:
                waiting.removeAll { $0 === stream }
                stream.state = .hashing
                let partner = takePartner(for: stream)
                condition.unlock()
                hash(stream, partner)
                return
            }
        }
    }

    /// Takes the oldest waiting stream other than `stream` off the desk, marked as being hashed.
    /// Call with the lock held.
    private func takePartner(for stream: HashStream) -> HashStream? {
        guard let k = waiting.firstIndex(where: { $0 !== stream }) else { return nil }
        let partner = waiting.remove(at: k)
        partner.state = .hashing
        return partner
    }

    /// Hashes the blocks of `stream` and `partner` (both marked as being hashed, by this thread
    /// alone), then marks them idle and wakes whoever waits for them.
    private func hash(_ stream: HashStream, _ partner: HashStream?) {
        if let partner {
            SHA256.update(&stream.hasher, stream.block, &partner.hasher, partner.block)
        } else {
            stream.hasher.update(stream.block)
        }
        condition.lock()
        if partner != nil { pairsHashed += 1 }
        for s in [stream, partner] {
            guard let s else { continue }
            s.block = UnsafeRawBufferPointer(start: nil, count: 0)
            s.state = .idle
        }
        condition.broadcast()
        condition.unlock()
    }
}
