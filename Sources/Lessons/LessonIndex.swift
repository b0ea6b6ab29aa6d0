import Foundation

/// `output/index.html`: every rendered lesson with its title, a thumbnail and links to its
/// player, PDF and GIF. Made from what is in the output folder, so it lists lessons rendered by
/// earlier commands too.
enum LessonIndex {
    /// Lessons rendered side by side each write the index when they finish: one at a time, so
    /// that the last one written lists every lesson already in place.
    private static let writing = NSLock()

    static func write(outputRoot: URL) throws {
        writing.lock()
        defer { writing.unlock() }
        let fm = FileManager.default
        let folders = ((try? fm.contentsOfDirectory(atPath: outputRoot.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        var items: [String] = []
        for name in folders {
            let folder = outputRoot.appendingPathComponent(name)
            let files = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            guard files.contains("\(name).html") || files.contains("\(name).pdf") else { continue }
            var title = name
            // The title is in the player's head: its first 16 KB, not the whole (possibly large) file.
            if let head = FileHandle(forReadingAtPath: folder.appendingPathComponent("\(name).html").path),
               let bytes = try? head.read(upToCount: 16 << 10), (try? head.close()) != nil,
               let html = Optional(String(decoding: bytes, as: UTF8.self)),
               let a = html.range(of: "<title>"), let b = html.range(of: "</title>", range: a.upperBound..<html.endIndex) {
                title = String(html[a.upperBound..<b.lowerBound])
            } else {
                title = HTMLPlayer.escape(name)
            }
            let thumb = files.first { $0.hasPrefix("frame-") && $0.hasSuffix(".png") }
            var links: [String] = []
            for (label, file) in [("player", "\(name).html"), ("PDF", "\(name).pdf"), ("GIF", "\(name).gif")] where files.contains(file) {
                links.append("<a href=\"\(name)/\(file)\">\(label)</a>")
            }
            items.append("""
            <li><a href="\(name)/\(files.contains("\(name).html") ? "\(name).html" : "\(name).pdf")">\
            \(thumb.map { "<img src=\"\(name)/\($0)\" alt=\"\" width=\"240\">" } ?? "")</a>
            <div><strong>\(title)</strong><br><code>\(HTMLPlayer.escape(name))</code><br>\(links.joined(separator: " · "))</div></li>
            """)
        }
        let page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: file:">
        <title>ConvViz lessons</title>
        <style>
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 20px auto; max-width: 1100px; color: #222; }
        ul { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 18px; }
        li { display: flex; gap: 10px; align-items: flex-start; }
        img { border: 1px solid #ccc; }
        </style>
        </head>
        <body>
        <h1>ConvViz lessons</h1>
        <ul>
        \(items.joined(separator: "\n"))
        </ul>
        </body>
        </html>

        """
        try page.write(to: outputRoot.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
    }
}
