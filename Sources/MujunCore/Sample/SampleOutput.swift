import Foundation

/// Failures of `mujun sample`; all of them mean the output could not be written (exit 73).
public enum SampleError: MujunError, Equatable {
    /// The folder or a file in it could not be created.
    case cannotCreate(path: String, reason: String)
    /// Writing to an open file failed (disk full, permissions changed, …).
    case cannotWrite(path: String, reason: String)
    /// A fixed text could not be encoded in the file's encoding (GB18030 for land.csv).
    case cannotEncode(path: String, text: String)

    /// Always `.cannotCreate` (73): the only way the generator fails is on output.
    public var exitStatus: ExitStatus { .cannotCreate }

    /// The file or folder concerned.
    public var location: SourceLocation? {
        switch self {
        case .cannotCreate(let path, _), .cannotWrite(let path, _), .cannotEncode(let path, _):
            return SourceLocation(path: path)
        }
    }

    /// One lower-case line without a trailing period.
    public var message: String {
        switch self {
        case .cannotCreate(_, let reason): return "cannot create: \(reason)"
        case .cannotWrite(_, let reason): return "cannot write: \(reason)"
        case .cannotEncode(_, let text): return "cannot encode '\(text)' as GB18030"
        }
    }
}

extension SampleError {
    /// A short lower-case reason for a Foundation error: the POSIX error text when there is one.
    static func reason(_ error: Error) -> String {
        var current = error as NSError
        while current.domain != NSPOSIXErrorDomain, let underlying = current.userInfo[NSUnderlyingErrorKey] as? NSError {
            current = underlying
        }
        if current.domain == NSPOSIXErrorDomain, let text = strerror(Int32(current.code)) {
            return String(cString: text).lowercased()
        }
        if let code = (error as? CocoaError)?.code {
            switch code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
            case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on device"
            case .fileWriteFileExists: return "a file is in the way"
            default: break
            }
        }
        return "operation failed (\(current.domain) \(current.code))"
    }
}

/// A CSV file written from one large byte buffer, flushed in blocks of a few MB.
///
/// Everything is appended as bytes: ASCII literals, pre-encoded texts and numbers formatted
/// digit by digit, so that a million enterprises' rows cost no `String` work per row. The buffer
/// is raw memory with room for a block plus slack, since a record is far shorter than the slack
/// and the buffer is flushed at the end of every record that crosses the block size.
final class SampleFile {
    /// Flush once the buffer holds this much.
    static let blockSize = 1 << 22
    /// Room past the block size; no record comes near it.
    static let slack = 1 << 16

    let path: String
    private let handle: FileHandle
    private let storage: UnsafeMutablePointer<UInt8>
    // Used from one thread only; dynamic exclusivity checks on these cost a third of the run time.
    @exclusivity(unchecked) private var count = 0
    /// Where the current record starts in the buffer, and the previous record's range.
    @exclusivity(unchecked) private var recordStart = 0
    @exclusivity(unchecked) private var lastStart = 0
    @exclusivity(unchecked) private var lastEnd = 0
    private let crlf: Bool
    /// Records written after the header (blank lines included).
    private(set) var records = 0
    /// Bytes written so far.
    private(set) var size = 0

    init(directory: URL, name: String, crlf: Bool = false) throws {
        let url = directory.appendingPathComponent(name)
        path = url.path
        self.crlf = crlf
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw SampleError.cannotCreate(path: path, reason: "the file cannot be created")
        }
        do {
            handle = try FileHandle(forWritingTo: url)
        } catch {
            throw SampleError.cannotCreate(path: path, reason: SampleError.reason(error))
        }
        storage = .allocate(capacity: SampleFile.blockSize + SampleFile.slack)
    }

    deinit {
        storage.deallocate()
    }

    @inline(__always) func byte(_ b: UInt8) {
        storage[count] = b
        count += 1
    }

    @inline(__always) func comma() { byte(UInt8(ascii: ",")) }

    @inline(__always) func bytes(_ b: [UInt8]) {
        b.withUnsafeBufferPointer { raw($0) }
    }

    @inline(__always) func bytes(_ b: ArraySlice<UInt8>) {
        b.withUnsafeBufferPointer { raw($0) }
    }

    @inline(__always) private func raw(_ b: UnsafeBufferPointer<UInt8>) {
        guard let base = b.baseAddress, b.count > 0 else { return }
        (storage + count).update(from: base, count: b.count)
        count += b.count
    }

    /// An ASCII literal.
    @inline(__always) func text(_ s: StaticString) {
        s.withUTF8Buffer { raw($0) }
    }

    /// A plain integer.
    func int(_ v: Int) { fixed(Int64(v), decimals: 0) }

    /// `value / 10^decimals` with exactly `decimals` digits after the point; with `grouped`,
    /// thousands separators in the integer part (the caller quotes the cell).
    func fixed(_ value: Int64, decimals: Int, grouped: Bool = false) {
        var v = value.magnitude
        if value < 0 { byte(UInt8(ascii: "-")) }
        // Digits go right to left into a scratch area past the end, then move into place.
        let scratch = storage + count + 64
        var k = 0
        for _ in 0..<decimals {
            k += 1
            scratch[-k] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
        if decimals > 0 {
            k += 1
            scratch[-k] = UInt8(ascii: ".")
        }
        var group = 0
        repeat {
            if grouped && group == 3 {
                k += 1
                scratch[-k] = UInt8(ascii: ",")
                group = 0
            }
            k += 1
            scratch[-k] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            group += 1
        } while v > 0
        (storage + count).update(from: scratch - k, count: k)
        count += k
    }

    /// A two-digit number with a leading zero.
    @inline(__always) func twoDigits(_ v: Int) {
        byte(UInt8(ascii: "0") + UInt8(v / 10 % 10))
        byte(UInt8(ascii: "0") + UInt8(v % 10))
    }

    /// `v` with leading zeros to `width` digits.
    func digits(_ v: Int, width: Int) {
        var divisor = 1
        for _ in 1..<max(1, width) { divisor *= 10 }
        while divisor > 0 {
            byte(UInt8(ascii: "0") + UInt8(v / divisor % 10))
            divisor /= 10
        }
    }

    /// Ends the record and flushes when the buffer is full (keeping the record just ended, so
    /// that `repeatLast` can copy it).
    func endRecord() throws {
        if crlf { byte(13) }
        byte(10)
        records += 1
        lastStart = recordStart
        lastEnd = count
        recordStart = lastEnd
        if count >= SampleFile.blockSize {
            try write(from: 0, to: lastStart)
            storage.update(from: storage + lastStart, count: lastEnd - lastStart)
            lastEnd -= lastStart
            lastStart = 0
            recordStart = lastEnd
            count = lastEnd
        }
    }

    /// Appends a copy of the record just ended, without its line end (an exact duplicate row
    /// once the caller ends it).
    func repeatLast() {
        let length = lastEnd - (crlf ? 2 : 1) - lastStart
        (storage + count).update(from: storage + lastStart, count: length)
        count += length
    }

    /// Ends the header line (not counted as a record).
    func endHeader() throws {
        try endRecord()
        records = 0
    }

    private func write(from start: Int, to end: Int) throws {
        guard end > start else { return }
        do {
            try handle.write(contentsOf: Data(bytes: storage + start, count: end - start))
        } catch {
            throw SampleError.cannotWrite(path: path, reason: SampleError.reason(error))
        }
        size += end - start
    }

    /// Writes what is left and closes the file.
    func finish() throws {
        try write(from: 0, to: count)
        count = 0
        recordStart = 0
        lastStart = 0
        lastEnd = 0
        do {
            try handle.close()
        } catch {
            throw SampleError.cannotWrite(path: path, reason: SampleError.reason(error))
        }
    }
}
