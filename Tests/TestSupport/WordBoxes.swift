import Foundation

/// The words of a PDF with their boxes, read by poppler's `pdftotext -bbox` — what a projector
/// shows, measured independently of the code that drew it.
public struct PDFPage: Sendable {
    public var width: Double
    public var height: Double
    public var words: [Word]

    public struct Word: Sendable {
        public var text: String
        public var minX, minY, maxX, maxY: Double
        public var height: Double { maxY - minY }
    }

    /// Pixels per point when the page is fitted to a 1920 × 1080 screen.
    public var screenScale: Double { min(1920 / width, 1080 / height) }

    /// Problems against the legibility floor: every word at least `minimumPixels` tall at 1080p,
    /// inside the page, and no two words overlapping.
    public func legibilityProblems(minimumPixels: Double = 18) -> [String] {
        var out: [String] = []
        let s = screenScale
        for w in words where w.height * s < minimumPixels - 1e-6 {
            out.append("'\(w.text)' is \(String(format: "%.1f", w.height * s)) px tall")
        }
        for w in words where w.minX < -0.5 || w.minY < -0.5 || w.maxX > width + 0.5 || w.maxY > height + 0.5 {
            out.append("'\(w.text)' lies outside the page")
        }
        // Overlap: boxes that share more than a quarter of the smaller one's area.
        let sorted = words.sorted { $0.minX < $1.minX }
        for (i, a) in sorted.enumerated() {
            for b in sorted[(i + 1)...] {
                if b.minX >= a.maxX { break }
                let ix = min(a.maxX, b.maxX) - max(a.minX, b.minX), iy = min(a.maxY, b.maxY) - max(a.minY, b.minY)
                guard ix > 0, iy > 0 else { continue }
                let smaller = min((a.maxX - a.minX) * a.height, (b.maxX - b.minX) * b.height)
                if ix * iy > 0.25 * smaller { out.append("'\(a.text)' and '\(b.text)' overlap") }
            }
        }
        return out
    }

    /// Every page of `pdf`.
    public static func read(_ pdf: String) throws -> [PDFPage] {
        let text = try tool("pdftotext", ["-bbox", pdf, "-"])
        var pages: [PDFPage] = []
        let pageRegex = try NSRegularExpression(pattern: #"<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>"#, options: [.dotMatchesLineSeparators])
        let wordRegex = try NSRegularExpression(pattern: #"<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>"#)
        let ns = text as NSString
        for m in pageRegex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let body = ns.substring(with: m.range(at: 3))
            let bs = body as NSString
            let words = wordRegex.matches(in: body, range: NSRange(location: 0, length: bs.length)).map { w in
                Word(text: bs.substring(with: w.range(at: 5)),
                     minX: Double(bs.substring(with: w.range(at: 1))) ?? 0, minY: Double(bs.substring(with: w.range(at: 2))) ?? 0,
                     maxX: Double(bs.substring(with: w.range(at: 3))) ?? 0, maxY: Double(bs.substring(with: w.range(at: 4))) ?? 0)
            }
            pages.append(PDFPage(width: Double(ns.substring(with: m.range(at: 1))) ?? 0,
                                 height: Double(ns.substring(with: m.range(at: 2))) ?? 0, words: words))
        }
        return pages
    }
}

/// Runs a command-line tool (pdfinfo, pdftotext) and returns its standard output.
public func tool(_ name: String, _ args: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [name] + args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = Pipe()
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(name) failed (is poppler-utils installed? run 'make setup')"])
    }
    return String(decoding: data, as: UTF8.self)
}
