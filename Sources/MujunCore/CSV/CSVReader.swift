import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished read learnt about the file as a whole (for the manifest).
public struct FileFacts: Equatable, Sendable {
    /// `utf-8`, `utf-8-bom` or `gb18030`.
    public var encoding: String
    public var sha256: String
    public var bytes: Int
}

/// Reads one CSV file in large blocks and hands each non-blank record to a callback (SPEC §2).
///
/// Encoding: a UTF-8 BOM means UTF-8; otherwise bytes that are valid UTF-8 mean UTF-8; otherwise
/// GB18030. Detection streams: the file is read as UTF-8 until the first invalid byte, and only
/// then read again from the start as GB18030, so the callback must tolerate being restarted —
/// `read` takes a closure that builds a fresh consumer for each attempt.
public struct CSVReader {
    public var path: String
    /// How messages name the file (the path as the user gave it).
    public var displayPath: String
    public var encoding: TextEncoding
    public var blockSize = 4 << 20
    /// A record longer than this is a fatal error rather than an unbounded buffer.
    public var maxRecordBytes = 64 << 20
    public var maxFields = 10_000

    public init(path: String, displayPath: String? = nil, encoding: TextEncoding = .auto) {
        self.path = path
        self.displayPath = displayPath ?? path
        self.encoding = encoding
    }

    private struct RestartAsGB18030: Error {}

    /// Reads the file; `makeConsumer` is called once per attempt and its result receives the records.
    /// The first non-blank record is the header.
    public func read<Consumer>(
        makeConsumer: () -> Consumer, consume: (inout Consumer, CSVRecord) throws -> Void
    ) throws -> (Consumer, FileFacts) {
        do {
            var consumer = makeConsumer()
            let facts = try readOnce(mode: encoding, allowFallback: encoding == .auto) {
                try consume(&consumer, $0)
            }
            return (consumer, facts)
        } catch is RestartAsGB18030 {
            var consumer = makeConsumer()
            let facts = try readOnce(mode: .gb18030, allowFallback: false) { try consume(&consumer, $0) }
            return (consumer, facts)
        }
    }

    private func readOnce(
        mode: TextEncoding, allowFallback: Bool, _ body: (CSVRecord) throws -> Void
    ) throws -> FileFacts {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno)).lowercased()
            throw CSVError.unreadable(path: displayPath, reason: reason)
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw CSVError.unreadable(path: displayPath, reason: "is a directory, not a file")
        }
        defer { close(fd) }

        var hasher = SHA256()
        var utf8 = UTF8Validator()
        var gb = GB18030Validator()
        var totalBytes = 0
        var sawBOM = false
        let gbMode = mode == .gb18030

        // `data` holds UTF-8 bytes not yet tokenized, starting at a record boundary.
        var capacity = blockSize * 2
        var data = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { data.deallocate() }
        var filled = 0
        // At least a BOM's 3 bytes, so that the first block always shows a whole BOM.
        let raw = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(blockSize, 3))
        defer { raw.deallocate() }
        // GB18030 bytes waiting for a line end before they can be decoded.
        var gbPending: [UInt8] = []

        var tokenizer = CSVTokenizer()
        tokenizer.maxFields = maxFields
        var record = CSVRecord(base: data)
        var first = true
        var atEOF = false

        while !atEOF {
            let n = posixRead(fd, raw, first ? Swift.max(blockSize, 3) : blockSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw CSVError.unreadable(path: displayPath, reason: String(cString: strerror(errno)))
            }
            atEOF = n == 0
            var block = UnsafeBufferPointer(start: raw, count: n)
            hasher.update(UnsafeRawBufferPointer(block))
            let blockOffset = totalBytes
            totalBytes += n
            if first && n > 0 {
                first = false
                if !gbMode && n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF {
                    sawBOM = true
                    block = UnsafeBufferPointer(rebasing: block[3...])
                    _ = utf8.feed(UnsafeBufferPointer(start: raw, count: 3))
                }
            }
            var incoming: [UInt8]? = nil
            if gbMode {
                if let bad = gb.feed(block) ?? (atEOF ? gb.finish() : nil) {
                    throw CSVError.undecodable(path: displayPath, offset: bad, encoding: "GB18030")
                }
                gbPending.append(contentsOf: block)
                // Decode up to the last line end (never inside a multi-byte sequence).
                var cut = gbPending.count
                if !atEOF {
                    cut = 0
                    if let lastNewline = gbPending.lastIndex(of: newlineByte) { cut = lastNewline + 1 }
                    if cut == 0 && gb.atBoundary && gbPending.count > blockSize { cut = gbPending.count }
                }
                if cut > 0 {
                    let decoded = String(data: Data(gbPending[0..<cut]), encoding: gb18030Encoding)
                    guard let decoded else {
                        throw CSVError.undecodable(path: displayPath, offset: blockOffset, encoding: "GB18030")
                    }
                    incoming = Array(decoded.utf8)
                    gbPending.removeSubrange(0..<cut)
                }
            } else {
                if let bad = utf8.feed(block) ?? (atEOF ? utf8.finish() : nil) {
                    if allowFallback && !sawBOM { throw RestartAsGB18030() }
                    throw CSVError.undecodable(path: displayPath, offset: bad, encoding: "UTF-8")
                }
            }
            // In GB18030 mode only decoded bytes go on; undecoded ones wait in `gbPending`.
            let addCount = incoming?.count ?? (gbMode ? 0 : block.count)
            if filled + addCount > capacity {
                let needed = filled + addCount
                if needed > maxRecordBytes + blockSize * 2 {
                    throw CSVError.recordTooLarge(path: displayPath, line: tokenizer.line, limit: maxRecordBytes)
                }
                var newCapacity = capacity
                while newCapacity < needed { newCapacity *= 2 }
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
                grown.update(from: data, count: filled)
                data.deallocate()
                data = grown
                capacity = newCapacity
            }
            if let incoming {
                incoming.withUnsafeBufferPointer { src in
                    if let s = src.baseAddress { (data + filled).update(from: s, count: src.count) }
                }
            } else if !gbMode, let s = block.baseAddress {
                (data + filled).update(from: s, count: block.count)
            }
            filled += addCount

            var start = 0
            while start < filled {
                switch tokenizer.next(data, start: start, end: filled, atEOF: atEOF, into: &record) {
                case .incomplete:
                    if filled - start > maxRecordBytes {
                        throw CSVError.recordTooLarge(
                            path: displayPath, line: tokenizer.line, limit: maxRecordBytes)
                    }
                    break
                case .tooManyFields:
                    throw CSVError.tooManyColumns(path: displayPath, count: maxFields + 1, limit: maxFields)
                case .record(let next):
                    start = next
                    if !record.isBlank || record.isMalformed { try body(record) }
                    continue
                }
                break
            }
            if start > 0 {
                memmove(data, data + start, filled - start)
                filled -= start
            }
        }
        let encodingName = gbMode ? "gb18030" : (sawBOM ? "utf-8-bom" : "utf-8")
        return FileFacts(encoding: encodingName, sha256: SHA256.hex(hasher.finalize()), bytes: totalBytes)
    }
}

/// read(2), named apart from `CSVReader.read`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private let newlineByte = UInt8(ascii: "\n")
/// Foundation's GB18030 (kCFStringEncodingGB_18030_2000).
let gb18030Encoding = String.Encoding(rawValue: 0x8000_0632)
