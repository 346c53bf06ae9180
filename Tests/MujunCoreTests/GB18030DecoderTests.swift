import Foundation
import Testing

@testable import MujunCore

@Suite struct GB18030DecoderTests {
    private let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    private func decode(_ bytes: [UInt8], with decoder: inout GB18030Decoder) -> [UInt8]? {
        var out: [UInt8] = []
        let ok = bytes.withUnsafeBufferPointer { decoder.decode($0, appendingTo: &out) }
        return ok ? out : nil
    }

    @Test func everyTwoByteCharacterDecodesAsFoundationDecodesIt() {
        var decoder = GB18030Decoder()
        var text: [UInt8] = []
        var checked = 0
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                let sequence = [lead, trail]
                let expected = String(bytes: sequence, encoding: gb18030).map { Array($0.utf8) }
                // Twice: the second answer comes from the decoder's table, not from Foundation.
                #expect(decode(sequence, with: &decoder) == expected, "\(sequence)")
                #expect(decode(sequence, with: &decoder) == expected, "\(sequence)")
                if expected != nil {
                    text += sequence + (checked % 7 == 0 ? Array("a,1\n".utf8) : [])
                    checked += 1
                }
            }
        }
        #expect(checked > 20_000)
        // A whole text decodes as Foundation decodes it in one go.
        let whole = String(bytes: text, encoding: gb18030).map { Array($0.utf8) }
        #expect(whole != nil)
        #expect(decode(text, with: &decoder) == whole)
        var fresh = GB18030Decoder()
        #expect(decode(text, with: &fresh) == whole)
    }

    @Test func fourByteCharactersAndMixedTextDecodeAsFoundationDecodesThem() {
        var decoder = GB18030Decoder()
        // 𠀀 (U+20000, four bytes 95 32 82 36), € (U+20AC, two bytes A2 E3), ASCII, ideographs, U+3000.
        let samples = ["𠀀", "€", "黄岩区 C3670,12.5\r\n", "全角　空格", "😀 emoji", "ÿ", "abc"]
        for s in samples {
            guard let encoded = s.data(using: gb18030) else {
                Issue.record("Foundation cannot encode \(s)")
                continue
            }
            let bytes = [UInt8](encoded)
            #expect(decode(bytes, with: &decoder) == Array(s.utf8), "\(s)")
            #expect(decode(bytes, with: &decoder) == Array(s.utf8), "\(s) again")
        }
        // A sequence of four-byte characters across the range.
        var four: [UInt8] = []
        for b1 in stride(from: UInt8(0x81), through: 0x84, by: 1) {
            for b3 in stride(from: UInt8(0x81), through: 0xFE, by: 17) { four += [b1, 0x30 + b1 % 10, b3, 0x35] }
        }
        let expected = String(bytes: four, encoding: gb18030).map { Array($0.utf8) }
        #expect(decode(four, with: &decoder) == expected)
    }

    @Test func truncatedOrMalformedSequencesAreRefused() {
        var decoder = GB18030Decoder()
        #expect(decode([0x81], with: &decoder) == nil)
        #expect(decode([0xB0, 0xA1, 0x81], with: &decoder) == nil)
        #expect(decode([0x81, 0x30, 0x81], with: &decoder) == nil)
        #expect(decode([0x80], with: &decoder) == nil)
        #expect(decode([0x81, 0x7F], with: &decoder) == nil)
        #expect(decode([], with: &decoder) == [])
    }
}
