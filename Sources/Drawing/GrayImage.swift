import CCairo
import Foundation

/// A grayscale image read from a PNG through Cairo: values 0 (black) … 255 (white).
public struct GrayImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major luminance, `values[y * width + x]`, using Rec. 601 weights 0.299 R + 0.587 G + 0.114 B,
    /// rounded to whole numbers.
    public let values: [Double]

    /// The largest image read: 4096 × 4096 pixels.
    public static let maxPixels = 4096 * 4096

    /// Reads `path`. A missing, unreadable or corrupt file throws ``DrawingError/file(path:reason:)``;
    /// so does a file that is not a PNG (checked from its first bytes, before decoding) or one whose
    /// header announces more than ``maxPixels`` pixels.
    public static func load(path: String) throws(DrawingError) -> GrayImage {
        let (w, h, values) = try decodePNG(path: path) { data, format, w, h, stride in
            luminance(data, format: format, width: w, height: h, stride: stride)
        }
        return GrayImage(width: w, height: h, values: values)
    }

    /// Decodes the PNG at `path` with Cairo and hands its pixel buffer (Cairo's raw format
    /// number, width, height, row stride) to `read`, which returns `nil` for a pixel format it
    /// does not know. Checks what ``load(path:)`` documents: the file exists, is a PNG, is not
    /// larger than ``maxPixels`` and not empty.
    static func decodePNG<Pixels>(
        path: String, read: (UnsafeRawPointer, Int32, Int, Int, Int) -> Pixels?
    ) throws(DrawingError) -> (width: Int, height: Int, pixels: Pixels) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .file(path: path, reason: "the image does not exist: check the path.")
        }
        try checkHeader(path: path)
        guard let surface = cairo_image_surface_create_from_png(path) else {
            throw .file(path: path, reason: "the image cannot be read.")
        }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .file(path: path, reason: "not a readable PNG image (\(String(cString: cairo_status_to_string(status)))): give a valid PNG file.")
        }
        cairo_surface_flush(surface)
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let format = cairo_image_surface_get_format(surface)
        guard w > 0, h > 0, let data = cairo_image_surface_get_data(surface) else {
            throw .file(path: path, reason: "the image is empty: give a PNG with at least one pixel.")
        }
        guard w * h <= maxPixels else {
            throw .file(path: path, reason: "the image is \(w)×\(h), larger than the 4096×4096 limit: scale it down.")
        }
        guard let pixels = read(UnsafeRawPointer(data), format.rawValue, w, h, stride) else {
            throw .file(path: path, reason: "Cairo returned the image in a pixel format ConvViz does not read (\(format.rawValue)): save it as an 8-bit grayscale or RGB PNG.")
        }
        return (w, h, pixels)
    }

    /// PNG files start with these eight bytes.
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Refuses a file that is not a PNG, or whose header announces too many pixels, before
    /// Cairo decodes (and allocates) it.
    static func checkHeader(path: String) throws(DrawingError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .file(path: path, reason: "the image cannot be opened: check its permissions.")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 24)) ?? Data())
        guard head.count >= 8, Array(head.prefix(8)) == pngSignature else {
            let kind = head.starts(with: [0xFF, 0xD8, 0xFF]) ? " (it is a JPEG)"
                : head.starts(with: Array("GIF8".utf8)) ? " (it is a GIF)" : ""
            throw .file(path: path, reason: "is not a PNG file\(kind): save the picture as PNG.")
        }
        // IHDR: width and height, big-endian, at bytes 16 and 20.
        guard head.count >= 24 else { throw .file(path: path, reason: "the PNG file is cut short: save it again.") }
        let width = head[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = head[20..<24].reduce(0) { $0 << 8 | Int($1) }
        if width.multipliedReportingOverflow(by: height).partialValue > maxPixels || width > maxPixels || height > maxPixels {
            throw .file(path: path, reason: "the image is \(width)×\(height), larger than the 4096×4096 limit: scale it down.")
        }
    }

    /// Rec. 601 luminance of the pixels of a Cairo image buffer in `format` (Cairo's raw format
    /// number), or `nil` for a format it does not know. Colours with alpha are stored
    /// premultiplied; they are divided by alpha first (a fully transparent pixel reads 0).
    ///
    /// Formats: A8 (2), RGB24 (1), ARGB32 (0), and the float formats newer Cairo versions use for
    /// 16-bit PNGs, RGB96F (6) and RGBA128F (7).
    static func luminance(_ data: UnsafeRawPointer, format: Int32, width w: Int, height h: Int, stride: Int) -> [Double]? {
        func gray(_ r: Double, _ g: Double, _ b: Double) -> Double {
            (0.299 * r + 0.587 * g + 0.114 * b).rounded()
        }
        /// Un-premultiplies `c` by `a` (both on the same scale) and scales to 0…255.
        func straight(_ c: Double, _ a: Double) -> Double {
            a > 0 ? min(255, c / a * 255) : 0
        }
        var values = [Double](repeating: 0, count: w * h)
        for y in 0..<h {
            let row = data + y * stride
            for x in 0..<w {
                let v: Double
                switch format {
                case 2:  // A8
                    v = Double(row.load(fromByteOffset: x, as: UInt8.self))
                case 0, 1:  // ARGB32 (premultiplied), RGB24: native-endian 0xAARRGGBB
                    let p = row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                    let r = Double((p >> 16) & 0xFF), g = Double((p >> 8) & 0xFF), b = Double(p & 0xFF)
                    let a = format == 0 ? Double(p >> 24) : 255
                    v = a == 255 ? gray(r, g, b) : gray(straight(r, a), straight(g, a), straight(b, a))
                case 6:  // RGB96F: three floats 0…1
                    let f = (0..<3).map { Double(row.loadUnaligned(fromByteOffset: 12 * x + 4 * $0, as: Float.self)) }
                    v = gray(f[0] * 255, f[1] * 255, f[2] * 255)
                case 7:  // RGBA128F: four floats 0…1, premultiplied
                    let f = (0..<4).map { Double(row.loadUnaligned(fromByteOffset: 16 * x + 4 * $0, as: Float.self)) }
                    v = gray(straight(f[0], f[3]), straight(f[1], f[3]), straight(f[2], f[3]))
                default:
                    return nil
                }
                values[y * w + x] = max(0, min(255, v.isFinite ? v : 0))
            }
        }
        return values
    }

    /// Writes a grayscale image (values clamped to 0…255) as a PNG. Used to make test images.
    public static func write(width: Int, height: Int, values: [Double], to path: String) throws(DrawingError) {
        guard values.count == width * height else {
            throw .cairo(operation: "create a \(width)×\(height) image", status: "invalid size or out of memory")
        }
        try writePNG(width: width, height: height, to: path) { x, y in
            let v = UInt8(max(0, min(255, values[y * width + x].rounded())))
            return (v, v, v)
        }
    }

    /// Writes an opaque PNG whose pixel `(x, y)` is `pixel(x, y)`.
    static func writePNG(width: Int, height: Int, to path: String,
                         pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) throws(DrawingError) {
        guard let surface = rgbImage(width: width, height: height, pixel: pixel) else {
            throw .cairo(operation: "create a \(width)×\(height) image", status: "invalid size or out of memory")
        }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_write_to_png(surface, path)
        if status != CAIRO_STATUS_SUCCESS {
            throw .file(path: path, reason: "cannot write the PNG (\(String(cString: cairo_status_to_string(status)))).")
        }
    }
}

/// An RGB image read from a PNG, for checking what a figure shows at a given place.
public struct PixelImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major 0xRRGGBB values.
    public let pixels: [UInt32]

    public static func load(path: String) throws(DrawingError) -> PixelImage {
        guard let surface = cairo_image_surface_create_from_png(path) else {
            throw .file(path: path, reason: "the image cannot be read.")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw .file(path: path, reason: "not a readable PNG image.")
        }
        cairo_surface_flush(surface)
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { throw .file(path: path, reason: "the image is empty.") }
        var pixels = [UInt32](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                pixels[y * w + x] = data.advanced(by: y * stride + 4 * x).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee } & 0xFFFFFF
            }
        }
        return PixelImage(width: w, height: h, pixels: pixels)
    }

    /// The colour at pixel `(x, y)`.
    public func color(x: Int, y: Int) -> (UInt8, UInt8, UInt8)? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let p = pixels[y * width + x]
        return (UInt8((p >> 16) & 0xFF), UInt8((p >> 8) & 0xFF), UInt8(p & 0xFF))
    }
}
