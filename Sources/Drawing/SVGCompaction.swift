/// Makes Cairo's SVG smaller without changing what it draws:
///
/// - numbers with more than two decimals are rounded to two (at most 0.005 pt off: under 1/100
///   of a pixel at 1920 px across): `7.757812` → `7.76`, `-0.001` → `0`;
/// - colours written as percentages become hex: `rgb(83.921569%,15.686275%,22.352941%)` →
///   `#d62839` (Cairo writes 8-bit colours as n/255 in percent, so this is exact);
/// - indentation at the start of a line is dropped.
///
/// The file stays well-formed XML (only attribute values and whitespace between tags change)
/// and a pure function of its input, so rendering the same figure gives the same bytes.
enum SVGCompaction {
    static func compact(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { compact($0) }
    }

    private static func compact(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let n = bytes.count
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        func isWord(_ b: UInt8) -> Bool {
            isDigit(b) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 46
        }
        /// Reads `digits[.digits]` at `i`: the value, the end and the number of decimals.
        func number(at start: Int) -> (value: Double, end: Int, decimals: Int)? {
            var i = start, intPart = 0.0, frac = 0.0, scale = 1.0, decimals = 0
            guard i < n, isDigit(bytes[i]) else { return nil }
            while i < n, isDigit(bytes[i]) { intPart = intPart * 10 + Double(bytes[i] - 48); i += 1 }
            if i + 1 < n, bytes[i] == 46, isDigit(bytes[i + 1]) {
                i += 1
                while i < n, isDigit(bytes[i]) { scale /= 10; frac += Double(bytes[i] - 48) * scale; i += 1; decimals += 1 }
            }
            return (intPart + frac, i, decimals)
        }
        let rgb: [UInt8] = Array("rgb(".utf8), hex: [UInt8] = Array("0123456789abcdef".utf8)
        // bytes[copied..<i] are unchanged and not yet in `out`: they are copied in one go before
        // anything that changes.
        var copied = 0
        var i = 0
        var lineStart = true
        while i < n {
            let b = bytes[i]
            if lineStart && b == 32 {
                out.append(contentsOf: bytes[copied..<i])
                i += 1
                copied = i
                continue
            }
            lineStart = b == 10
            let previousIsWord = i > 0 && (isWord(bytes[i - 1]) || bytes[i - 1] == 45)
            // rgb(p%,q%,r%) → #rrggbb
            if b == 114, !previousIsWord, i + 4 < n, bytes[i..<(i + 4)].elementsEqual(rgb) {
                var j = i + 4, channels: [Int] = []
                while channels.count < 3, let (v, end, _) = number(at: j), end < n, bytes[end] == 37 {
                    channels.append(Int((v * 2.55).rounded()))
                    j = end + 1
                    if channels.count < 3 { guard j < n, bytes[j] == 44 else { break }; j += 1 }
                }
                if channels.count == 3, j < n, bytes[j] == 41, channels.allSatisfy({ (0...255).contains($0) }) {
                    out.append(contentsOf: bytes[copied..<i])
                    out.append(35)
                    for c in channels { out.append(hex[c >> 4]); out.append(hex[c & 15]) }
                    i = j + 1
                    copied = i
                    continue
                }
            }
            // A number that starts a token (not part of an id such as glyph1-2 or a version),
            // with more than two decimals: to hundredths, with no trailing zeros and no "-0".
            let negative = b == 45 && i + 1 < n && isDigit(bytes[i + 1])
            if (isDigit(b) || negative) && !previousIsWord {
                if let (v, end, decimals) = number(at: negative ? i + 1 : i),
                   decimals > 2, end == n || !(isWord(bytes[end]) || bytes[end] == 45) {
                    out.append(contentsOf: bytes[copied..<i])
                    let hundredths = Int((v * 100).rounded())
                    SVGPathData.append(negative ? -hundredths : hundredths, to: &out)
                    i = end
                    copied = i
                    continue
                }
            }
            i += 1
        }
        out.append(contentsOf: bytes[copied..<n])
        return out
    }
}
