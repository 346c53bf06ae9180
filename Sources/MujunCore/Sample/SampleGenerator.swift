import Dispatch
import Foundation

/// Generates the nine department exports of a fictional development zone (清溪经济开发区), for
/// trying the pipeline out, for tests and for benchmarks.
///
/// The output is a pure function of the four arguments: every random choice comes from SplitMix64
/// streams derived from the seed, the enterprise and the file, and nothing depends on hashing or
/// dictionary order, so the same arguments give byte-identical files on every run.
///
/// Without `clean`, the files look like real exports and carry their faults: Chinese headers
/// (energy, land, economy, violations), land.csv in GB18030, tax.csv with a UTF-8 BOM and CRLF,
/// quoted names with commas, amounts with thousands separators, mixed period, date and unit
/// spellings, invalid and unknown credit codes, exact duplicates, `#VALUE!`, blank `,,,` lines and
/// rows outside the evaluation year; every file's rejected rows stay near 0.5–2 %. With `clean`,
/// every file is UTF-8 with English headers and canonical spellings, and every row is accepted.
/// The enterprises and their figures are the same either way.
public struct SampleGenerator {
    /// How many registry enterprises to generate.
    public let enterprises: Int
    /// Seed of every random choice.
    public let seed: UInt64
    /// The evaluation year; history covers the three years before it.
    public let year: Int
    /// Leave out the deliberate faults and quirks.
    public let clean: Bool

    /// The nine file names, in SPEC §2 order.
    public static let fileNames = [
        "enterprises.csv", "tax.csv", "energy.csv", "land.csv", "economy.csv",
        "emissions.csv", "leases.csv", "violations.csv", "history.csv",
    ]

    /// - Parameters:
    ///   - enterprises: registry size (at least 1).
    ///   - seed: random seed.
    ///   - year: evaluation year.
    ///   - clean: leave out the deliberate faults.
    public init(enterprises: Int, seed: UInt64, year: Int, clean: Bool) {
        self.enterprises = max(1, enterprises)
        self.seed = seed
        self.year = year
        self.clean = clean
    }

    /// What one call to `write(to:)` produced.
    public struct Summary: Equatable, Sendable {
        /// Data records per file (blank lines included, header excluded), in `fileNames` order.
        public var records: [Int]
        /// Bytes per file, in `fileNames` order.
        public var bytes: [Int]
    }

    /// Writes the nine files into `directory`, creating it if needed; existing files are replaced.
    ///
    /// - Throws: `SampleError` when the folder or a file cannot be created or written.
    @discardableResult
    public func write(to directory: URL) throws -> Summary {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SampleError.cannotCreate(path: directory.path, reason: SampleError.reason(error))
        }
        let files = SampleFiles(registry: SampleRegistry(enterprises: enterprises, seed: seed, year: year), clean: clean)
        let writers: [(SampleFiles) -> (SampleFile) throws -> Void] = [
            SampleFiles.writeEnterprises, SampleFiles.writeTax, SampleFiles.writeEnergy, SampleFiles.writeLand,
            SampleFiles.writeEconomy, SampleFiles.writeEmissions, SampleFiles.writeLeases,
            SampleFiles.writeViolations, SampleFiles.writeHistory,
        ]
        // Biggest files first so that the two largest start at once.
        let order = [1, 2, 4, 8, 0, 3, 5, 6, 7]
        let results = SampleResults(count: writers.count)
        let crlf = !clean
        DispatchQueue.concurrentPerform(iterations: order.count) { k in
            let index = order[k]
            do {
                let file = try SampleFile(
                    directory: directory, name: SampleGenerator.fileNames[index],
                    crlf: crlf && (index == 1 || index == 3))
                try writers[index](files)(file)
                try file.finish()
                results.set(index, .success((file.records, file.size)))
            } catch {
                results.set(index, .failure(error))
            }
        }
        var summary = Summary(records: [], bytes: [])
        for result in results.all() {
            switch result {
            case .success(let (records, size)):
                summary.records.append(records)
                summary.bytes.append(size)
            case .failure(let error):
                throw error
            case nil:
                throw SampleError.cannotWrite(path: directory.path, reason: "a file was not written")
            }
        }
        return summary
    }
}

/// Results of the parallel file writers, one slot per file.
private final class SampleResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<(Int, Int), Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<(Int, Int), Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func all() -> [Result<(Int, Int), Error>?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
