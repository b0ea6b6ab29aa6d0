import CCairo
import Foundation

/// The file kinds a figure can be written to.
public enum FileFormat: String, CaseIterable, Sendable {
    /// Drawn by Cairo: one file per frame (SVG, PNG) or one per lesson (PDF).
    case svg, pdf, png
    /// Assembled from the frames: an offline HTML player and an animated GIF.
    case html, gif
}

/// A Cairo surface: an SVG or PDF file being written, or an image in memory that becomes a PNG.
/// One `final class` per handle; `deinit` destroys it. Call ``finish()`` to flush and check.
public final class Surface {
    let handle: OpaquePointer
    public let format: FileFormat
    /// Page size in points.
    public private(set) var size: Size
    /// Pixels per point, for PNG.
    public let scale: Double
    private var finished = false
    private let path: String?

    /// A new SVG file at `path` of `size` points.
    public static func svg(path: String, size: Size) throws(DrawingError) -> Surface {
        let s = Surface(handle: cairo_svg_surface_create(path, size.width, size.height), format: .svg, size: size, scale: 1, path: path)
        try s.check("create the SVG file \(path)")
        cairo_svg_surface_restrict_to_version(s.handle, CAIRO_SVG_VERSION_1_1)
        return s
    }

    /// A new PDF file at `path`; the first page has `size` points. The creation date is fixed so
    /// that the same lesson gives the same bytes.
    public static func pdf(path: String, size: Size, title: String) throws(DrawingError) -> Surface {
        let s = Surface(handle: cairo_pdf_surface_create(path, size.width, size.height), format: .pdf, size: size, scale: 1, path: path)
        try s.check("create the PDF file \(path)")
        cairo_pdf_surface_set_metadata(s.handle, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(s.handle, CAIRO_PDF_METADATA_CREATOR, "ConvViz")
        cairo_pdf_surface_set_metadata(s.handle, CAIRO_PDF_METADATA_CREATE_DATE, "2020-01-01T00:00:00Z")
        cairo_pdf_surface_set_metadata(s.handle, CAIRO_PDF_METADATA_MOD_DATE, "2020-01-01T00:00:00Z")
        return s
    }

    /// An in-memory RGB image of `size` points at `scale` pixels per point; write it with ``writePNG(to:)``.
    public static func image(size: Size, scale: Double = 1) throws(DrawingError) -> Surface {
        let w = Int32(max(1, (size.width * scale).rounded())), h = Int32(max(1, (size.height * scale).rounded()))
        let s = Surface(handle: cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h), format: .png, size: size, scale: scale)
        try s.check("create a \(w)×\(h) image")
        return s
    }

    private init(handle: OpaquePointer, format: FileFormat, size: Size, scale: Double, path: String? = nil) {
        self.path = path
        self.handle = handle
        self.format = format
        self.size = size
        self.scale = scale
    }

    deinit {
        cairo_surface_destroy(handle)
    }

    func check(_ operation: String) throws(DrawingError) {
        let status = cairo_surface_status(handle)
        if status != CAIRO_STATUS_SUCCESS {
            throw .cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }

    /// PDF only: the size of the next page (call before drawing it).
    public func setPageSize(_ size: Size) {
        guard format == .pdf else { return }
        cairo_pdf_surface_set_size(handle, size.width, size.height)
        self.size = size
    }

    /// PDF only: a bookmark named `title` pointing at page `page` (1-based), at the top level.
    public func addOutline(title: String, page: Int) {
        guard format == .pdf else { return }
        _ = cairo_pdf_surface_add_outline(handle, CAIRO_PDF_OUTLINE_ROOT, title, "page=\(page)", CAIRO_PDF_OUTLINE_FLAG_OPEN)
    }

    /// Writes the image as PNG (image surfaces only), written to a temporary name and renamed.
    public func writePNG(to path: String) throws(DrawingError) {
        cairo_surface_flush(handle)
        guard format == .png, let data = cairo_image_surface_get_data(handle) else {
            throw .file(path: path, reason: "only an image surface can be written as PNG.")
        }
        let w = Int(cairo_image_surface_get_width(handle)), h = Int(cairo_image_surface_get_height(handle))
        let stride = Int(cairo_image_surface_get_stride(handle))
        let png = try PNGEncoder.encode(width: w, height: h, base: data, stride: stride)
        do {
            try png.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .file(path: path, reason: "cannot write the PNG (\(error.localizedDescription)): check the folder's permissions.")
        }
    }

    /// The 8-bit RGB of image pixel `(x, y)` (image surfaces only; for tests and checks).
    public func pixel(x: Int, y: Int) -> (UInt8, UInt8, UInt8)? {
        cairo_surface_flush(handle)
        guard format == .png, let data = cairo_image_surface_get_data(handle) else { return nil }
        let w = Int(cairo_image_surface_get_width(handle)), h = Int(cairo_image_surface_get_height(handle))
        guard x >= 0, y >= 0, x < w, y < h else { return nil }
        let stride = Int(cairo_image_surface_get_stride(handle))
        let p = data.advanced(by: y * stride + x * 4).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
        return (UInt8((p >> 16) & 0xFF), UInt8((p >> 8) & 0xFF), UInt8(p & 0xFF))
    }

    /// Flushes and closes the file, and reports any error Cairo met while drawing.
    public func finish() throws(DrawingError) {
        guard !finished else { return }
        finished = true
        cairo_surface_finish(handle)
        try check("finish the \(format.rawValue.uppercased()) output")
        if format == .svg, let path { try SVGFinishing.finishFile(at: path) }
    }
}
