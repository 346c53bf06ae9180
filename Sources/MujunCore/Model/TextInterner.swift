/// Dense ids for texts by their UTF-8 bytes: an open-addressing table with an FNV-1a hash, cheaper
/// per row than a `Dictionary<String, …>` (no per-lookup seeding, no canonical comparison).
struct TextInterner {
    /// The distinct texts, by id (first occurrence).
    private(set) var texts: [String] = []
    private var bytes: [[UInt8]] = []
    /// id + 1; 0 marks an empty slot.
    private var slots = [Int32](repeating: 0, count: 64)
    private var hashes = [UInt64](repeating: 0, count: 64)

    mutating func id(of text: String) -> Int32 {
        var text = text
        return text.withUTF8 { id(of: $0) }
    }

    /// The id of the text with these UTF-8 bytes (valid UTF-8: they become a `String` as they are).
    mutating func id(of utf8: UnsafeBufferPointer<UInt8>) -> Int32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 {
            let id = Int(slots[i]) - 1
            if hashes[i] == h && bytes[id].withUnsafeBufferPointer({ sameBytes($0, utf8) }) { return Int32(id) }
            i = (i + 1) & mask
        }
        let id = Int32(texts.count)
        slots[i] = id + 1
        hashes[i] = h
        texts.append(String(decoding: utf8, as: UTF8.self))
        bytes.append(Array(utf8))
        if texts.count * 2 > slots.count { grow() }
        return id
    }

    /// The text with these UTF-8 bytes, as the one `String` every equal text shares.
    mutating func text(_ utf8: UnsafeBufferPointer<UInt8>) -> String { texts[Int(id(of: utf8))] }

    private mutating func grow() {
        let old = zip(slots, hashes).filter { $0.0 != 0 }
        slots = [Int32](repeating: 0, count: slots.count * 2)
        hashes = [UInt64](repeating: 0, count: slots.count)
        let mask = slots.count - 1
        for (slot, h) in old {
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = slot
            hashes[i] = h
        }
    }
}
