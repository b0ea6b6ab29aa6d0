import ConvCore
import Figures
import Foundation
@testable import Lessons
import Testing
import TestSupport

/// Every formula, instance line and written sum a step frame prints is read back (``FormulaReader``,
/// written for the tests), evaluated with values taken from the plan, and compared with the output
/// the reference module computed.
enum TextTruth {
    /// Symbol values a correct formula may use, from the plan (never from the formula model):
    /// `s`/`d` only when both axes share them, `s₁`, `s₂`, `d₁`, `d₂` only when they differ.
    static func environment2D(_ plan: Convolution2D) -> [String: Int] {
        let g = plan.geometry, p = plan.padding
        var env: [String: Int] = ["p_top": p.top, "p_left": p.left, "k₁": plan.kernel.rows, "k₂": plan.kernel.cols,
                                  "c₁": (plan.kernel.rows - 1) / 2, "c₂": (plan.kernel.cols - 1) / 2]
        if g.stride.y == g.stride.x { env["s"] = g.stride.y } else { env["s₁"] = g.stride.y; env["s₂"] = g.stride.x }
        if g.dilation.y == g.dilation.x { env["d"] = g.dilation.y } else { env["d₁"] = g.dilation.y; env["d₂"] = g.dilation.x }
        return env
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

    /// The padded input's value at input coordinates (row, col), or nil outside the padded grid.
    static func x(_ plan: Convolution2D, _ row: Int, _ col: Int) -> Double? {
        let xp = plan.paddedInput(), p = plan.padding
        let r = row + p.top, c = col + p.left
        guard r >= 0, c >= 0, r < xp.rows, c < xp.cols else { return nil }
        return xp[r, c]
    }

    /// Problems found in one 2D step frame's text (empty when every line is true).
    static func problems2D(_ f: StepFrame2D) throws -> [String] {
        let plan = f.plan, o = f.step.output, text = f.formulaText
        var env = environment2D(plan)
        env["i"] = o.row
        env["j"] = o.col
        var out: [String] = []
        let expected = plan.output[o.row, o.col]

        // The general formula, evaluated at this step's (i, j) over its own tap ranges.
        guard text.general.hasPrefix("y(i,j) = Σ_a Σ_b x(") else { return ["general: '\(text.general)'"] }
        let e = try FormulaReader.arguments(after: "x(", in: text.general)
        guard e.count == 2, text.general.contains(")·k(a,b)") else { return ["general: '\(text.general)'"] }
        if text.general.contains("+ bias") != (plan.geometry.bias != 0) { out.append("bias term in '\(text.general)'") }
        let (a0, a1) = try FormulaReader.range(of: "a", in: text.general), (b0, b1) = try FormulaReader.range(of: "b", in: text.general)
        let aLo = try FormulaReader.evaluate(a0, env), aHi = try FormulaReader.evaluate(a1, env)
        let bLo = try FormulaReader.evaluate(b0, env), bHi = try FormulaReader.evaluate(b1, env)
        if aHi - aLo + 1 != plan.kernel.rows || bHi - bLo + 1 != plan.kernel.cols { out.append("tap ranges \(aLo)…\(aHi), \(bLo)…\(bHi)") }
        var taps: [(row: Int, col: Int, x: Double, w: Double)] = []
        var sum = 0.0
        for a in aLo...max(aLo, aHi) {
            for b in bLo...max(bLo, bHi) {
                var v = env
                v["a"] = a
                v["b"] = b
                let row = try FormulaReader.evaluate(e[0], v), col = try FormulaReader.evaluate(e[1], v)
                guard let xv = x(plan, row, col), plan.kernel.contains(a - aLo, b - bLo) else {
                    out.append("general formula reads x(\(row),\(col)) for tap (\(a),\(b)): outside the padded input")
                    return out
                }
                let w = plan.kernel[a - aLo, b - bLo]
                taps.append((row, col, xv, w))
                sum += xv * w
            }
        }
        sum += plan.geometry.bias
        if !close(sum, expected) { out.append("general formula gives \(sum), output is \(expected): '\(text.general)'") }

        // Every parameter the general formula uses is printed with its value.
        let printed = FormulaReader.parameters(text.parameters)
        for (name, value) in printed where env[name] != value { out.append("parameter \(name) = \(value) printed, is \(String(describing: env[name]))") }
        let used = (e + [a0, a1, b0, b1]).flatMap(FormulaReader.names)
        for name in Set(used).subtracting(["i", "j", "a", "b"]) where printed[name] == nil {
            out.append("'\(name)' is used but its value is not printed")
        }

        // The instance line: the same cells, with numbers.
        let instancePrefix = "this step: y(\(o.row),\(o.col)) = Σ_a Σ_b x("
        guard text.instance.hasPrefix(instancePrefix) else { return out + ["instance: '\(text.instance)'"] }
        let ie = try FormulaReader.arguments(after: "x(", in: text.instance)
        let (ia0, ia1) = try FormulaReader.range(of: "a", in: text.instance), (ib0, ib1) = try FormulaReader.range(of: "b", in: text.instance)
        if try [FormulaReader.evaluate(ia0, [:]), FormulaReader.evaluate(ia1, [:]), FormulaReader.evaluate(ib0, [:]), FormulaReader.evaluate(ib1, [:])]
            != [aLo, aHi, bLo, bHi] {
            out.append("instance ranges differ: '\(text.instance)'")
        }
        for a in aLo...max(aLo, aHi) {
            for b in bLo...max(bLo, bHi) {
                var v = env
                v["a"] = a
                v["b"] = b
                if try FormulaReader.evaluate(ie[0], ["a": a]) != FormulaReader.evaluate(e[0], v)
                    || FormulaReader.evaluate(ie[1], ["b": b]) != FormulaReader.evaluate(e[1], v) {
                    out.append("instance '\(text.instance)' disagrees with the general formula at (\(a),\(b))")
                }
            }
        }
        if plan.geometry.bias != 0 {
            let afterK = text.instance.components(separatedBy: "·k(a,b)").last ?? ""
            let biasText = afterK.components(separatedBy: ",  ").first?.replacingOccurrences(of: " + ", with: "") ?? ""
            if (try? FormulaReader.number(biasText)) != plan.geometry.bias { out.append("instance bias '\(biasText)'") }
        }

        // The written sum: window order is row-major order of the cells read; weights may share a
        // denominator written once, "(…) / q"; terms that are 0 may be left out when the note says so.
        let parts = f.sumText.components(separatedBy: " = ")
        guard parts.count == 3, parts[0] == "y(\(o.row),\(o.col))" else { return out + ["sum: '\(f.sumText)'"] }
        var body = parts[1]
        if plan.geometry.bias != 0 {
            guard let plus = body.range(of: " + ", options: .backwards) else { return out + ["sum lacks the bias"] }
            if try FormulaReader.number(String(body[plus.upperBound...])) != plan.geometry.bias { out.append("sum's bias term in '\(body)'") }
            body = String(body[..<plus.lowerBound])
        }
        var q = 1.0
        if body.hasPrefix("("), let slash = body.range(of: ") / ", options: .backwards), let d = Double(body[slash.upperBound...]) {
            q = d
            body = String(body[body.index(after: body.startIndex)..<slash.lowerBound])
        }
        var terms = body.components(separatedBy: " + ")
        if terms == ["0"] { terms = [] }
        var ordered = taps.sorted { ($0.row, $0.col) < ($1.row, $1.col) }
        if !f.sumNote.isEmpty {
            let zero = ordered.filter { $0.x * $0.w == 0 }.count
            if !f.sumNote.contains("the \(zero) terms that are 0") { out.append("note '\(f.sumNote)' but \(zero) terms are 0") }
            ordered = ordered.filter { $0.x * $0.w != 0 }
        }
        if terms.count != ordered.count { return out + ["sum has \(terms.count) terms, expected \(ordered.count)"] }
        for (t, tap) in zip(terms, ordered) {
            let vw = t.components(separatedBy: "·")
            guard vw.count == 2 else { out.append("term '\(t)'"); continue }
            if try FormulaReader.number(vw[0]) != tap.x || FormulaReader.number(vw[1]) / q != tap.w {
                out.append("term '\(t)' should be x(\(tap.row),\(tap.col))·k = \(tap.x)·\(tap.w)")
            }
        }
        let result = try FormulaReader.number(parts[2])
        if !close(result, expected) { out.append("sum's result \(result) ≠ \(expected)") }
        return out
    }

    /// Problems found in one 1D step frame's text.
    static func problems1D(_ f: StepFrame1D) throws -> [String] {
        let plan = f.plan, i = f.step.output.col, g = plan.geometry
        let lines = f.formulaText
        var env: [String: Int] = ["s": g.stride.x, "p": plan.padding.left, "d": g.dilation.x, "N": plan.kernel.cols,
                                  "c": (plan.kernel.cols - 1) / 2, "i": i]
        var out: [String] = []
        let expected = plan.output[0, i]
        guard lines.count >= 3, lines[0].hasPrefix("y[k] = Σₙ h[n]·x["), lines[1].hasPrefix("output i = 0…\(plan.output.cols - 1) is y[k] with k = "),
              let instance = lines.last, instance.hasPrefix("this step: y[") else { return ["lines: \(lines)"] }
        let e = try FormulaReader.arguments(after: "x[", in: lines[0], open: "[", close: "]")[0]
        let (n0, n1) = try FormulaReader.range(of: "n", in: lines[0])
        let lo = try FormulaReader.evaluate(n0, env), hi = try FormulaReader.evaluate(n1, env)
        if hi - lo + 1 != plan.kernel.cols { return ["tap range \(lo)…\(hi) for a kernel of \(plan.kernel.cols)"] }
        let numbering = lines[1].dropFirst("output i = 0…\(plan.output.cols - 1) is y[k] with k = ".count).components(separatedBy: ":")[0]
        let k = try FormulaReader.evaluate(numbering, env)
        env["k"] = k
        for (name, value) in FormulaReader.parameters(lines.count > 3 ? lines[2] : "") where env[name] != value {
            out.append("parameter \(name) = \(value) printed")
        }
        // General formula at this k.
        var cells: [(n: Int, p: Int)] = []
        var sum = g.bias
        for n in lo...max(lo, hi) {
            var v = env
            v["n"] = n
            let p = try FormulaReader.evaluate(e, v)
            guard let xv = x(plan, 0, p) else { return out + ["x[\(p)] is outside the padded signal"] }
            sum += plan.kernel[0, n - lo] * xv
            cells.append((n, p))
        }
        if !close(sum, expected) { out.append("general formula gives \(sum), output is \(expected): \(lines[0])") }
        // Instance.
        let iHead = "this step: y[\(k < 0 ? "−\(-k)" : "\(k)")] = Σₙ h[n]·x["
        if !instance.hasPrefix(iHead) { out.append("instance '\(instance)' should be for y[\(k)]") }
        let ie = try FormulaReader.arguments(after: "x[", in: instance, open: "[", close: "]")[0]
        for c in cells where try FormulaReader.evaluate(ie, ["n": c.n]) != c.p { out.append("instance '\(instance)' at n = \(c.n)") }
        // The expansion: h_n·x_p for every tap not over zero padding, in x order.
        let exp = f.expansion
        let sym = exp[0].components(separatedBy: " = ")
        guard sym.count == 2, sym[0] == "y" + subscriptText(k) else { return out + ["expansion '\(exp[0])' is not y\(k)"] }
        let zero = g.boundary == .zero
        let shown = cells.filter { !(zero && !plan.input.contains(0, $0.p)) }.sorted { $0.p < $1.p }
        var symTerms = sym[1].components(separatedBy: " + ")
        if g.bias != 0 { if symTerms.last == "bias" { symTerms.removeLast() } else { out.append("expansion lacks the bias") } }
        if symTerms == ["0"] { symTerms = [] }
        if symTerms.count != shown.count { return out + ["expansion '\(exp[0])' has \(symTerms.count) terms, expected \(shown.count)"] }
        for (t, c) in zip(symTerms, shown) {
            let hx = t.components(separatedBy: "·")
            guard hx.count == 2, hx[0].hasPrefix("h"), hx[1].hasPrefix("x"),
                  try FormulaReader.subscriptNumber(hx[0].dropFirst()) == c.n, try FormulaReader.subscriptNumber(hx[1].dropFirst()) == c.p
            else { out.append("term '\(t)' should be h\(c.n)·x\(c.p)"); continue }
        }
        let numeric = ("y " + exp[1].trimmingCharacters(in: .whitespaces)).components(separatedBy: " = ")
        guard numeric.count == 3 else { return out + ["numeric line '\(exp[1])'"] }
        var numTerms = numeric[1].components(separatedBy: " + ")
        if g.bias != 0, let b = numTerms.popLast(), try FormulaReader.number(b) != g.bias { out.append("numeric bias '\(b)'") }
        if numTerms == ["0"] { numTerms = [] }
        for (t, c) in zip(numTerms, shown) {
            let wv = t.components(separatedBy: "·")
            if try wv.count != 2 || FormulaReader.number(wv[0]) != plan.kernel[0, c.n - lo] || FormulaReader.number(wv[1]) != (x(plan, 0, c.p) ?? .nan) {
                out.append("numeric term '\(t)'")
            }
        }
        if !close(try FormulaReader.number(numeric[2]), expected) { out.append("written result \(numeric[2]) ≠ \(expected)") }
        if zero && shown.count < cells.count && !exp.contains(where: { $0.contains("left out") }) {
            out.append("padding taps left out without saying so")
        }
        return out
    }

    static func subscriptText(_ n: Int) -> String {
        let digits = Array("₀₁₂₃₄₅₆₇₈₉")
        let body = String(String(abs(n)).map { digits[Int(String($0))!] })
        return n < 0 ? "₋" + body : body
    }

    /// Every step frame of a lesson, checked; returns (frames checked, problems).
    static func check(_ lesson: Lesson) throws -> (Int, [String]) {
        let frames = try LessonFrames(lesson)
        var checked = 0
        var problems: [String] = []
        for n in 0..<frames.count {
            let frame = try frames.frame(n)
            if let f = frame as? StepFrame2D {
                problems += try problems2D(f).map { "\(lesson.name) frame \(n + 1): \($0)" }
                checked += 1
            } else if let f = frame as? StepFrame1D {
                problems += try problems1D(f).map { "\(lesson.name) frame \(n + 1): \($0)" }
                checked += 1
            } else if let f = frame as? CompareFrame {
                problems += CompareTruth.problems(f).map { "\(lesson.name) frame \(n + 1): \($0)" }
                checked += 1
            }
        }
        return (checked, problems)
    }
}

/// The compare frame's verdict, checked against the two outputs it describes.
enum CompareTruth {
    static func problems(_ f: CompareFrame) -> [String] {
        let a = f.conv.output.values, b = f.corr.output.values, bias = f.conv.geometry.bias
        let identical = zip(a, b).allSatisfy { $0 == $1 }
        let negated = zip(a, b).allSatisfy { TextTruth.close($0 - bias, -($1 - bias)) }
        let v = f.verdict
        var out: [String] = []
        if v.contains("are identical") != identical { out.append("verdict '\(v)' but identical = \(identical)") }
        if v.contains("the negative of") != (negated && !identical) { out.append("verdict '\(v)' but negated = \(negated)") }
        if v.contains("differ by up to") != (!identical && !negated) { out.append("verdict '\(v)' but they differ = \(!identical && !negated)") }
        return out
    }
}

// MARK: - Random lessons

/// A random step lesson as YAML text (1D or 2D, both operations and indexings, every mode,
/// explicit padding, every boundary, stride, dilation, bias), from a seeded generator.
struct RandomLesson {
    var rng: SplitMix

    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    mutating func value() -> String { pick(["-3", "-1", "0", "1", "2", "5", "0.5", "-1.25", "10", "7"]) }

    mutating func yaml() -> String {
        let oneD = int(0...3) == 0
        let rows = oneD ? 1 : int(1...6), cols = int(1...(oneD ? 9 : 6))
        let kr = oneD ? 1 : int(1...4), kc = int(1...4)
        func matrix(_ r: Int, _ c: Int) -> String {
            (0..<r).map { _ in (0..<c).map { _ in value() }.joined(separator: " ") }.joined(separator: "; ")
        }
        var lines = ["title: random", "input: \"\(matrix(rows, cols))\"", "kernel: \"\(matrix(kr, kc))\""]
        if oneD { lines.append("dimension: 1") }
        lines.append("operation: \(pick(["convolution", "correlation"]))")
        lines.append("indexing: \(pick(["corner", "centered"]))")
        if int(0...1) == 0 {
            lines.append("mode: \(pick(["full", "same", "valid"]))")
        } else {
            lines.append(oneD ? "padding: [\(int(0...2)), \(int(0...2))]"
                              : "padding: [\(int(0...2)), \(int(0...2)), \(int(0...2)), \(int(0...2))]")
        }
        lines.append("boundary: \(pick(["zero", "zero", "reflect", "symmetric", "replicate", "wrap"]))")
        lines.append(oneD || int(0...1) == 0 ? "stride: \(int(1...3))" : "stride: [\(int(1...3)), \(int(1...3))]")
        lines.append(oneD || int(0...1) == 0 ? "dilation: \(int(1...2))" : "dilation: [\(int(1...2)), \(int(1...3))]")
        if int(0...2) == 0 { lines.append("bias: \(pick(["-5", "0.5", "3"]))") }
        lines.append("render: [steps\(int(0...3) == 0 && !oneD ? ", compare" : "")]")
        return lines.joined(separator: "\n") + "\n"
    }
}

@Suite("Every word on a step frame is true: formulas, instances and sums evaluate to the output")
struct FormulaTruthTests {
    @Test("Shipped lessons: every step frame's text evaluates to its output cell", arguments: shippedLessons)
    func shipped(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        let (_, problems) = try TextTruth.check(lesson)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test("200 random lessons: every geometry, both operations, both indexings, 1D and 2D")
    func random() throws {
        var gen = RandomLesson(rng: SplitMix(state: 2026))
        var lessons = 0, frames = 0, tried = 0
        var kinds = Set<String>()
        while lessons < 220 && tried < 5000 {
            tried += 1
            let text = gen.yaml()
            guard let lesson = try? LessonParser.parse(text, name: "random-\(tried)", path: "random-\(tried).yaml",
                                                       baseDirectory: lessonsFolder) else { continue }
            let (checked, problems) = try TextTruth.check(lesson)
            #expect(problems.isEmpty, "\(text)\n\(problems.prefix(5))")
            if !problems.isEmpty { return }
            lessons += 1
            frames += checked
            let p = lesson.parts[0]
            kinds.insert("\(p.dimension)D \(p.operation) \(p.geometry.indexing)")
        }
        #expect(lessons >= 200)
        #expect(kinds.count == 8, "every combination of dimension, operation and indexing: \(kinds)")
        #expect(frames > 1000)
    }
}

@Suite("What the PDF prints is what the tests evaluated", .serialized)
struct PrintedFormulaTests {
    /// Collapses runs of white space, as pdftotext may space words differently.
    static func normalised(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test("The formula lines of sampled frames appear, word for word, in the PDF's text",
          arguments: ["04-1d-convolution.yaml", "05-centered-vs-corner.yaml", "06-padding-stride-dilation.yaml", "09-large-kernel.yaml"])
    func pdfText(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        let out = temporaryFolder("pdf-text")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try LessonRenderer(outputRoot: out, formats: [.pdf]).render(lesson)
        let pdf = out.appendingPathComponent(lesson.name).appendingPathComponent("\(lesson.name).pdf").path
        let frames = try LessonFrames(lesson)
        var sampled = 0
        for n in stride(from: 0, to: frames.count, by: 2) {
            let lines: [String]
            switch try frames.frame(n) {
            case let f as StepFrame2D:
                #expect(try TextTruth.problems2D(f).isEmpty)
                lines = [f.formulaText.general, f.formulaText.parameters, f.formulaText.instance].filter { !$0.isEmpty }
            case let f as StepFrame1D:
                #expect(try TextTruth.problems1D(f).isEmpty)
                lines = f.formulaText + f.expansion
            default: continue
            }
            let page = Self.normalised(try tool("pdftotext", ["-f", "\(n + 1)", "-l", "\(n + 1)", "-raw", pdf, "-"]))
            for line in lines { #expect(page.contains(Self.normalised(line)), "page \(n + 1) lacks '\(line)'") }
            sampled += 1
        }
        #expect(sampled >= 3)
    }
}
