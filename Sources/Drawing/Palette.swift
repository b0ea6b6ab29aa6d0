/// The one palette. Every figure uses these roles, so a colour always means the same thing:
/// blue is the input, orange the kernel, teal the output, grey padding, red what is happening now.
public enum Palette {
    /// Input cells (blue).
    public static let input = Color(hex: 0xDCE8F7)
    public static let inputStroke = Color(hex: 0x2F6DB5)
    /// Kernel cells (orange).
    public static let kernel = Color(hex: 0xFCE3CC)
    public static let kernelStroke = Color(hex: 0xD9731A)
    /// Output cells (teal).
    public static let output = Color(hex: 0xD3EFEA)
    public static let outputStroke = Color(hex: 0x1F8A7E)
    /// Padding cells (grey).
    public static let padding = Color(hex: 0xEDEDED)
    public static let paddingText = Color(hex: 0x8C8C8C)
    /// The current step: window outline and current output cell (red outline, yellow fill).
    public static let highlight = Color(hex: 0xD62839)
    public static let highlightFill = Color(hex: 0xFFD95A)
    /// Input cells under the window at this step.
    public static let window = Color(hex: 0xB9D3F2)
    /// Output cells not yet computed.
    public static let pending = Color(hex: 0xFFFFFF)
    public static let grid = Color(hex: 0xB5B5B5)
    public static let text = Color(hex: 0x222222)
    public static let muted = Color(hex: 0x666666)
    public static let background = Color(hex: 0xFFFFFF)
    /// Accent for formulas.
    public static let formula = Color(hex: 0x5B3F8C)

    /// Distinct light tints, one per kernel tap, for the flip figure.
    public static func tapTint(_ i: Int, of n: Int) -> Color {
        let hues: [UInt32] = [0xF7C5C5, 0xF9DDB1, 0xF4F1A8, 0xCDEFB8, 0xB8EBDD, 0xB9DCF5, 0xCFC6F3, 0xEEC4EC, 0xE3D3C3]
        return Color(hex: hues[i % hues.count])
    }

    /// Colours for data series (one per initialisation in charts), distinguishable in print.
    public static func series(_ i: Int) -> Color {
        let colors: [UInt32] = [0xD62728, 0x1F77B4, 0x2CA02C, 0x9467BD, 0xFF7F0E, 0x8C564B, 0xE377C2, 0x17BECF, 0x7F7F7F]
        return Color(hex: colors[i % colors.count])
    }

    /// Diverging map for signed values: blue (negative) – white (0) – red (positive); `t ∈ [−1, 1]`.
    public static func diverging(_ t: Double) -> Color {
        let t = max(-1, min(1, t))
        let neg = Color(hex: 0x2166AC), pos = Color(hex: 0xB2182B), mid = Color(hex: 0xF7F7F7)
        return t < 0 ? mid.mixed(with: neg, -t) : mid.mixed(with: pos, t)
    }

    /// Sequential map for magnitudes: near-white to dark teal-blue; `t ∈ [0, 1]`.
    public static func sequential(_ t: Double) -> Color {
        let stops: [Color] = [Color(hex: 0xFFFFE5), Color(hex: 0xC7E9B4), Color(hex: 0x41B6C4),
                              Color(hex: 0x225EA8), Color(hex: 0x081D58)]
        let t = max(0, min(1, t)) * Double(stops.count - 1)
        let i = min(Int(t), stops.count - 2)
        return stops[i].mixed(with: stops[i + 1], t - Double(i))
    }

    /// Grayscale: 0 black, 1 white.
    public static func gray(_ t: Double) -> Color {
        let v = max(0, min(1, t))
        return Color(red: v, green: v, blue: v)
    }
}
