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
    /// GIF width in pixels, and how long each frame shows (the flip frame and the last one longer).
    public var gifWidth: Double = 1280
    public var frameMilliseconds: Int = 1200

    public init(formats: Set<FileFormat> = Set(FileFormat.allCases), page: PageFormat = .widescreen,
                pngWidth: Double = 1920, workers: Int = 2) {
        self.formats = formats
        self.page = page
        self.pngWidth = pngWidth
        self.workers = max(1, workers)
    }

    /// How long frame `i` of `count` shows in a GIF, in hundredths of a second: the flip and the
    /// last frame stay two and a half times as long, so that a looping animation pauses on them.
    public func gifDelay(_ figure: any Figure, isLast: Bool) -> Int {
        let ms = figure.slug == "flip" || isLast ? frameMilliseconds * 5 / 2 : frameMilliseconds
        return max(2, (ms + 5) / 10)
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

    /// Renders the frames `selection` (all `count` by default) made by `frame(i)` into `folder`;
    /// the PDF is `pdfName`, the GIF `gifName`. File names keep each frame's number in the lesson.
    /// `progress` is called (from any thread) as frames finish. Returns the paths written, sorted.
    public func write(count: Int, frame: @escaping @Sendable (Int) throws -> any Figure, into folder: URL, pdfName: String,
                      gifName: String? = nil, selection: [Int]? = nil,
                      title: String, progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [String] {
        let results = Results()
        let chosen = selection ?? Array(0..<count)
        let placement = try self.placement(count: count, frame: frame)
        // The HTML player is assembled from the SVG frames: they are drawn for it when SVG is not asked for.
        let perFrame = formats.intersection([.svg, .png]).union(formats.contains(.html) ? [.svg] : [])
        let sequential: [FileFormat] = [.pdf, .gif].filter { formats.contains($0) }
        let jobs = sequential.count + (perFrame.isEmpty ? 0 : workers)
        let writer = self
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            do {
                if job < sequential.count {
                    switch sequential[job] {
                    case .pdf:
                        let path = folder.appendingPathComponent(pdfName).path
                        try writer.writePDF(chosen, frame: frame, path: path, title: title, placement)
                        results.add([path])
                    default:
                        let path = folder.appendingPathComponent(gifName ?? pdfName.replacingOccurrences(of: ".pdf", with: ".gif")).path
                        try writer.writeGIF(chosen, frame: frame, path: path, placement)
                        results.add([path])
                    }
                } else {
                    let worker = job - sequential.count
                    for n in stride(from: worker, to: chosen.count, by: writer.workers) {
                        let i = chosen[n]
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

    private func writePDF(_ chosen: [Int], frame: (Int) throws -> any Figure, path: String, title: String, _ p: Placement) throws {
        guard !chosen.isEmpty else { return }
        let pdf = try Surface.pdf(path: path, size: p.page, title: title)
        // The canvas must be gone before the surface is finished.
        try {
            let canvas = try Canvas(pdf)
            for (page, i) in chosen.enumerated() {
                let figure = try frame(i)
                draw(figure, on: canvas, p)
                canvas.showPage()
                try canvas.check()
                pdf.addOutline(title: "\(i + 1). \(figure.title)", page: page + 1)
            }
        }()
        try pdf.finish()
    }

    private func writeGIF(_ chosen: [Int], frame: (Int) throws -> any Figure, path: String, _ p: Placement) throws {
        guard !chosen.isEmpty else { return }
        let scale = gifWidth / p.page.width
        var gif: GIFWriter?
        for (n, i) in chosen.enumerated() {
            let figure = try frame(i)
            let s = try Surface.image(size: p.page, scale: scale)
            let c = try Canvas(s)
            draw(figure, on: c, p)
            try c.check()
            guard let image = s.gifIndices() else { continue }
            if gif == nil { gif = try GIFWriter(path: path, width: image.width, height: image.height) }
            try gif?.add(indices: image.indices, delay: gifDelay(figure, isLast: n == chosen.count - 1))
        }
        try gif?.finish()
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
