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
    /// PNG pixels per point.
    public var pngScale: Double
    /// How many workers draw SVG and PNG frames.
    public var workers: Int
    /// PNGs wider than this many pixels are drawn at a smaller scale (SVG and PDF stay vector).
    public var maxPNGWidth: Double = 2400

    /// The PNG scale for a frame of `size` points.
    public func pngScale(for size: Size) -> Double {
        min(pngScale, maxPNGWidth / size.width)
    }

    public init(formats: Set<FileFormat> = Set(FileFormat.allCases), pngScale: Double = 1.25, workers: Int = 2) {
        self.formats = formats
        self.pngScale = pngScale
        self.workers = max(1, workers)
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
        let perFrame = formats.intersection([.svg, .png])
        let jobs = (formats.contains(.pdf) ? 1 : 0) + (perFrame.isEmpty ? 0 : workers)
        let writer = self
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            do {
                if formats.contains(.pdf) && job == 0 {
                    let path = folder.appendingPathComponent(pdfName).path
                    try writer.writePDF(count: count, frame: frame, path: path, title: title)
                    results.add([path])
                } else {
                    let worker = formats.contains(.pdf) ? job - 1 : job
                    for i in stride(from: worker, to: count, by: writer.workers) {
                        results.add(try writer.writeFrame(i, try frame(i), formats: perFrame, folder: folder))
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

    private func writeFrame(_ i: Int, _ figure: any Figure, formats: Set<FileFormat>, folder: URL) throws -> [String] {
        let measure = try Canvas(try Surface.image(size: Size(1, 1)))
        let size = figure.size(measuring: measure)
        let base = FrameWriter.baseName(i, figure)
        var written: [String] = []
        if formats.contains(.svg) {
            let path = folder.appendingPathComponent(base + ".svg").path
            let s = try Surface.svg(path: path, size: size)
            let c = try Canvas(s)
            figure.draw(on: c)
            try c.check()
            try s.finish()
            written.append(path)
        }
        if formats.contains(.png) {
            let path = folder.appendingPathComponent(base + ".png").path
            let s = try Surface.image(size: size, scale: pngScale(for: size))
            let c = try Canvas(s)
            figure.draw(on: c)
            try c.check()
            try s.writePNG(to: path)
            written.append(path)
        }
        return written
    }

    private func writePDF(count: Int, frame: (Int) throws -> any Figure, path: String, title: String) throws {
        guard count > 0 else { return }
        let measure = try Canvas(try Surface.image(size: Size(1, 1)))
        let first = try frame(0)
        let pdf = try Surface.pdf(path: path, size: first.size(measuring: measure), title: title)
        // The canvas must be gone before the surface is finished.
        try {
            let canvas = try Canvas(pdf)
            for i in 0..<count {
                let figure = i == 0 ? first : try frame(i)
                pdf.setPageSize(figure.size(measuring: measure))
                figure.draw(on: canvas)
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
