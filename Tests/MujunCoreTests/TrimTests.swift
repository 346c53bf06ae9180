import Testing
@testable import MujunCore

@Suite struct TrimTests {
    /// The trimmed bytes of `s`, through the byte-level API.
    private func trimmedBytes(_ s: String) -> String {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { b in
            String(decoding: b[trimmedRange(b)], as: UTF8.self)
        }
    }

    @Test func removesAsciiWhiteSpaceAtBothEnds() {
        #expect(trimmedBytes(" \t\r\n\u{0B}\u{0C}abc \t\r\n") == "abc")
        #expect(trimCell(" \t\r\n\u{0B}\u{0C}abc \t\r\n") == "abc")
    }

    @Test func removesUnicodeWhiteSpace() {
        let spaces = ["\u{00A0}", "\u{3000}", "\u{0085}", "\u{1680}", "\u{2000}", "\u{2005}", "\u{200A}",
                      "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}"]
        for space in spaces {
            let cell = space + "91110000600037341L" + space + space
            #expect(trimmedBytes(cell) == "91110000600037341L", "\(space.unicodeScalars.map(\.value))")
            #expect(trimCell(cell) == "91110000600037341L")
        }
        #expect(trimmedBytes("\u{3000}\u{00A0} 宁波 \u{3000}") == "宁波")
    }

    @Test func keepsInnerWhiteSpace() {
        #expect(trimmedBytes("  a b\u{3000}c  ") == "a b\u{3000}c")
        #expect(trimCell("  a b\u{3000}c  ") == "a b\u{3000}c")
    }

    @Test func keepsNonWhiteSpaceLookalikes() {
        // U+200B (zero width space) and U+FEFF are not White_Space; U+200B shares U+2000's first two bytes.
        #expect(trimmedBytes("\u{200B}x\u{200B}") == "\u{200B}x\u{200B}")
        #expect(trimmedBytes("\u{FEFF}x") == "\u{FEFF}x")
        #expect(trimCell("\u{FEFF}x") == "\u{FEFF}x")
        // 全 (E5 85 A8) and 〇 (E3 80 87) end in bytes that white space also ends in.
        #expect(trimmedBytes("全") == "全")
        #expect(trimmedBytes("〇") == "〇")
        #expect(trimmedBytes("¥") == "¥")
    }

    @Test func allWhiteSpaceBecomesEmpty() {
        #expect(trimmedBytes(" \u{3000}\t\u{00A0}") == "")
        #expect(trimmedBytes("") == "")
        #expect(trimCell(" \u{3000}\t\u{00A0}") == "")
        let r = Array("   ".utf8).withUnsafeBufferPointer { trimmedRange($0) }
        #expect(r.isEmpty)
    }

    @Test func toleratesTruncatedMultiByteSequences() {
        // Stray lead or continuation bytes are never removed and never read out of bounds.
        let bytes: [UInt8] = [0xE3, 0x80, 0x41, 0xC2, 0x20, 0xE3]
        let r = bytes.withUnsafeBufferPointer { trimmedRange($0) }
        #expect(r == 0..<6)
        let tail: [UInt8] = [0x80, 0x80]
        #expect(tail.withUnsafeBufferPointer { trimmedRange($0) } == 0..<2)
    }

    @Test func byteAndStringTrimmingAgree() {
        let samples = [" a ", "\u{3000}税务\u{3000}", "\u{00A0}\u{00A0}1,234.5\u{2009}", "x", "\u{0085}y\u{0085}"]
        for s in samples {
            #expect(trimmedBytes(s) == trimCell(s))
        }
    }
}
