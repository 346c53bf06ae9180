import Foundation
import Testing

@testable import MujunCore

/// Output files: what a table hands the sink is exactly what the file holds, whether its bytes went
/// straight to the disk in aligned blocks, through the page cache, or both (the unaligned end).
@Suite struct TableFileTests {
    /// Bytes no two positions of which are alike in a short stretch, so a block written twice,
    /// dropped or misplaced shows.
    private func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { i in UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 13) }
    }

    @Test(arguments: [
        0, 1, 4095, 4096, 4097, DirectIO.blockBytes - 1, DirectIO.blockBytes, DirectIO.blockBytes + 1,
        2 * DirectIO.blockBytes + 4096 + 17,
    ])
    func fileHoldsExactlyTheBytesWritten(size: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mujun-tablefile-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.csv").path
        let bytes = pattern(size)
        // Pieces of uneven sizes, as a table's rounds are.
        try TableFile.write(to: path) { sink in
            var start = 0
            var piece = 1
            while start < bytes.count {
                let end = min(bytes.count, start + piece)
                try bytes[start..<end].withUnsafeBytes { try sink.write($0) }
                start = end
                piece = piece * 7 % 1_048_583 + 4093
            }
        }
        let read = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(read.count == size)
        #expect(read == bytes)
    }
}
