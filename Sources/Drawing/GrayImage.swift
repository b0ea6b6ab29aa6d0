import CCairo
import Foundation

/// A grayscale image read from a PNG through Cairo: values 0 (black) … 255 (white).
public struct GrayImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major luminance, `values[y * width + x]`, using Rec. 601 weights 0.299 R + 0.587 G + 0.114 B,
    /// rounded to whole numbers.
    public let values: [Double]

    /// Reads `path`. A missing, unreadable or corrupt file throws ``DrawingError/file(path:reason:)``.
    public static func load(path: String) throws(DrawingError) -> GrayImage {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .file(path: path, reason: "the image does not exist: check the path.")
        }
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
        guard w * h <= 4096 * 4096 else {
            throw .file(path: path, reason: "the image is \(w)×\(h), larger than the 4096×4096 limit: scale it down.")
        }
        var values = [Double](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let offset = y * stride
                let v: Double
                if format == CAIRO_FORMAT_A8 {
                    v = Double(data[offset + x])
                } else {
                    let p = data.advanced(by: offset + 4 * x).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
                    let r = Double((p >> 16) & 0xFF), g = Double((p >> 8) & 0xFF), b = Double(p & 0xFF)
                    v = (0.299 * r + 0.587 * g + 0.114 * b).rounded()
                }
                values[y * w + x] = v
            }
        }
        return GrayImage(width: w, height: h, values: values)
    }

    /// Writes a grayscale image (values clamped to 0…255) as a PNG. Used to make test images.
    public static func write(width: Int, height: Int, values: [Double], to path: String) throws(DrawingError) {
        guard values.count == width * height, let surface = rgbImage(width: width, height: height, pixel: { x, y in
            let v = UInt8(max(0, min(255, values[y * width + x].rounded())))
            return (v, v, v)
        }) else {
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
