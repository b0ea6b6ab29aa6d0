import CCairo
import Foundation

/// Horizontal placement of text relative to the given point.
public enum TextAlignment: Sendable { case left, center, right }

/// Font weight of a text run.
public enum FontWeight: Sendable { case regular, bold }

/// A Cairo drawing context on a ``Surface``. All coordinates are in points; the canvas scales
/// for PNG output by itself. Text uses DejaVu Sans, which has the minus sign, `·`, `∗` and `⋆`.
public final class Canvas {
    let handle: OpaquePointer
    public let surface: Surface
    public static let fontFamily = "DejaVu Sans"
    public static let monoFamily = "DejaVu Sans Mono"

    public init(_ surface: Surface) throws(DrawingError) {
        self.surface = surface
        guard let cr = cairo_create(surface.handle) else {
            throw .cairo(operation: "create a drawing context", status: "out of memory")
        }
        handle = cr
        let status = cairo_status(cr)
        if status != CAIRO_STATUS_SUCCESS {
            throw .cairo(operation: "create a drawing context", status: String(cString: cairo_status_to_string(status)))
        }
        // Start from a white page, edge to edge (an image may be a fraction of a point wider than asked).
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        if surface.scale != 1 { cairo_scale(cr, surface.scale, surface.scale) }
        // Hinting off: text advances then scale exactly between PNG, SVG and PDF.
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            cairo_set_font_options(cr, options)
            cairo_font_options_destroy(options)
        }
    }

    deinit {
        cairo_destroy(handle)
    }

    /// Reports an error Cairo met while drawing.
    public func check() throws(DrawingError) {
        let status = cairo_status(handle)
        if status != CAIRO_STATUS_SUCCESS {
            throw .cairo(operation: "draw", status: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Draws `body` with the origin moved to `origin` and lengths multiplied by `scale`.
    public func withOrigin(_ origin: Point, scale: Double = 1, _ body: () -> Void) {
        cairo_save(handle)
        cairo_translate(handle, origin.x, origin.y)
        if scale != 1 { cairo_scale(handle, scale, scale) }
        body()
        cairo_restore(handle)
    }

    /// Ends the current page (PDF: starts a new one).
    public func showPage() {
        cairo_show_page(handle)
    }

    // MARK: - Shapes

    private func set(_ c: Color) {
        cairo_set_source_rgba(handle, c.red, c.green, c.blue, c.alpha)
    }

    private func path(_ r: Rect, radius: Double) {
        if radius <= 0 {
            cairo_rectangle(handle, r.x, r.y, r.width, r.height)
            return
        }
        let rad = min(radius, r.width / 2, r.height / 2)
        cairo_new_sub_path(handle)
        cairo_arc(handle, r.maxX - rad, r.minY + rad, rad, -Double.pi / 2, 0)
        cairo_arc(handle, r.maxX - rad, r.maxY - rad, rad, 0, Double.pi / 2)
        cairo_arc(handle, r.minX + rad, r.maxY - rad, rad, Double.pi / 2, Double.pi)
        cairo_arc(handle, r.minX + rad, r.minY + rad, rad, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(handle)
    }

    public func fill(_ r: Rect, _ color: Color, radius: Double = 0) {
        set(color)
        path(r, radius: radius)
        cairo_fill(handle)
    }

    public func stroke(_ r: Rect, _ color: Color, width: Double = 1, radius: Double = 0, dash: [Double] = []) {
        set(color)
        cairo_set_line_width(handle, width)
        cairo_set_dash(handle, dash, Int32(dash.count), 0)
        path(r, radius: radius)
        cairo_stroke(handle)
        cairo_set_dash(handle, [], 0, 0)
    }

    public func line(_ points: [Point], _ color: Color, width: Double = 1, dash: [Double] = []) {
        guard let first = points.first else { return }
        set(color)
        cairo_set_line_width(handle, width)
        cairo_set_line_join(handle, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(handle, CAIRO_LINE_CAP_ROUND)
        cairo_set_dash(handle, dash, Int32(dash.count), 0)
        cairo_move_to(handle, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(handle, p.x, p.y) }
        cairo_stroke(handle)
        cairo_set_dash(handle, [], 0, 0)
    }

    /// A line from `a` to `b` with an arrowhead at `b`.
    public func arrow(from a: Point, to b: Point, _ color: Color, width: Double = 1.2, head: Double = 7) {
        line([a, b], color, width: width)
        let angle = atan2(b.y - a.y, b.x - a.x)
        set(color)
        cairo_move_to(handle, b.x, b.y)
        cairo_line_to(handle, b.x - head * cos(angle - 0.4), b.y - head * sin(angle - 0.4))
        cairo_line_to(handle, b.x - head * cos(angle + 0.4), b.y - head * sin(angle + 0.4))
        cairo_close_path(handle)
        cairo_fill(handle)
    }

    public func circle(center: Point, radius: Double, fill color: Color) {
        set(color)
        cairo_new_sub_path(handle)
        cairo_arc(handle, center.x, center.y, radius, 0, 2 * Double.pi)
        cairo_fill(handle)
    }

    // MARK: - Text

    private func font(_ size: Double, _ weight: FontWeight, mono: Bool) {
        cairo_select_font_face(handle, mono ? Canvas.monoFamily : Canvas.fontFamily, CAIRO_FONT_SLANT_NORMAL,
                               weight == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(handle, size)
    }

    /// The advance width of `text` at `size` points.
    public func textWidth(_ text: String, size: Double, weight: FontWeight = .regular, mono: Bool = false) -> Double {
        font(size, weight, mono: mono)
        var extents = cairo_text_extents_t()
        cairo_text_extents(handle, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` with its baseline at `p.y`, placed horizontally by `align`.
    public func text(_ text: String, at p: Point, size: Double, color: Color = .black,
                     weight: FontWeight = .regular, align: TextAlignment = .left, mono: Bool = false) {
        let w = textWidth(text, size: size, weight: weight, mono: mono)
        let x: Double
        switch align {
        case .left: x = p.x
        case .center: x = p.x - w / 2
        case .right: x = p.x - w
        }
        set(color)
        cairo_move_to(handle, x, p.y)
        cairo_show_text(handle, text)
    }

    /// Draws `text` centred in `r` (both ways), shrinking it until it fits the width.
    /// Returns the size used.
    @discardableResult
    public func text(_ text: String, centeredIn r: Rect, size: Double, color: Color = .black,
                     weight: FontWeight = .regular, minSize: Double = 5) -> Double {
        var s = size
        while s > minSize && textWidth(text, size: s, weight: weight) > r.width { s -= 0.5 }
        // Cap height of DejaVu Sans is about 0.73 em: centre on that.
        self.text(text, at: Point(r.center.x, r.center.y + 0.365 * s), size: s, color: color, weight: weight, align: .center)
        return s
    }

}


extension Canvas {
    /// Draws a `width × height` raster of colours into `rect`, each pixel a crisp square
    /// (nearest-neighbour scaling). SVG and PDF embed it as one image.
    public func raster(width: Int, height: Int, colors: [Color], in rect: Rect) {
        guard colors.count == width * height,
              let img = rgbImage(width: width, height: height, pixel: { x, y in colors[y * width + x].rgb8 }) else { return }
        defer { cairo_surface_destroy(img) }
        cairo_save(handle)
        cairo_rectangle(handle, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(handle)
        cairo_translate(handle, rect.x, rect.y)
        cairo_scale(handle, rect.width / Double(width), rect.height / Double(height))
        cairo_set_source_surface(handle, img, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(handle), CAIRO_FILTER_NEAREST)
        cairo_paint(handle)
        cairo_restore(handle)
    }
}

/// A new Cairo RGB24 image of `width × height` filled by `pixel(x, y)`; the caller destroys it.
/// Shared by figures' rasters and by test-image writing.
func rgbImage(width: Int, height: Int, pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) -> OpaquePointer? {
    guard width > 0, height > 0, let img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else { return nil }
    guard cairo_surface_status(img) == CAIRO_STATUS_SUCCESS else {
        cairo_surface_destroy(img)
        return nil
    }
    cairo_surface_flush(img)
    let stride = Int(cairo_image_surface_get_stride(img))
    if let data = cairo_image_surface_get_data(img) {
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = pixel(x, y)
                let v = 0xFF00_0000 | (UInt32(r) << 16) | (UInt32(g) << 8) | UInt32(b)
                data.advanced(by: y * stride + 4 * x).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee = v }
            }
        }
    }
    cairo_surface_mark_dirty(img)
    return img
}
