import ConvCore
import Drawing
import Figures
import Foundation

/// What rendering one lesson wrote.
public struct RenderSummary: Sendable {
    public var lesson: String
    public var folder: String
    public var frames: Int
    public var files: [String]
    /// The lesson's hand-computed expectations, checked against what was rendered.
    public var checks: [Check] = []
}

/// Renders lessons into `output/NAME/`. Everything is first written into a hidden temporary
/// folder beside it and moved into place only when the whole lesson succeeded, so a failed
/// lesson leaves no partial output (and the previous good output stays).
public struct LessonRenderer: Sendable {
    public var outputRoot: URL
    public var writer: FrameWriter
    /// For tests: fail after this many frames, to prove that a failed lesson leaves nothing behind.
    var failAtFrame: Int?
    /// The frames to render (0-based), all of them when nil: `--frames 3,5-7`.
    public var selection: [Int]?

    public init(outputRoot: URL, formats: Set<FileFormat> = Set(FileFormat.allCases), page: PageFormat = .widescreen,
                pngWidth: Double = 1920, frameMilliseconds: Int = 1200) {
        self.outputRoot = outputRoot
        self.writer = FrameWriter(formats: formats, page: page, pngWidth: pngWidth)
        self.writer.frameMilliseconds = frameMilliseconds
    }

    public func render(_ lesson: Lesson, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> RenderSummary {
        try LessonParser.validateName(lesson.name, location: lesson.path)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: outputRoot, withIntermediateDirectories: true)
        } catch {
            throw InputError(outputRoot.path, "the output folder cannot be created (\(error.localizedDescription)): check its path and permissions.")
        }
        guard fm.isWritableFile(atPath: outputRoot.path) else {
            throw InputError(outputRoot.path, "the output folder is not writable: check its permissions or choose another with --output.")
        }
        let final = outputRoot.appendingPathComponent(lesson.name, isDirectory: true)
        let temp = outputRoot.appendingPathComponent(".\(lesson.name).partial-\(getpid())", isDirectory: true)
        try? fm.removeItem(at: temp)
        do {
            try fm.createDirectory(at: temp, withIntermediateDirectories: false)
        } catch {
            throw InputError(temp.path, "cannot create a folder here (\(error.localizedDescription)): check the output folder's permissions.")
        }
        var ok = false
        defer { if !ok { try? fm.removeItem(at: temp) } }
        let frames = try LessonFrames(lesson)
        let failAt = failAtFrame
        if let selection, let bad = selection.first(where: { $0 < 0 || $0 >= frames.count }) {
            throw InputError(lesson.path, "--frames names frame \(bad + 1), but the lesson has \(frames.count) frames: choose frames from 1 to \(frames.count).")
        }
        let chosen = selection ?? Array(0..<frames.count)
        // A selection's PDF, player and GIF are named for it and kept beside the whole lesson's.
        let base = lesson.name + LessonRenderer.selectionSuffix(selection)
        var files = try writer.write(count: frames.count, frame: { i in
            if let failAt, i >= failAt { throw InputError(lesson.path, "a simulated failure at frame \(i + 1).") }
            return try frames.frame(i)
        }, into: temp, pdfName: "\(base).pdf", gifName: "\(base).gif", selection: chosen, title: lesson.title,
           progress: { [count = chosen.count] in progress($0, count) })
        let checks = try writeSidecars(lesson, frames: frames, into: temp)
        if writer.formats.contains(.html) {
            files.append(try writePlayer(lesson, frames: frames, chosen: chosen, checks: checks, into: temp, previous: final, base: base))
            if !writer.formats.contains(.svg) {
                // The SVG frames were drawn for the player only.
                for f in files where f.hasSuffix(".svg") { try? fm.removeItem(atPath: f) }
                files.removeAll { $0.hasSuffix(".svg") }
            }
        }
        // Swap the finished folder into place.
        let old = outputRoot.appendingPathComponent(".\(lesson.name).old-\(getpid())", isDirectory: true)
        try? fm.removeItem(at: old)
        if fm.fileExists(atPath: final.path) {
            try keepOtherFormats(from: final, into: temp)
            try fm.moveItem(at: final, to: old)
        }
        try fm.moveItem(at: temp, to: final)
        try? fm.removeItem(at: old)
        ok = true
        try? LessonIndex.write(outputRoot: outputRoot)
        let finalFiles = files.map { final.appendingPathComponent(URL(fileURLWithPath: $0).lastPathComponent).path }
        return RenderSummary(lesson: lesson.name, folder: final.path, frames: chosen.count, files: finalFiles, checks: checks)
    }

    /// The lesson's player, `NAME.html`, from the SVG frames just written.
    private func writePlayer(_ lesson: Lesson, frames: LessonFrames, chosen: [Int], checks: [Check], into folder: URL,
                             previous: URL, base: String) throws -> String {
        // One frame at a time: a long lesson's player is never held whole in memory.
        func player(_ k: Int) throws -> HTMLPlayer.Frame {
            let i = chosen[k]
            let figure = try frames.frame(i)
            let svgPath = folder.appendingPathComponent(FrameWriter.baseName(i, figure) + ".svg")
            let svg = try String(contentsOf: svgPath, encoding: .utf8)
            let alt = figure.altText
            let written = alt.hasPrefix(figure.title + ". ") ? String(alt.dropFirst(figure.title.count + 2)) : alt
            return HTMLPlayer.Frame(number: i + 1, text: alt, written: written, svg: svg)
        }
        var links: [(String, String)] = [("all lessons", "../index.html")]
        let fm = FileManager.default
        for (label, ext) in [("PDF", "pdf"), ("GIF", "gif")] {
            let file = "\(base).\(ext)"
            if writer.formats.contains(where: { $0.rawValue == ext }) || fm.fileExists(atPath: previous.appendingPathComponent(file).path) {
                links.append((label, file))
            }
        }
        let path = folder.appendingPathComponent("\(base).html")
        try HTMLPlayer.write(to: path, title: lesson.title, explanation: lesson.explanation, count: chosen.count, frame: player,
                             checks: checks, links: links)
        return path.path
    }

    /// Files of the formats not rendered this time (`--format png` after a full render: the SVG
    /// frames and the PDF) are copied from the previous output into the new one, so that the
    /// swap replaces what was re-rendered and keeps the rest.
    /// With `--frames`, every earlier file that was not written again (the other frames, the
    /// whole lesson's PDF, player and GIF) is kept as well.
    private func keepOtherFormats(from previous: URL, into folder: URL) throws {
        let fm = FileManager.default
        let kept = Set(FileFormat.allCases).subtracting(writer.formats).map(\.rawValue)
        guard !kept.isEmpty || selection != nil else { return }
        for name in (try? fm.contentsOfDirectory(atPath: previous.path)) ?? [] {
            let ext = URL(fileURLWithPath: name).pathExtension.lowercased()
            let target = folder.appendingPathComponent(name)
            guard kept.contains(ext) || (selection != nil && !name.hasPrefix(".")), !fm.fileExists(atPath: target.path) else { continue }
            try fm.copyItem(at: previous.appendingPathComponent(name), to: target)
        }
    }

    /// `-frames-3,5-7` for a selection (the PDF, player and GIF of chosen frames get their own
    /// names, beside the whole lesson's), "" for the whole lesson.
    static func selectionSuffix(_ chosen: [Int]?) -> String {
        guard let chosen, !chosen.isEmpty else { return "" }
        var parts: [String] = []
        var start = chosen[0], last = chosen[0]
        for i in chosen.dropFirst() {
            if i == last + 1 { last = i; continue }
            parts.append(start == last ? "\(start + 1)" : "\(start + 1)-\(last + 1)")
            start = i
            last = i
        }
        parts.append(start == last ? "\(start + 1)" : "\(start + 1)-\(last + 1)")
        return "-frames-" + parts.joined(separator: ",")
    }

    /// The verification table beside the figures; returns the checks it wrote.
    private func writeSidecars(_ lesson: Lesson, frames: LessonFrames, into folder: URL) throws -> [Check] {
        if let sim = frames.simulation {
            try NetworkExport.csv(sim).write(to: folder.appendingPathComponent("statistics.csv"), atomically: true, encoding: .utf8)
            try (try NetworkExport.json(sim)).write(to: folder.appendingPathComponent("statistics.json"), atomically: true, encoding: .utf8)
        }
        var text = OutputText.csvRow(["check", "expected", "computed", "passed"])
        let checks = lesson.verify(simulation: frames.simulation)
        for c in checks {
            text += OutputText.csvRow([c.what, NumberFormat.string(c.expected), c.computed.map { NumberFormat.string($0) } ?? "", "\(c.passed)"])
        }
        try text.write(to: folder.appendingPathComponent("checks.csv"), atomically: true, encoding: .utf8)
        return checks
    }
}

/// Finds lessons by name in a folder, or by path.
public struct LessonCatalog {
    public var folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// Every `*.yaml` / `*.yml` file in the folder, sorted by name.
    public func all() throws(InputError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw InputError(folder.path, "the lessons folder does not exist: run from the project folder or pass --lessons.")
        }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    /// A lesson name (`cross-correlation-by-hand`) or a path (`my/lesson.yaml`) to a file path.
    public func path(for argument: String) throws(InputError) -> String {
        if argument.hasSuffix(".yaml") || argument.hasSuffix(".yml") {
            return argument
        }
        if argument.contains("/") || argument.contains("..") || argument.isEmpty {
            throw InputError(argument, "a lesson name may not contain '/' or '..': give a name from 'convviz list' or a path ending in .yaml.")
        }
        for ext in ["yaml", "yml"] {
            let p = folder.appendingPathComponent("\(argument).\(ext)").path
            if FileManager.default.fileExists(atPath: p) { return p }
        }
        let files = (try? all()) ?? []
        let known = files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
        // The number in front is optional: `tanh-inits` finds `10-tanh-inits.yaml`.
        let unnumbered = zip(known, files).filter { name, _ in
            guard let dash = name.firstIndex(of: "-"), name[..<dash].allSatisfy(\.isNumber) else { return false }
            return name[name.index(after: dash)...] == argument
        }
        if unnumbered.count == 1 { return unnumbered[0].1 }
        // The number alone: `17` finds `17-relu-max-pool.yaml`.
        if !argument.isEmpty, argument.allSatisfy(\.isNumber) {
            let numbered = zip(known, files).filter { name, _ in name.hasPrefix(argument + "-") }
            if numbered.count == 1 { return numbered[0].1 }
        }
        let hint = closestMatch(to: argument, in: known).map { "did you mean '\($0)'?" } ?? "run 'convviz list' to see the lessons."
        throw InputError(argument, "there is no lesson of that name in \(folder.path): \(hint)")
    }
}
