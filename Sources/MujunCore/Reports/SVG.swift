import Foundation

/// Small building blocks for the inline SVG charts of report.html: escaping, axes and the
/// `data-*` attributes that tie every drawn number to the table cell it came from.
enum SVG {
    /// Text escaped for HTML element content and attribute values.
    static func escape(_ s: String) -> String {
        // Most text (codes, numbers, names) has nothing to escape.
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `data-table data-key data-column data-value`, in this order: the cell of an output table a
    /// drawn or shown number equals (tests parse these back and compare with the CSVs).
    static func cell(_ table: String, _ key: String, _ column: String, _ value: String) -> String {
        "data-table=\"\(escape(table))\" data-key=\"\(escape(key))\" data-column=\"\(escape(column))\" data-value=\"\(escape(value))\""
    }

    /// A number for SVG coordinates: two decimals are plenty for pixels.
    static func px(_ x: Double) -> String { fixed(x, decimals: 2) }

    /// A measure rounded for display (the exact value goes into `data-value` and `title`).
    static func short(_ x: Double, decimals: Int = 2) -> String {
        let s = fixed(x, decimals: decimals)
        return s == "-0.00" || s == "-0.0" || s == "-0" ? String(s.dropFirst()) : s
    }

    /// `String(format: "%.<decimals>f", x)`, its digits laid out by `appendFixed` when it can.
    static func fixed(_ x: Double, decimals: Int) -> String {
        var out: [UInt8] = []
        appendFixed(x, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `String(format: "%.<decimals>f", x)`.
    static func appendFixed(_ x: Double, decimals: Int, to out: inout [UInt8]) {
        if !appendCertainDigits(x, decimals: decimals, to: &out) {
            out.append(contentsOf: String(format: "%.\(decimals)f", x).utf8)
        }
    }

    /// `String(format: "%.<decimals>f", x)` when the rounding is certain, else nil.
    static func certainDigits(_ x: Double, decimals: Int) -> String? {
        var out: [UInt8] = []
        return appendCertainDigits(x, decimals: decimals, to: &out) ? String(decoding: out, as: UTF8.self) : nil
    }

    /// Appends the digits printf would print for `x` with `decimals` decimals, when the rounding is
    /// certain; false (nothing appended) otherwise.
    ///
    /// printf rounds the exact binary value, and `|x| · 10^decimals` computed in floating point is
    /// within half an ulp (at most `y · 2⁻⁵³`) of the exact product, so a product farther than
    /// `y · 2⁻⁵⁰` from a rounding boundary (k + ½) rounds as printf rounds it. Near-ties, huge and
    /// non-finite values, and more than six decimals are left to `String(format:)` itself, which
    /// costs ~12,000 instructions a call (the charts of report.html make ~6,000).
    static func appendCertainDigits(_ x: Double, decimals: Int, to out: inout [UInt8]) -> Bool {
        let powers: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
        guard decimals >= 0, decimals < powers.count, x.isFinite, x.magnitude < 1e9 else { return false }
        let scale = powers[decimals]
        let y = x.magnitude * Double(scale)
        // y is below 10^15: truncating through Int64 is exact, and so is y − floor.
        let floor = Double(Int64(y))
        guard ((y - floor) - 0.5).magnitude > y * 0x1p-50 else { return false }
        let units = UInt64(y - floor > 0.5 ? floor + 1 : floor)
        // printf keeps the sign of a negative value that rounds to zero ("-0.00"), and of -0.0.
        if x.sign == .minus { out.append(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            guard let p = digits.baseAddress else { return }
            out.append(contentsOf: UnsafeBufferPointer(start: p, count: layOutDigits(units / scale, at: p)))
            guard decimals > 0 else { return }
            out.append(UInt8(ascii: "."))
            // The decimals with their leading zeros: 10^decimals + fraction, its leading 1 dropped.
            let count = layOutDigits(scale + units % scale, at: p)
            out.append(contentsOf: UnsafeBufferPointer(start: p + 1, count: count - 1))
        }
        return true
    }

    /// Text bytes escaped for HTML element content and attribute values, as `escape` escapes them.
    static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        for b in utf8 {
            switch b {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(b)
            }
        }
    }

    /// A linear or logarithmic mapping from data to pixels.
    struct Scale {
        var lo: Double
        var hi: Double
        var from: Double
        var to: Double
        var log: Bool

        func callAsFunction(_ x: Double) -> Double {
            let (a, b, v) = log ? (Foundation.log10(lo), Foundation.log10(hi), Foundation.log10(Swift.max(x, lo))) : (lo, hi, x)
            guard b > a else { return (from + to) / 2 }
            return from + (Swift.min(Swift.max(v, a), b) - a) / (b - a) * (to - from)
        }

        /// Round tick values: 1-2-5 steps (linear) or 1, 2, 5 × powers of ten (log).
        func ticks() -> [Double] {
            if log {
                var out: [Double] = []
                var p = pow(10, floor(log10(lo)))
                let decades = log10(hi) - log10(lo)
                let multiples: [Double] = decades > 4 ? [1] : (decades > 2 ? [1, 3] : [1, 2, 5])
                while p <= hi * 1.0001 {
                    for m in multiples where m * p >= lo * 0.9999 && m * p <= hi * 1.0001 { out.append(m * p) }
                    p *= 10
                }
                return out
            }
            let span = hi - lo
            guard span > 0 else { return [lo] }
            let raw = span / 6
            let mag = pow(10, floor(log10(raw)))
            let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
            var t = ceil(lo / step) * step
            var out: [Double] = []
            while t <= hi + step * 1e-9 {
                out.append(abs(t) < step * 1e-9 ? 0 : t)
                t += step
            }
            return out
        }
    }

    /// Tick label: no trailing zeros, thousands compact.
    static func tickLabel(_ x: Double) -> String {
        if x == 0 { return "0" }
        if abs(x) >= 1 { return x == x.rounded() ? String(Int(x)) : short(x, decimals: 1) }
        var s = fixed(x, decimals: 4)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// A horizontal axis with ticks, grid lines and a caption.
    static func xAxis(_ scale: Scale, y: Double, gridTop: Double, caption: String) -> String {
        var s = "<g class=\"axis\">"
        s += "<line x1=\"\(px(scale.from))\" y1=\"\(px(y))\" x2=\"\(px(scale.to))\" y2=\"\(px(y))\"/>"
        for t in scale.ticks() {
            let x = scale(t)
            s += "<line class=\"grid\" x1=\"\(px(x))\" y1=\"\(px(gridTop))\" x2=\"\(px(x))\" y2=\"\(px(y))\"/>"
            s += "<text x=\"\(px(x))\" y=\"\(px(y + 14))\" text-anchor=\"middle\">\(tickLabel(t))</text>"
        }
        s += "<text class=\"caption\" x=\"\(px((scale.from + scale.to) / 2))\" y=\"\(px(y + 30))\" text-anchor=\"middle\">\(escape(caption))</text>"
        return s + "</g>"
    }

    /// A vertical axis with ticks, grid lines and a caption.
    static func yAxis(_ scale: Scale, x: Double, gridRight: Double, caption: String) -> String {
        var s = "<g class=\"axis\">"
        s += "<line x1=\"\(px(x))\" y1=\"\(px(scale.from))\" x2=\"\(px(x))\" y2=\"\(px(scale.to))\"/>"
        for t in scale.ticks() {
            let y = scale(t)
            s += "<line class=\"grid\" x1=\"\(px(x))\" y1=\"\(px(y))\" x2=\"\(px(gridRight))\" y2=\"\(px(y))\"/>"
            s += "<text x=\"\(px(x - 5))\" y=\"\(px(y + 4))\" text-anchor=\"end\">\(tickLabel(t))</text>"
        }
        let cy = (scale.from + scale.to) / 2
        s += "<text class=\"caption\" x=\"\(px(x - 46))\" y=\"\(px(cy))\" text-anchor=\"middle\" transform=\"rotate(-90 \(px(x - 46)) \(px(cy)))\">\(escape(caption))</text>"
        return s + "</g>"
    }

    /// Fill colour of a class (A green … D red, T grey).
    static func colour(_ c: EnterpriseClass) -> String {
        switch c {
        case .a: return "#2e7d32"
        case .b: return "#1565c0"
        case .c: return "#ef8f00"
        case .d: return "#c62828"
        case .t: return "#9e9e9e"
        }
    }

    /// Keeps at most `limit` items, evenly spread (every k-th), so a county of a million
    /// enterprises still gets a page a browser opens; the caller says how many are shown.
    static func thin<T>(_ items: [T], limit: Int) -> [T] {
        guard items.count > limit, limit > 0 else { return items }
        return (0..<limit).map { items[thinnedPosition($0, of: items.count, limit: limit)] }
    }

    /// Where the `k`-th item `thin` keeps of `count` (at most `limit` kept) is among them; for a
    /// caller that goes through the items without listing them.
    static func thinnedPosition(_ k: Int, of count: Int, limit: Int) -> Int {
        Int(Double(k) * (Double(count) / Double(limit)))
    }
}
