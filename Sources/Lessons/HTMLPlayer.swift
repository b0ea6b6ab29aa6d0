import ConvCore
import Foundation

/// A lesson's offline player: one self-contained HTML file (no network: every frame inline as
/// SVG, its script and style inline) that steps through the frames with buttons, a slider, the
/// keyboard or on its own, keeps the step in the URL (`#step=5`), lists the lesson's checks and
/// prints one frame per page.
///
/// Cairo writes the glyph outlines of every font size into every SVG frame; the player defines
/// each distinct outline once and lets every frame use it, so that an 18-frame lesson stays small.
enum HTMLPlayer {
    struct Frame {
        /// The frame's number in the lesson, from 1 (the `#step=` of its URL).
        var number: Int
        /// What a screen reader says for the frame.
        var text: String
        /// The line shown under the controls: the written sum of a step, or the frame's title.
        var written: String
        var svg: String
    }

    // MARK: - The page

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// write(2), named apart from this type's `write`.
    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, p, n)
        #else
        return Darwin.write(fd, p, n)
        #endif
    }

    /// One frame's `<figure>`, its SVG inlined (glyphs shared through `glyphs`), as UTF-8.
    static func figure(_ f: Frame, first: Bool, glyphs: inout Glyphs) -> [UInt8] {
        let svg = inline(f.svg, frame: f.number, glyphs: &glyphs, label: f.text)
        let head = """
        <figure class="frame" id="frame-\(f.number)" data-step="\(f.number)" data-text="\(escape(f.written))"\(first ? "" : " hidden")>

        """
        let tail = """

        <figcaption class="alt">\(escape(f.number.description + ". " + f.text))</figcaption>
        </figure>
        """
        return Array(head.utf8) + svg + Array(tail.utf8)
    }

    /// Writes the player to `path` a frame at a time: each frame is read (`frame(k)`), inlined and
    /// appended to a side file, so memory holds one frame and the shared glyphs, not every frame;
    /// then the page is written around them. Frames come in the order of `count`.
    static func write(to path: URL, title: String, explanation: String, count: Int, frame: (Int) throws -> Frame,
                      checks: [Check], links: [(String, String)]) throws {
        let fm = FileManager.default
        let side = path.appendingPathExtension("figures")
        defer { try? fm.removeItem(at: side) }
        guard fm.createFile(atPath: side.path, contents: nil), let out = FileHandle(forWritingAtPath: side.path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        var glyphs = Glyphs()
        for k in 0..<count {
            out.write(Data(figure(try frame(k), first: k == 0, glyphs: &glyphs) + [10]))
        }
        try out.close()
        let marker = "<!--FIGURES-->"
        let shell = page(title: title, explanation: explanation, frames: count, glyphs: glyphs, figures: marker, checks: checks, links: links)
        guard let cut = shell.range(of: marker) else { throw CocoaError(.fileWriteUnknown) }
        let partial = path.appendingPathExtension("partial")
        guard fm.createFile(atPath: partial.path, contents: Data(shell[..<cut.lowerBound].utf8)),
              let page = FileHandle(forWritingAtPath: partial.path), let figures = FileHandle(forReadingAtPath: side.path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        try page.seekToEnd()
        // Copied through one reused buffer with read(2)/write(2): Foundation's chunked reads on
        // Linux keep every chunk until the copy ends, which held the whole player in memory again.
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        let from = figures.fileDescriptor, to = page.fileDescriptor
        while true {
            let n = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
            if n <= 0 { if n < 0 { throw CocoaError(.fileReadUnknown) }; break }
            var done = 0
            while done < n {
                let w = buffer.withUnsafeBytes { bytes -> Int in
                    guard let base = bytes.baseAddress else { return -1 }
                    return systemWrite(to, base + done, n - done)
                }
                if w <= 0 { throw CocoaError(.fileWriteUnknown) }
                done += w
            }
        }
        try figures.close()
        page.write(Data(shell[cut.upperBound...].utf8))
        try page.close()
        if fm.fileExists(atPath: path.path) { try fm.removeItem(at: path) }
        try fm.moveItem(at: partial, to: path)
    }

    /// The page around the frames (`figures`, already inlined) for `frames` frames.
    static func page(title: String, explanation: String, frames count: Int, glyphs: Glyphs, figures: String,
                     checks: [Check], links: [(String, String)]) -> String {
        let checkRows = checks.map { c in
            "<tr class=\"\(c.passed ? "ok" : "bad")\"><td>\(escape(c.what))</td><td>\(escape(NumberFormat.stringForHTML(c.expected)))</td>"
                + "<td>\(escape(c.computed.map(NumberFormat.stringForHTML) ?? "—"))</td><td>\(c.passed ? "✓ matches" : "✗ MISMATCH")</td></tr>"
        }.joined(separator: "\n")
        let linkItems = links.map { "<a href=\"\(escape($0.1))\">\(escape($0.0))</a>" }.joined(separator: " · ")
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
        <title>\(escape(title))</title>
        <style>
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 0 auto; max-width: 1400px; padding: 12px 20px; color: #222; }
        h1 { font-size: 1.5em; margin: 0.2em 0; }
        .explanation { color: #555; max-width: 70em; }
        .controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 10px 0; font-size: 1.1em; }
        .controls button { font-size: 1.1em; min-width: 3em; padding: 4px 10px; }
        .controls input[type=range] { flex: 1; min-width: 200px; }
        .frame { margin: 0; border: 1px solid #ccc; }
        .frame[hidden] { display: none; }
        .alt { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        #written { font-size: 1.1em; min-height: 1.4em; margin: 8px 0; }
        table { border-collapse: collapse; margin-top: 8px; }
        td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
        tr.bad td { background: #fde0e0; }
        @media print {
          .controls, #written, nav { display: none; }
          .frame, .frame[hidden] { display: block; page-break-after: always; break-after: page; border: none; }
        }
        </style>
        </head>
        <body>
        <h1>\(escape(title))</h1>
        <p class="explanation">\(escape(explanation))</p>
        <nav>\(linkItems)</nav>
        <div class="controls" role="group" aria-label="Step through the lesson">
        <button id="first" type="button" aria-label="First step">|◀</button>
        <button id="prev" type="button" aria-label="Previous step">◀</button>
        <button id="play" type="button" aria-label="Play" aria-pressed="false">▶ Play</button>
        <button id="next" type="button" aria-label="Next step">▶</button>
        <button id="last" type="button" aria-label="Last step">▶|</button>
        <input id="slider" type="range" min="1" max="\(count)" value="1" aria-label="Step">
        <label>speed <select id="speed" aria-label="Playback speed"><option value="0.5">0.5×</option><option value="1" selected>1×</option><option value="2">2×</option></select></label>
        <output id="step" aria-live="polite">Step 1 of \(count)</output>
        </div>
        <p id="written" aria-live="polite"></p>
        <svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
        \(glyphs.definitions.joined(separator: "\n"))
        </defs></svg>
        \(figures)
        <h2>Checks: expected versus computed</h2>
        <table><thead><tr><th>check</th><th>expected</th><th>computed</th><th>result</th></tr></thead>
        <tbody>
        \(checkRows.isEmpty ? "<tr><td colspan=\"4\">This lesson has no hand-computed values.</td></tr>" : checkRows)
        </tbody></table>
        <script>
        (function () {
          var frames = Array.prototype.slice.call(document.querySelectorAll('.frame'));
          var slider = document.getElementById('slider'), step = document.getElementById('step');
          var written = document.getElementById('written'), play = document.getElementById('play');
          var speed = document.getElementById('speed');
          var i = 0, timer = null;
          function show(n) {
            i = Math.max(0, Math.min(frames.length - 1, n));
            frames.forEach(function (f, k) { f.hidden = k !== i; });
            slider.value = i + 1;
            step.textContent = 'Step ' + (i + 1) + ' of ' + frames.length;
            written.textContent = frames[i].dataset.text;
            var hash = '#step=' + frames[i].dataset.step;
            if (location.hash !== hash) { try { history.replaceState(null, '', hash); } catch (e) { location.hash = hash; } }
          }
          function fromHash() {
            var m = /step=(\\d+)/.exec(location.hash);
            if (!m) { return 0; }
            var want = parseInt(m[1], 10), best = 0;
            frames.forEach(function (f, k) { if (parseInt(f.dataset.step, 10) <= want) { best = k; } });
            return best;
          }
          function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = '▶ Play'; play.setAttribute('aria-label', 'Play'); play.setAttribute('aria-pressed', 'false'); }
          function start() {
            stop();
            if (i >= frames.length - 1) { show(0); }
            timer = setInterval(function () { if (i >= frames.length - 1) { stop(); } else { show(i + 1); } }, 1200 / parseFloat(speed.value));
            play.textContent = '❚❚ Pause'; play.setAttribute('aria-label', 'Pause'); play.setAttribute('aria-pressed', 'true');
          }
          function toggle() { if (timer) { stop(); } else { start(); } }
          document.getElementById('first').onclick = function () { stop(); show(0); };
          document.getElementById('prev').onclick = function () { stop(); show(i - 1); };
          document.getElementById('next').onclick = function () { stop(); show(i + 1); };
          document.getElementById('last').onclick = function () { stop(); show(frames.length - 1); };
          play.onclick = toggle;
          speed.onchange = function () { if (timer) { start(); } };
          slider.oninput = function () { stop(); show(parseInt(slider.value, 10) - 1); };
          window.addEventListener('hashchange', function () { show(fromHash()); });
          document.addEventListener('keydown', function (e) {
            if (e.target && (e.target.tagName === 'SELECT' || e.target.tagName === 'INPUT')) { return; }
            if (e.key === 'ArrowRight') { stop(); show(i + 1); e.preventDefault(); }
            else if (e.key === 'ArrowLeft') { stop(); show(i - 1); e.preventDefault(); }
            else if (e.key === ' ' || e.key === 'Spacebar') { toggle(); e.preventDefault(); }
            else if (e.key === 'Home') { stop(); show(0); e.preventDefault(); }
            else if (e.key === 'End') { stop(); show(frames.length - 1); e.preventDefault(); }
          });
          show(fromHash());
        })();
        </script>
        </body>
        </html>

        """
    }
}

private extension NumberFormat {
    static func stringForHTML(_ v: Double) -> String { NumberFormat.string(v, unicodeMinus: true) }
}
