import ArgumentParser
import ConvCore
import Drawing
import Foundation
import Lessons

/// Where lessons are read from.
struct LessonFolderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The folder of lesson files. Example: --lessons lessons", valueName: "folder"))
    var lessons: String = "lessons"

    var catalog: LessonCatalog { LessonCatalog(folder: URL(fileURLWithPath: lessons)) }
}

/// Prints to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// Expected versus computed, one row per check, columns aligned: what `verify` prints, and what
/// `lesson` prints on standard error for the checks that failed.
func checkTable(_ checks: [Check]) -> String {
    var rows: [[String]] = [["lesson", "check", "expected", "computed", "result"]]
    for c in checks {
        rows.append([c.lesson, c.what, NumberFormat.string(c.expected), c.computed.map { NumberFormat.string($0) } ?? "—",
                     c.passed ? "ok" : "MISMATCH \(c.location)\(c.note.isEmpty ? "" : ": " + c.note)"])
    }
    let widths = (0..<5).map { i in rows.map { $0[i].count }.max() ?? 0 }
    var lines: [String] = []
    for (n, row) in rows.enumerated() {
        lines.append(row.enumerated().map { i, s in i == 4 ? s : s.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  "))
        if n == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
    }
    return lines.joined(separator: "\n")
}

extension ConvViz {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lessons, with their titles.")

        @OptionGroup var folders: LessonFolderOptions

        func run() throws {
            let paths = try folders.catalog.all()
            let names = paths.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            let width = names.map(\.count).max() ?? 0
            for (name, path) in zip(names, paths) {
                let title = (try? LessonParser.load(path: path).title) ?? "(cannot be read: run 'convviz verify \(name)')"
                print(name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + title)
            }
        }
    }

    struct Lesson: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render lessons into figures: an SVG and a PNG per frame; a PDF, an HTML player and a GIF per lesson.",
            discussion: """
            Examples:
              convviz lesson --all
              convviz lesson cross-correlation-by-hand kernel-flip
              convviz lesson path/to/my-lesson.yaml --format png
            """
        )

        @Argument(help: ArgumentHelp("Lesson names (see 'convviz list') or paths to .yaml files.", valueName: "lesson"))
        var names: [String] = []

        @Flag(help: "Render every lesson in the lessons folder.")
        var all = false

        @Option(help: ArgumentHelp("Comma-separated formats to write: svg, png, pdf, html, gif (default: all five); files of the other formats from an earlier render are kept. Example: --format png,pdf",
                                   valueName: "formats"))
        var format: ChoiceList<FileFormat> = ChoiceList([.svg, .png, .pdf, .html, .gif])

        @OptionGroup var folders: LessonFolderOptions

        @OptionGroup var figures: FigureOptions

        @Option(help: ArgumentHelp("Render only these frames (numbers from 1, ranges allowed), in every format. Example: --frames 3,5-7",
                                   valueName: "list"))
        var frames: FrameSelection?

        @Option(help: ArgumentHelp("Where figures go: one folder per lesson. Example: --output output", valueName: "folder"))
        var output: String = "output"

        func validate() throws {
            if all && !names.isEmpty { throw ValidationError("Give lesson names or --all, not both.") }
            if !all && names.isEmpty { throw ValidationError("Name a lesson (see 'convviz list') or pass --all.") }
        }

        func run() throws {
            let paths = all ? try folders.catalog.all() : try names.map { n throws(InputError) in try folders.catalog.path(for: n) }
            var configured = LessonRenderer(outputRoot: URL(fileURLWithPath: output), formats: Set(format.items),
                                          page: figures.page, pngWidth: Double(figures.pngWidth),
                                          frameMilliseconds: figures.frameMilliseconds)
            configured.selection = frames?.indices
            let renderer = configured
            let clock = ContinuousClock()
            let start = clock.now
            // Progress only for a person watching (standard error is a terminal), not in logs.
            let watching = isatty(2) != 0
            let board = LessonBoard(count: paths.count)
            // Two lessons at a time: one lesson's single-file formats (PDF, GIF) and its player
            // are written by one thread each, and the other lesson keeps the second core busy.
            // Lessons that share an output folder (the same name twice) are rendered one by one.
            let names = paths.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            let lanes = Set(names).count == names.count ? min(2, paths.count) : 1
            DispatchQueue.concurrentPerform(iterations: lanes) { _ in
                while let k = board.next() {
                    var report = LessonReport()
                    do {
                        let lesson = try LessonParser.load(path: paths[k])
                        let summary = try renderer.render(lesson) { done, count in
                            if watching && count >= 20 && (done % 10 == 0 || done == count) {
                                printError("  \(lesson.name): frame \(done) of \(count)")
                            }
                        }
                        report.files = summary.files.count
                        report.rendered = true
                        report.lines.append((false, "\(lesson.name): \(summary.frames) frame\(summary.frames == 1 ? "" : "s"), \(summary.files.count) file\(summary.files.count == 1 ? "" : "s") in \(summary.folder)/"))
                        let failed = summary.checks.filter { !$0.passed }
                        if !failed.isEmpty {
                            report.failed = true
                            report.lines.append((true, "Error: \(lesson.path): \(failed.count) of \(summary.checks.count) expectations do not match "
                                                 + "what was computed (the figures were written; fix the 'expect' values or the lesson):"))
                            report.lines.append((true, checkTable(failed)))
                        }
                    } catch {
                        report.failed = true
                        report.lines.append((true, "Error: \(error)"))
                    }
                    board.finish(k, report)
                }
            }
            let reports = board.reports
            let totalFiles = reports.reduce(0) { $0 + $1.files }
            let rendered = reports.filter(\.rendered).count
            let failures = reports.filter(\.failed).count
            let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
            print("Wrote \(totalFiles) files for \(rendered) of \(paths.count) lessons in \(String(format: "%.2f", seconds)) s.")
            if failures > 0 { throw ExitCode(1) }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every hand-computed 'expect' value against the reference module.",
            discussion: "Prints expected versus computed for each check; exits non-zero on any mismatch. Example: convviz verify cross-correlation-by-hand"
        )

        @Argument(help: ArgumentHelp("Lesson names or paths (default: every lesson).", valueName: "lesson"))
        var names: [String] = []

        @OptionGroup var folders: LessonFolderOptions

        func run() throws {
            let paths = names.isEmpty ? try folders.catalog.all() : try names.map { n throws(InputError) in try folders.catalog.path(for: n) }
            var checks: [Check] = []
            var loadErrors = 0
            for path in paths {
                do {
                    checks += try LessonParser.load(path: path).verify()
                } catch {
                    loadErrors += 1
                    printError("Error: \(error)")
                }
            }
            let failed = checks.filter { !$0.passed }.count
            // Only errors (every lesson refused): the error lines say it all, without an empty table.
            if !checks.isEmpty || loadErrors == 0 {
                print(checkTable(checks))
                print("\(checks.count - failed) passed, \(failed) failed\(loadErrors > 0 ? ", \(loadErrors) lesson\(loadErrors == 1 ? "" : "s") not loaded" : "")")
            }
            if failed > 0 || loadErrors > 0 { throw ExitCode(1) }
        }
    }
}

/// What rendering one lesson printed: lines for standard output or (`true`) standard error.
private struct LessonReport {
    var lines: [(toError: Bool, text: String)] = []
    var files = 0
    var rendered = false
    var failed = false
}

/// Hands out lessons to the threads rendering them, and prints each lesson's lines in the order
/// the lessons were given, as soon as every earlier lesson has printed.
private final class LessonBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var handedOut = 0
    private var printed = 0
    private var done: [LessonReport?]

    init(count: Int) { done = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard handedOut < done.count else { return nil }
        handedOut += 1
        return handedOut - 1
    }

    func finish(_ k: Int, _ report: LessonReport) {
        lock.lock(); defer { lock.unlock() }
        done[k] = report
        while printed < done.count, let r = done[printed] {
            for line in r.lines { if line.toError { printError(line.text) } else { print(line.text) } }
            printed += 1
        }
    }

    var reports: [LessonReport] { lock.lock(); defer { lock.unlock() }; return done.compactMap { $0 } }
}
