import Drawing
import Foundation
import Testing

/// The palette's roles (blue input, orange kernel, teal output, grey padding, red/yellow step)
/// are never reused for something else: every other colour a figure draws — heat maps, tap
/// tints, the series of network charts — has a hue at least 15° from every role's.
@Suite("Colours keep their meaning")
struct PaletteTests {
    /// Hue in degrees, saturation and value, computed here (not by the code under test).
    static func hsv(_ c: Color) -> (h: Double, s: Double, v: Double) {
        let mx = max(c.red, c.green, c.blue), mn = min(c.red, c.green, c.blue), d = mx - mn
        var h = 0.0
        if d > 0 {
            if mx == c.red { h = 60 * (((c.green - c.blue) / d).truncatingRemainder(dividingBy: 6)) }
            else if mx == c.green { h = 60 * ((c.blue - c.red) / d + 2) }
            else { h = 60 * ((c.red - c.green) / d + 4) }
        }
        return ((h + 360).truncatingRemainder(dividingBy: 360), mx == 0 ? 0 : d / mx, mx)
    }

    static let roles: [(String, Color)] = [
        ("input", Palette.input), ("input stroke", Palette.inputStroke), ("window", Palette.window),
        ("kernel", Palette.kernel), ("kernel stroke", Palette.kernelStroke),
        ("output", Palette.output), ("output stroke", Palette.outputStroke),
        ("highlight", Palette.highlight), ("highlight fill", Palette.highlightFill),
    ]

    static func clash(_ c: Color) -> String? {
        let a = hsv(c)
        guard a.s > 0.15 && a.v > 0.2 else { return nil }  // greys and near-whites carry no hue
        for (name, role) in roles {
            let d = abs(a.h - hsv(role).h)
            if min(d, 360 - d) < 15 { return name }
        }
        return nil
    }

    @Test("Role colours have the hues the README names")
    func roleHues() {
        #expect((200...225).contains(Self.hsv(Palette.inputStroke).h))   // blue
        #expect((20...35).contains(Self.hsv(Palette.kernelStroke).h))    // orange
        #expect((160...180).contains(Self.hsv(Palette.outputStroke).h))  // teal
        #expect(Self.hsv(Palette.highlight).h > 340)                     // red
        #expect(Self.hsv(Palette.padding).s < 0.05)                      // grey
    }

    @Test("Heat maps and series colours take no role's hue")
    func noReuse() {
        var others: [(String, Color)] = []
        for t in stride(from: -1.0, through: 1.0, by: 0.125) { others.append(("diverging \(t)", Palette.diverging(t))) }
        for t in stride(from: 0.0, through: 1.0, by: 0.125) { others.append(("sequential \(t)", Palette.sequential(t))) }
        for i in 0..<9 { others.append(("series \(i)", Palette.series(i))) }
        for i in 0..<9 { others.append(("tap \(i)", Palette.tap(i))) }
        for (name, c) in others {
            #expect(Self.clash(c) == nil, "\(name) looks like the \(Self.clash(c) ?? "") role")
        }
    }

    @Test("The nine series colours are told apart")
    func seriesDistinct() {
        let colors = (0..<9).map(Palette.series)
        for i in 0..<9 {
            for j in (i + 1)..<9 {
                let a = colors[i], b = colors[j]
                let d = ((a.red - b.red) * (a.red - b.red) + (a.green - b.green) * (a.green - b.green) + (a.blue - b.blue) * (a.blue - b.blue)).squareRoot()
                #expect(d > 0.12, "series \(i) and \(j) are too alike")
            }
        }
    }

    /// CIELAB of a colour (sRGB, D65), computed here from the standard formulas.
    static func lab(_ c: Color) -> (l: Double, a: Double, b: Double) {
        func linear(_ v: Double) -> Double { v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
        let r = linear(c.red), g = linear(c.green), b = linear(c.blue)
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    @Test("The nine tap colours are told apart as the figures draw them (30 % white): ΔE ≥ 20, the first four ≥ 30")
    func tapsDistinct() {
        let tinted = (0..<9).map { Palette.tap($0).mixed(with: .white, 0.3) }
        for i in 0..<9 {
            for j in (i + 1)..<9 {
                let a = Self.lab(tinted[i]), b = Self.lab(tinted[j])
                let d = ((a.l - b.l) * (a.l - b.l) + (a.a - b.a) * (a.a - b.a) + (a.b - b.b) * (a.b - b.b)).squareRoot()
                #expect(d >= (j < 4 ? 30 : 20), "taps \(i) and \(j) are too alike: ΔE \(d)")
            }
        }
    }
}
