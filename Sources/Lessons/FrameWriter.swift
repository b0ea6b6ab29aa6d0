import Dispatch
import Drawing
import Figures
import Foundation

/// Writes a lesson's frames: one SVG and one PNG per frame, one multi-page PDF with a bookmark
/// per frame. Each frame is made, drawn and written on its own, so memory does not grow with the
/// number of frames. SVG and PNG files are written by two workers (this machine has two cores)
/// while the PDF, which is one file, is written in order by a third.
public struct FrameWriter: Sendable {
    public var formats: Set<FileFormat>
    /// The page every frame is drawn on (16:9 by default).
    public var page: PageFormat
    /// PNG width in pixels (the page is scaled to it; SVG and PDF are vector).
    public var pngWidth: Double
    /// How many workers draw SVG and PNG frames.
    public var workers: Int

    public init(formats: Set<FileFormat> = Set(FileFormat.allCases), page: PageFormat = .widescreen,
                pngWidth: Double = 1920, workers: Int = 2) {
        self.formats = formats
        self.page = page
        self.pngWidth = pngWidth
        self.workers = max(1, workers)
    }

    /// The page and the frames' place on it, for frames of at most `content` points.
    struct Placement: Sendable {
        var page: Size
        var origin: Point
        var scale: Double
        /// The width every frame is laid out for.
        var contentWidth: Double
    }

    /// Measures every frame once: the page holds the largest.
    func placement(count: Int, frame: (Int) throws -> any Figure) throws -> Placement {
        let measure = try Canvas(try Surface.image(size: Size(1, 1)))
        var content = Size(1, 1)
        for i in 0..<count {
            let s = try frame(i).size(measuring: measure)
            content = Size(max(content.width, s.width), max(content.height, s.height))
        }
        let p = page.placement(content: content)
        return Placement(page: p.page, origin: p.origin, scale: p.scale, contentWidth: content.width)
    }

    /// Draws `figure` on a page-sized canvas.
    func draw(_ figure: any Figure, on c: Canvas, _ p: Placement) {
        c.fill(Rect(x: 0, y: 0, width: p.page.width, height: p.page.height), Palette.background)
        c.withOrigin(p.origin, scale: p.scale) { figure.draw(on: c, width: p.contentWidth) }
    }

    /// The file name of frame `i` (0-based) without extension.
    public static func baseName(_ i: Int, _ figure: any Figure) -> String {
        "frame-\(String(format: "%03d", i + 1))-\(figure.slug)"
    }

    /// Renders `count` frames made by `frame(i)` into `folder`; the PDF is `pdfName`.
    /// `progress` is called (from any thread) as frames finish. Returns the paths written, sorted.
    public func write(count: Int, frame: @escaping @Sendable (Int) throws -> any Figure, into folder: URL, pdfName: String,
                      title: String, progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [String] {
        let results = Results()
        let placement = try self.placement(count: count, frame: frame)
        let perFrame = formats.intersection([.svg, .png])
        let jobs = (formats.contains(.pdf) ? 1 : 0) + (perFrame.isEmpty ? 0 : workers)
        let writer = self
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            do {
                if formats.contains(.pdf) && job == 0 {
                    let path = folder.appendingPathComponent(pdfName).path
                    try writer.writePDF(count: count, frame: frame, path: path, title: title, placement)
                    results.add([path])
                } else {
                    let worker = formats.contains(.pdf) ? job - 1 : job
                    for i in stride(from: worker, to: count, by: writer.workers) {
                        results.add(try writer.writeFrame(i, try frame(i), formats: perFrame, folder: folder, placement))
                        progress(results.count)
                    }
                }
            } catch {
                results.fail(error)
            }
        }
        if let error = results.error { throw error }
        return results.paths.sorted()
    }

    private func writeFrame(_ i: Int, _ figure: any Figure, formats: Set<FileFormat>, folder: URL, _ p: Placement) throws -> [String] {
        let base = FrameWriter.baseName(i, figure)
        var written: [String] = []
        if formats.contains(.svg) {
            let path = folder.appendingPathComponent(base + ".svg").path
            let s = try Surface.svg(path: path, size: p.page)
            let c = try Canvas(s)
            draw(figure, on: c, p)
            try c.check()
            try s.finish()
            written.append(path)
        }
        if formats.contains(.png) {
            let path = folder.appendingPathComponent(base + ".png").path
            let s = try Surface.image(size: p.page, scale: pngWidth / p.page.width)
            let c = try Canvas(s)
            draw(figure, on: c, p)
            try c.check()
            try s.writePNG(to: path)
            written.append(path)
        }
        return written
    }

    private func writePDF(count: Int, frame: (Int) throws -> any Figure, path: String, title: String, _ p: Placement) throws {
        guard count > 0 else { return }
        let pdf = try Surface.pdf(path: path, size: p.page, title: title)
        // The canvas must be gone before the surface is finished.
        try {
            let canvas = try Canvas(pdf)
            for i in 0..<count {
                let figure = try frame(i)
                draw(figure, on: canvas, p)
                canvas.showPage()
                try canvas.check()
                pdf.addOutline(title: "\(i + 1). \(figure.title)", page: i + 1)
            }
        }()
        try pdf.finish()
    }
}

/// Paths and the first error, collected from several workers.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var _paths: [String] = []
    private var _error: Error?
    private var frames = 0

    func add(_ p: [String]) { lock.lock(); _paths += p; frames += 1; lock.unlock() }
    func fail(_ e: Error) { lock.lock(); if _error == nil { _error = e }; lock.unlock() }
    var paths: [String] { lock.lock(); defer { lock.unlock() }; return _paths }
    var error: Error? { lock.lock(); defer { lock.unlock() }; return _error }
    var count: Int { lock.lock(); defer { lock.unlock() }; return frames }
}
