/// A colour image read from a PNG through Cairo as three channels, red, green and blue, each
/// 0…255 — the `3 × H × W` input of a convolution layer, in PyTorch's channel order.
public struct RGBImage: Sendable {
    public let width: Int
    public let height: Int
    /// `channels[0]` red, `[1]` green, `[2]` blue; each row-major, `channels[c][y * width + x]`,
    /// whole numbers 0…255.
    public let channels: [[Double]]

    /// Reads `path`, with the checks of ``GrayImage/load(path:)``: a missing, corrupt or non-PNG
    /// file, or one larger than ``GrayImage/maxPixels``, throws ``DrawingError/file(path:reason:)``.
    ///
    /// Cairo stores colours with alpha premultiplied; they are divided by alpha again and rounded
    /// (a fully transparent pixel reads 0, 0, 0). A grayscale PNG gives three equal channels.
    public static func load(path: String) throws(DrawingError) -> RGBImage {
        let (w, h, channels) = try GrayImage.decodePNG(path: path) { data, format, w, h, stride in
            rgb(data, format: format, width: w, height: h, stride: stride)
        }
        return RGBImage(width: w, height: h, channels: channels)
    }

    /// Straight (not premultiplied) red, green and blue planes of a Cairo image buffer in
    /// `format` (Cairo's raw format number), rounded to whole numbers 0…255, or `nil` for a
    /// format it does not know: A8 (2), RGB24 (1), ARGB32 (0), RGB96F (6), RGBA128F (7).
    static func rgb(_ data: UnsafeRawPointer, format: Int32, width w: Int, height h: Int, stride: Int) -> [[Double]]? {
        /// `c` on a 0…`scale` range, premultiplied by `a` unless `a` is nil, as a whole number 0…255.
        func byte(_ c: Double, alpha a: Double?, scale: Double) -> Double {
            let straight: Double
            if let a { straight = a > 0 ? c / a * 255 : 0 } else { straight = c / scale * 255 }
            return straight.isFinite ? max(0, min(255, straight.rounded())) : 0
        }
        var planes = [[Double]](repeating: [Double](repeating: 0, count: w * h), count: 3)
        for y in 0..<h {
            let row = data + y * stride
            for x in 0..<w {
                let rgb: (Double, Double, Double)
                switch format {
                case 2:  // A8: a grey level
                    let v = Double(row.load(fromByteOffset: x, as: UInt8.self))
                    rgb = (v, v, v)
                case 0, 1:  // ARGB32 (premultiplied), RGB24: native-endian 0xAARRGGBB
                    let p = row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                    let r = Double((p >> 16) & 0xFF), g = Double((p >> 8) & 0xFF), b = Double(p & 0xFF)
                    let a = format == 0 ? Double(p >> 24) : 255
                    rgb = a == 255 ? (r, g, b)
                        : (byte(r, alpha: a, scale: 255), byte(g, alpha: a, scale: 255), byte(b, alpha: a, scale: 255))
                case 6:  // RGB96F: three floats 0…1
                    let f = (0..<3).map { Double(row.loadUnaligned(fromByteOffset: 12 * x + 4 * $0, as: Float.self)) }
                    rgb = (byte(f[0], alpha: nil, scale: 1), byte(f[1], alpha: nil, scale: 1), byte(f[2], alpha: nil, scale: 1))
                case 7:  // RGBA128F: four floats 0…1, premultiplied
                    let f = (0..<4).map { Double(row.loadUnaligned(fromByteOffset: 16 * x + 4 * $0, as: Float.self)) }
                    rgb = (byte(f[0], alpha: f[3], scale: 1), byte(f[1], alpha: f[3], scale: 1), byte(f[2], alpha: f[3], scale: 1))
                default:
                    return nil
                }
                let i = y * w + x
                planes[0][i] = rgb.0
                planes[1][i] = rgb.1
                planes[2][i] = rgb.2
            }
        }
        return planes
    }

    /// Writes an RGB image (values clamped to 0…255 and rounded) as an opaque PNG. Used to make
    /// test images.
    public static func write(width: Int, height: Int, channels: [[Double]], to path: String) throws(DrawingError) {
        guard channels.count == 3, channels.allSatisfy({ $0.count == width * height }) else {
            throw .cairo(operation: "create a \(width)×\(height) image", status: "three channels of width × height values are needed")
        }
        func byte(_ v: Double) -> UInt8 { UInt8(max(0, min(255, v.isFinite ? v.rounded() : 0))) }
        try GrayImage.writePNG(width: width, height: height, to: path) { x, y in
            let i = y * width + x
            return (byte(channels[0][i]), byte(channels[1][i]), byte(channels[2][i]))
        }
    }
}
