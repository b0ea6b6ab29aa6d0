import Figures
import Foundation
import InitLab
@testable import Lessons
import Testing

/// The words on network figures describe the run they are drawn from.
@Suite("Network figures say only what they show", .serialized)
struct NetworkTextTests {
    static let networkLessons = shippedLessons.filter { (try? LessonParser.load(path: lessonsFolder.appendingPathComponent($0).path))?.network != nil }

    /// How a lesson's prose names each initialisation's curve (written here, not taken from the code).
    static func mentioned(_ i: Initialization, in text: String) -> Bool {
        switch i {
        case .standard: return text.contains("standard")
        case .xavierUniform: return text.contains("Xavier uniform")
        case .xavierNormal: return text.contains("Xavier normal")
        case .normalSmall: return text.contains("N(0, 0.01²)")
        case .normalOne: return text.contains("N(0, 1)")
        case .lecun: return text.contains("LeCun")
        case .he: return text.range(of: #"\bHe\b"#, options: .regularExpression) != nil
        case .xavierTanh: return text.contains("gain 5/3")
        case .lectureMisprint: return text.contains("misprint")
        }
    }

    @Test("The curves an explanation names are exactly the curves drawn", arguments: networkLessons)
    func curvesNamed(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        let drawn = Set(try #require(lesson.network).config.initializations)
        for i in Initialization.allCases {
            #expect(Self.mentioned(i, in: lesson.explanation) == drawn.contains(i), "\(i.rawValue): drawn \(drawn.contains(i))")
        }
    }

    @Test("Every '√N ≈ M×' and 'Var(W) N× too small' in an explanation fits the widths drawn", arguments: networkLessons)
    func factorsInProse(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        let cfg = try #require(lesson.network).config
        let nSum = cfg.widths[0] + (cfg.widths.count > 1 ? cfg.widths[1] : cfg.widths[0])
        let text = lesson.explanation
        let roots = try Regex(#"√(\d+) ≈ (\d+)×"#)
        for m in text.matches(of: roots) {
            let n = Int(text[m.range].split(separator: " ")[0].dropFirst())!
            let factor = Int(text[m.range].split(separator: " ")[2].dropLast())!
            #expect(n == nSum, "√\(n) but n_in + n_out = \(nSum)")
            #expect(factor == Int(Double(n).squareRoot().rounded()))
        }
        for m in text.matches(of: try Regex(#"Var\(W\) (\d+)× too small"#)) {
            #expect(text[m.range].contains("\(nSum)×"))
        }
    }

    @Test("Frames are titled by what they show: activations or gradients", arguments: networkLessons)
    func titles(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        let frames = try LessonFrames(lesson)
        for n in 0..<frames.count {
            let f = try frames.frame(n)
            let header: FrameHeader
            let quantity: NetworkQuantity
            if let h = f as? HistogramGridFrame { header = h.header; quantity = h.quantity }
            else if let h = f as? LayerChartFrame { header = h.header; quantity = h.quantity }
            else { Issue.record("frame \(n + 1) is not a network figure"); continue }
            let title = header.title.lowercased()
            if quantity == .gradients {
                #expect(title.contains("gradient") && !title.contains("activation"), "\(header.title)")
            } else {
                #expect(title.contains("activation") && !title.contains("gradient"), "\(header.title)")
            }
        }
    }

    @Test("The per-layer factor line is √(n_in·Var(W)) for the widths drawn")
    func factorLine() throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent("12-tanh-misprint.yaml").path)
        let frames = try LessonFrames(lesson)
        let grid = try #require(try frames.frame(0) as? HistogramGridFrame)
        let line = NetworkNotes.factorLine(grid.result)
        // 500 → 500: standard-free lesson; misprint Var(W) = (√6/1000)²/3 = 2·10⁻⁶, √(500·2·10⁻⁶) = 0.0316;
        // Xavier uniform 2/1000 → √(500·0.002) = 1; LeCun 1; He √2 = 1.41; gain 5/3 → 1.67.
        #expect(line.contains("n_in = 500, n_out = 500"))
        #expect(line.contains("slide's misprint 0.032"))
        #expect(line.contains("Xavier uniform 1.0"))
        #expect(line.contains("LeCun 1.0"))
        #expect(line.contains("He 1.4"))
        #expect(line.contains("Xavier, gain 5/3 1.7"))
    }

    @Test("Lesson 11 draws each initialisation without and with batch norm, and names the ε effect where it shows")
    func batchNormSideBySide() throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent("11-tanh-batchnorm.yaml").path)
        let frames = try LessonFrames(lesson)
        let grid = try #require(try frames.frame(0) as? HistogramGridFrame)
        let inits = try #require(lesson.network).config.initializations
        #expect(grid.result.results.map(\.initialization) == inits + inits)
        #expect(grid.result.results.map(\.batchNorm) == inits.map { _ in false } + inits.map { _ in true })
        // The misprint: Var(s₁) = 500 · (√6/1000)²/3 · Var(U(−1, 1)) = 500 · 2·10⁻⁶ / 3 = 3.33·10⁻⁴;
        // batch norm leaves ŝ the share 3.33·10⁻⁴ / (3.33·10⁻⁴ + 10⁻⁵) = 0.971 of a unit variance.
        let v = 500.0 * 2e-6 / 3
        let share = v / (v + 1e-5)
        #expect(abs(share - 0.9709) < 1e-4)
        let line = try #require(NetworkNotes.epsilonLine(grid.result))
        #expect(line.contains("slide's misprint: Var(s)/(Var(s) + ε) ≈ 0.971"))
        // N(0, 0.01²): Var(s₁) = 500 · 10⁻⁴ / 3 = 0.0167 ≫ ε — not named.
        #expect(!line.contains("N(0, 0.01²):"))
        #expect(!line.contains("He:") && !line.contains("N(0, 1):"))
        // Without batch norm the misprint collapses; with it, σ ≈ 0.62.
        let misprint = grid.result.results.filter { $0.initialization == .lectureMisprint }
        #expect(misprint[0].activations[4].std < 1e-6)
        #expect(abs(misprint[1].activations[4].std - 0.62) < 0.01)
    }
}
