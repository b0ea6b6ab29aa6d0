/// The one palette. Every figure uses these roles, so a colour always means the same thing:
/// blue is the input, orange the kernel, teal the output, grey padding, red what is happening now.
public enum Palette {
    /// Input cells (blue).
    public static let input = Color(hex: 0xDCE8F7)
    public static let inputStroke = Color(hex: 0x2F6DB5)
    /// Kernel cells (orange).
    public static let kernel = Color(hex: 0xFCE3CC)
    public static let kernelStroke = Color(hex: 0xD9731A)
    /// The kernel's hue, dark enough for small numbers on a light cell (the weights written in
    /// the input cells they multiply).
    public static let kernelText = Color(hex: 0x9A4A0C)
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

    /// Colours for data series (one per initialisation in charts), distinguishable in print and
    /// none of them a role colour (blue, orange, teal, grey, red or yellow).
    public static func series(_ i: Int) -> Color {
        let colors: [UInt32] = [0x222222, 0x2CA02C, 0x1B5E20, 0x6A3D9A, 0x556B2F, 0xE377C2, 0x7FBC41, 0xB15FD1, 0xC51B7D]
        return Color(hex: colors[i % colors.count])
    }

    /// One colour per kernel weight (up to nine, then repeating), for figures that show where a
    /// shared weight appears. None is a role's hue; the cyan lies between the output's teal and the
    /// input's blue (at least 15° from both). Figures tint them with 30 % white; so tinted, any two
    /// are at least 23 apart in CIELAB (ΔE*ab), and the first four, all a 2×2 kernel uses, at least 32.
    public static func tap(_ i: Int) -> Color {
        let colors: [UInt32] = [0x2CA02C, 0x6A3D9A, 0x2196B8, 0xC51B7D, 0xC3D957, 0xE377C2, 0x1B5E20, 0xB9A3E3, 0x6B2A4B]
        return Color(hex: colors[i % colors.count])
    }

    /// Diverging map for signed values: purple (negative) – white (0) – green (positive); `t ∈ [−1, 1]`.
    /// Neither end is a role colour, so a heat map is never read as input (blue) or "now" (red).
    public static func diverging(_ t: Double) -> Color {
        let t = t.isFinite ? max(-1, min(1, t)) : 0
        let neg = Color(hex: 0x762A83), pos = Color(hex: 0x1B7837), mid = Color(hex: 0xF7F7F7)
        return t < 0 ? mid.mixed(with: neg, -t) : mid.mixed(with: pos, t)
    }

    /// Sequential map for non-negative values: black (0) to white (the largest), so that a blurred
    /// image keeps the picture's brightness order; `t ∈ [0, 1]`.
    public static func sequential(_ t: Double) -> Color {
        gray(t)
    }

    /// Grayscale: 0 black, 1 white.
    public static func gray(_ t: Double) -> Color {
        let v = t.isFinite ? max(0, min(1, t)) : 0
        return Color(red: v, green: v, blue: v)
    }
}
