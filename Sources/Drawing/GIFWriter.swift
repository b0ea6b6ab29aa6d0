import CCairo
import CGif
import Foundation

/// An animated GIF, written with giflib: one fixed 256-colour palette for every frame, each frame
/// storing only the rectangle that changed since the one before, looping forever.
public final class GIFWriter {
    public let path: String
    public let width: Int
    public let height: Int
    private let file: UnsafeMutablePointer<GifFileType>
    private var previous: [UInt8]?
    private var closed = false

    /// Opens `path` for a `width × height` animation (written to a temporary name, renamed on `finish`).
    public init(path: String, width: Int, height: Int) throws(DrawingError) {
        self.path = path
        self.width = width
        self.height = height
        var error: Int32 = 0
        guard width > 0, height > 0, width <= 65_535, height <= 65_535,
              let f = EGifOpenFileName(path + ".partial", false, &error) else {
            throw .file(path: path, reason: "cannot create the GIF (giflib error \(error)): check the folder's permissions.")
        }
        file = f
        EGifSetGifVersion(file, true)
        let colors = GIFPalette.colors
        guard let map = GifMakeMapObject(256, nil) else { throw .file(path: path, reason: "giflib is out of memory.") }
        defer { GifFreeMapObject(map) }
        for (i, c) in colors.enumerated() {
            map.pointee.Colors[i] = GifColorType(Red: c.0, Green: c.1, Blue: c.2)
        }
        guard EGifPutScreenDesc(file, Int32(width), Int32(height), 8, 0, map) == GIF_OK else { throw failure("write its header") }
        // Loop forever: the NETSCAPE2.0 application extension with a loop count of 0.
        let loop: [UInt8] = [1, 0, 0]
        guard EGifPutExtensionLeader(file, APPLICATION_EXT_FUNC_CODE) == GIF_OK,
              Array("NETSCAPE2.0".utf8).withUnsafeBytes({ EGifPutExtensionBlock(file, 11, $0.baseAddress) }) == GIF_OK,
              loop.withUnsafeBytes({ EGifPutExtensionBlock(file, 3, $0.baseAddress) }) == GIF_OK,
              EGifPutExtensionTrailer(file) == GIF_OK else { throw failure("write its loop") }
    }

    deinit {
        if !closed {
            var error: Int32 = 0
            EGifCloseFile(file, &error)
            try? FileManager.default.removeItem(atPath: path + ".partial")
        }
    }

    private func failure(_ what: String) -> DrawingError {
        .file(path: path, reason: "giflib could not \(what) (error \(file.pointee.Error)).")
    }

    /// Adds a frame of palette indices (`width × height`, row-major) shown for `delay` hundredths
    /// of a second. Only the rectangle that differs from the previous frame is stored.
    public func add(indices: [UInt8], delay: Int) throws(DrawingError) {
        precondition(indices.count == width * height)
        var x0 = 0, y0 = 0, x1 = width - 1, y1 = height - 1
        if let prev = previous {
            var minX = width, minY = height, maxX = -1, maxY = -1
            indices.withUnsafeBufferPointer { now in
                prev.withUnsafeBufferPointer { before in
                    for y in 0..<height {
                        let row = y * width
                        // Rows that did not change are the most; memcmp finds them fast.
                        if memcmp(now.baseAddress! + row, before.baseAddress! + row, width) == 0 { continue }
                        var first = 0, last = width - 1
                        while now[row + first] == before[row + first] { first += 1 }
                        while now[row + last] == before[row + last] { last -= 1 }
                        minX = min(minX, first); maxX = max(maxX, last); minY = min(minY, y); maxY = y
                    }
                }
            }
            if maxX < 0 { minX = 0; minY = 0; maxX = 0; maxY = 0 }  // unchanged: one pixel keeps the frame's delay
            (x0, y0, x1, y1) = (minX, minY, maxX, maxY)
        }
        var gcb = GraphicsControlBlock(DisposalMode: DISPOSE_DO_NOT, UserInputFlag: false,
                                       DelayTime: Int32(max(2, min(delay, 65_535))), TransparentColor: NO_TRANSPARENT_COLOR)
        var ext = [UInt8](repeating: 0, count: 4)
        _ = ext.withUnsafeMutableBufferPointer { EGifGCBToExtension(&gcb, $0.baseAddress) }
        guard ext.withUnsafeBytes({ EGifPutExtension(file, GRAPHICS_EXT_FUNC_CODE, 4, $0.baseAddress) }) == GIF_OK,
              EGifPutImageDesc(file, Int32(x0), Int32(y0), Int32(x1 - x0 + 1), Int32(y1 - y0 + 1), false, nil) == GIF_OK
        else { throw failure("write a frame") }
        var line = [GifPixelType](repeating: 0, count: x1 - x0 + 1)
        for y in y0...y1 {
            // giflib may write into the line it is given: a copy, not the frame itself.
            line.withUnsafeMutableBufferPointer { l in
                indices.withUnsafeBufferPointer { f in
                    _ = memcpy(l.baseAddress!, f.baseAddress! + y * width + x0, l.count)
                }
            }
            guard line.withUnsafeMutableBufferPointer({ EGifPutLine(file, $0.baseAddress, Int32($0.count)) }) == GIF_OK else {
                throw failure("write a frame's pixels")
            }
        }
        previous = indices
    }

    /// Closes the file and moves it into place.
    public func finish() throws(DrawingError) {
        closed = true
        var error: Int32 = 0
        guard EGifCloseFile(file, &error) == GIF_OK else {
            throw .file(path: path, reason: "giflib could not close the GIF (error \(error)).")
        }
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: path + ".partial", toPath: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        } catch {
            throw .file(path: path, reason: "cannot move the GIF into place (\(error.localizedDescription)).")
        }
    }
}

/// The one palette of every GIF: the figure palette's colours first (so that a role colour is
/// reproduced exactly), then a ramp of greys and a 6 × 6 × 6 colour cube for anti-aliased edges.
/// Pixels map to the nearest entry through a 32 × 32 × 32 lookup table.
public enum GIFPalette {
    public static let colors: [(UInt8, UInt8, UInt8)] = {
        var out: [(UInt8, UInt8, UInt8)] = []
        func add(_ c: Color) {
            let t = (UInt8((c.red * 255).rounded()), UInt8((c.green * 255).rounded()), UInt8((c.blue * 255).rounded()))
            if !out.contains(where: { $0 == t }) { out.append(t) }
        }
        for c in [Palette.background, Palette.text, Palette.muted, Palette.input, Palette.inputStroke, Palette.window,
                  Palette.kernel, Palette.kernelStroke, Palette.output, Palette.outputStroke, Palette.padding,
                  Palette.paddingText, Palette.highlight, Palette.highlightFill, Palette.grid, Palette.formula,
                  Palette.kernel.mixed(with: .white, 0.5), Palette.window.mixed(with: Palette.padding, 0.5),
                  Color(hex: 0xFAFAFA)] { add(c) }
        for i in 0..<9 { add(Palette.series(i)) }
        for i in 0...8 { add(Palette.diverging(Double(i) / 4 - 1)) }
        for g in stride(from: 0, through: 255, by: 8) { add(Color(red: Double(g) / 255, green: Double(g) / 255, blue: Double(g) / 255)) }
        for r in 0..<6 { for g in 0..<6 { for b in 0..<6 where out.count < 256 {
            add(Color(red: Double(r) / 5, green: Double(g) / 5, blue: Double(b) / 5))
        } } }
        while out.count < 256 { out.append((0, 0, 0)) }
        return Array(out.prefix(256))
    }()

    /// Nearest palette entry for each 5-bit-per-channel colour.
    static let lookup: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 32 * 32 * 32)
        for r in 0..<32 { for g in 0..<32 { for b in 0..<32 {
            let cr = r * 255 / 31, cg = g * 255 / 31, cb = b * 255 / 31
            var best = 0, bestD = Int.max
            for (i, c) in colors.enumerated() {
                let dr = cr - Int(c.0), dg = cg - Int(c.1), db = cb - Int(c.2)
                let d = 3 * dr * dr + 4 * dg * dg + 2 * db * db
                if d < bestD { bestD = d; best = i }
            }
            table[(r << 10) | (g << 5) | b] = UInt8(best)
        } } }
        return table
    }()

    /// The palette index for an 8-bit RGB colour.
    public static func index(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        lookup[(Int(r >> 3) << 10) | (Int(g >> 3) << 5) | Int(b >> 3)]
    }
}

extension Surface {
    /// The image's pixels as GIF palette indices (image surfaces only).
    public func gifIndices() -> (width: Int, height: Int, indices: [UInt8])? {
        cairo_surface_flush(handle)
        guard format == .png, let data = cairo_image_surface_get_data(handle) else { return nil }
        let w = Int(cairo_image_surface_get_width(handle)), h = Int(cairo_image_surface_get_height(handle))
        let stride = Int(cairo_image_surface_get_stride(handle))
        let indices = GIFPalette.lookup.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: w * h) { out, count in
                for y in 0..<h {
                    let row = UnsafeRawPointer(data + y * stride)
                    for x in 0..<w {
                        let p = row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                        // Five bits of each of red, green and blue: the lookup table's index.
                        let r5: UInt32 = (p >> 9) & 0x7C00, g5: UInt32 = (p >> 6) & 0x3E0, b5: UInt32 = (p >> 3) & 0x1F
                        out[y * w + x] = table[Int(r5 | g5 | b5)]
                    }
                }
                count = w * h
            }
        }
        return (w, h, indices)
    }
}
