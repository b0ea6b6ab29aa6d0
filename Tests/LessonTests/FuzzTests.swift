import ConvCore
import Foundation
@testable import Lessons
import Testing
import TestSupport

/// A small deterministic generator (SplitMix64), so that every run makes the same mutants.
/// Mutated copies of the shipped lessons go through the loader and `verify` in-process: none may
/// crash, and every refusal is an `InputError` with a location (file, line) and a short sentence.
@Suite("Fuzzing the lesson loader")
struct FuzzTests {
    static let replacements = ["-1", "0", "99999999999999999999", "9223372036854775807", "4611686018427387904", "5000",
                               "-5000", "1e308", "nan", ".inf", "1/0", "1/9", "[]", "{}", "[[1, 2], [3]]", "*x", "&x", "\"\"",
                               "sobel", "xavier", "feature-maps", "compare", "associativity", "[steps, compare]", "~", "true",
                               "[layer-steps, matrix]", "pool-steps", "receptive-field", "\"conv3, pool2 s0\"", "{kind: max, size: 9}",
                               "[[[1, 2], [3, 4]]]", "[sobel-x, sobel-x]", "[0, 0, 1000, 1000]"]
    static let fieldNames = ["kernal", "inputs", "depth", "network", "parts", "render", "expect", "padding", "x", "title",
                             "epsilon", "widths", "stride", "dilation", "mode", "image", "kernels", "bias", "at", "value",
                             "layer", "filters", "weights", "pool", "crop", "groups", "relu", "filter", "stage", "count", "stack",
                             "parameters", "receptive-fields", "input-shape", "layers", "input-size"]

    /// One mutant of `text`.
    static func mutate(_ text: String, _ rng: inout SplitMix) -> String {
        var lines = text.components(separatedBy: "\n")
        let i = Int.random(in: 0..<max(1, lines.count), using: &rng)
        switch Int.random(in: 0..<7, using: &rng) {
        case 0:  // flip a byte
            var bytes = Array(text.utf8)
            let j = Int.random(in: 0..<bytes.count, using: &rng)
            bytes[j] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            return String(decoding: bytes, as: UTF8.self)
        case 1:  // delete a line
            lines.remove(at: i)
        case 2:  // duplicate a line
            lines.insert(lines[i], at: i)
        case 3:  // swap two lines' values
            let j = Int.random(in: 0..<lines.count, using: &rng)
            if let a = lines[i].firstIndex(of: ":"), let b = lines[j].firstIndex(of: ":") {
                let va = lines[i][a...], vb = lines[j][b...]
                lines[i] = String(lines[i][..<a] + vb)
                lines[j] = String(lines[j][..<b] + va)
            }
        case 4, 5:  // a value replaced by a huge, negative or odd one
            if let a = lines[i].firstIndex(of: ":") {
                lines[i] = lines[i][..<a] + ": " + replacements.randomElement(using: &rng)!
            } else {
                lines[i] += " " + replacements.randomElement(using: &rng)!
            }
        default:  // a random field name, at the top or indented like its neighbour
            let indent = lines[i].prefix { $0 == " " }
            lines.insert(indent + fieldNames.randomElement(using: &rng)! + ": " + replacements.randomElement(using: &rng)!, at: i)
        }
        return lines.joined(separator: "\n")
    }

    @Test("3000 mutants of the shipped lessons: no crash, every failure an InputError with file and line")
    func mutants() throws {
        var rng = SplitMix(state: 2010)
        let originals = try shippedLessons.map { try String(contentsOf: lessonsFolder.appendingPathComponent($0), encoding: .utf8) }
        let clock = ContinuousClock()
        let start = clock.now
        var accepted = 0, refused = 0
        for n in 0..<3000 {
            var text = originals[n % originals.count]
            for _ in 0..<Int.random(in: 1...3, using: &rng) { text = Self.mutate(text, &rng) }
            let path = lessonsFolder.appendingPathComponent("fuzz.yaml").path
            do {
                let lesson = try LessonParser.parse(text, name: "fuzz", path: path, baseDirectory: lessonsFolder)
                // Simulating networks is the renderer's work, not the loader's: verify convolution lessons only.
                if lesson.network == nil { _ = lesson.verify() }
                // A layer lesson that loads also lays out every frame (a frame may not trap either).
                if lesson.layer != nil, n % 4 == 0, let frames = try? LessonFrames(lesson) {
                    for i in 0..<min(frames.count, 3) { _ = try? frames.frame(i) }
                }
                accepted += 1
            } catch {
                refused += 1
                #expect(error.location.hasPrefix(path), "mutant \(n): no file in \(error)")
                #expect(error.location.dropFirst(path.count).hasPrefix(":") || error.message.contains("empty"),
                        "mutant \(n): no line in \(error)")
                #expect(error.description.count < 600, "mutant \(n): a long message: \(error.description.prefix(200))…")
                #expect(!error.description.contains("\n"), "mutant \(n): more than one line: \(error)")
            }
        }
        #expect(accepted > 100 && refused > 100, "accepted \(accepted), refused \(refused): the mutants should do both")
        #expect(clock.now - start < .seconds(60))
    }
}
