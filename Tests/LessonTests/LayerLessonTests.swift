import ConvCore
import Figures
import Foundation
@testable import Lessons
import Testing

/// The words of the layer figures, read back and evaluated independently of the code that prints
/// them, against values the tests compute with their own loops.
@Suite("Layer figures say what the layer computes")
struct LayerLessonTests {
    static let layerLessons = ["13-layer-65-plus-bias.yaml", "14-three-channels-two-filters.yaml"]

    /// The layer's output computed here, as the lecture writes it: zero padding, then
    /// `y_m(i,j) = Σ_c Σ_a Σ_b x_c(s·i − p + a, s·j − p + b)·w_m,c(a,b) + b_m`.
    static func naive(_ x: Volume, _ w: [[Grid]], _ b: [Double], stride s: Int, padding p: Int) -> [[[Double]]] {
        let k1 = w[0][0].rows, k2 = w[0][0].cols
        let h = (x.rows + 2 * p - k1) / s + 1, wd = (x.cols + 2 * p - k2) / s + 1
        return w.indices.map { m in
            (0..<h).map { i in
                (0..<wd).map { j in
                    var sum = b[m]
                    for c in 0..<x.count {
                        for a in 0..<k1 {
                            for bb in 0..<k2 {
                                let r = s * i - p + a, col = s * j - p + bb
                                if r >= 0 && r < x.rows && col >= 0 && col < x.cols { sum += x[c, r, col] * w[m][c][a, bb] }
                            }
                        }
                    }
                    return sum
                }
            }
        }
    }

    /// "1·0 + 2·1 + (−1)·3" → the sum of the written products.
    static func writtenSum(_ s: String) throws -> Double {
        try s.components(separatedBy: " + ").reduce(0) { acc, term in
            let factors = term.components(separatedBy: "·")
            return acc + (try factors.reduce(1) { try $0 * FormulaReader.number($1) })
        }
    }

    @Test("Every step frame's instance, partial sums and total evaluate to the output", arguments: layerLessons)
    func stepText(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        let l = try #require(lesson.layer)
        let x = try #require(l.input), layer = try #require(l.layer)
        let pad = layer.geometry.resolvedPadding(kernelRows: layer.kernelRows, kernelCols: layer.kernelCols)
        let expected = LayerLessonTests.naive(x, layer.weights, layer.biases, stride: layer.geometry.stride.y, padding: pad.top)
        let frames = try LessonFrames(lesson)
        var seen = 0
        for i in 0..<frames.count {
            guard let f = try frames.frame(i) as? LayerStepFrame else { continue }
            seen += 1
            let m = f.step.filter, o = f.step.output
            let want = expected[m][o.row][o.col]
            let lines = f.textLines
            // The instance: y_m(i,j) = Σ_c Σ_a Σ_b x_c(A, B)·w_m,c(a,b) + b_m,  a ∈ …, b ∈ …
            let instance = lines[1]
            let args = try FormulaReader.arguments(after: "x_c(", in: instance)
            let (a0, a1) = try FormulaReader.range(of: "a", in: instance)
            let (b0, b1) = try FormulaReader.range(of: "b", in: instance)
            var total = layer.biases[m]
            for c in 0..<x.count {
                for a in try FormulaReader.evaluate(a0, [:])...FormulaReader.evaluate(a1, [:]) {
                    for b in try FormulaReader.evaluate(b0, [:])...FormulaReader.evaluate(b1, [:]) {
                        let r = try FormulaReader.evaluate(args[0], ["a": a, "b": b])
                        let col = try FormulaReader.evaluate(args[1], ["a": a, "b": b])
                        if x[c].contains(r, col) { total += x[c, r, col] * layer.weights[m][c][a, b] }
                    }
                }
            }
            #expect(abs(total - want) < 1e-9, "\(instance)")
            // The general formula with this step's indices and the printed parameters gives the same cells.
            let general = lines[0]
            let params = FormulaReader.parameters(general.components(separatedBy: "where ").last ?? "")
            let gArgs = try FormulaReader.arguments(after: "x_c(", in: general)
            for a in 0..<layer.kernelRows {
                for b in 0..<layer.kernelCols {
                    var env = params
                    env["i"] = o.row; env["j"] = o.col; env["a"] = a; env["b"] = b
                    #expect(try FormulaReader.evaluate(gArgs[0], env) == FormulaReader.evaluate(args[0], ["a": a, "b": b]))
                    #expect(try FormulaReader.evaluate(gArgs[1], env) == FormulaReader.evaluate(args[1], ["a": a, "b": b]))
                }
            }
            // Each partial sum: the written products add up to the printed value.
            var partials: [Double] = []
            for line in lines where line.hasPrefix("p") {
                let sides = line.components(separatedBy: " = ")
                #expect(sides.count == 3)
                let printed = try FormulaReader.number(sides[2])
                #expect(abs(try LayerLessonTests.writtenSum(sides[1]) - printed) < 1e-9, "\(line)")
                partials.append(printed)
            }
            #expect(partials.count == x.count)
            // The total: y_m(i,j) = p₀ + … + b_m = values = result, and the result is the output cell.
            let totalLine = try #require(lines.last)
            let sides = totalLine.components(separatedBy: " = ")
            let values = try sides[2].components(separatedBy: " + ").map(FormulaReader.number)
            #expect(Array(values.dropLast()) == partials)
            #expect(values.last == layer.biases[m])
            #expect(abs(values.reduce(0, +) - want) < 1e-9)
            #expect(try FormulaReader.number(sides[3]) == want, "\(totalLine)")
        }
        #expect(seen == (try layer.stepCount(for: x)))
    }

    @Test("Pooling frames write each window and its maximum")
    func poolText() throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent("17-relu-max-pool.yaml").path)
        let l = try #require(lesson.layer)
        let x = try #require(l.input), layer = try #require(l.layer)
        let y = LayerLessonTests.naive(x, layer.weights, layer.biases, stride: 1, padding: 0)[0]
        let relu = y.map { $0.map { max(0, $0) } }
        let frames = try LessonFrames(lesson)
        var seen = 0
        for i in 0..<frames.count {
            guard let f = try frames.frame(i) as? PoolStepFrame else { continue }
            seen += 1
            let o = f.step.output
            // This window's values, taken here from the ReLU map (2×2, stride 2).
            let window = [relu[2 * o.row][2 * o.col], relu[2 * o.row][2 * o.col + 1], relu[2 * o.row + 1][2 * o.col], relu[2 * o.row + 1][2 * o.col + 1]]
            let args = try FormulaReader.arguments(after: "max(", in: f.sumText).map(FormulaReader.number)
            #expect(args == window, "\(f.sumText)")
            let printed = try FormulaReader.number(try #require(f.sumText.components(separatedBy: " = ").last))
            #expect(printed == window.max())
            let winner = try #require(f.step.winner)
            #expect(relu[winner.row][winner.col] == window.max())
        }
        #expect(seen == 16)
    }

    @Test("The parameter table's numbers are its formulas evaluated, and the lecture's")
    func parameterText() throws {
        let counts = try ParameterCounts(channels: 3, height: 224, width: 224, kernelRows: 5, kernelCols: 3, filters: 64,
                                         outputRows: 112, outputCols: 112)
        let frame = ParameterCountsFrame(counts: counts, header: FrameHeader(title: "t"))
        let n = 112 * 112, inputs = 3 * 224 * 224, window = 3 * 5 * 3
        // The lecture's formulas, written here: M·N + N; (K₁·K₂ + 1)·N; K₁·K₂ + 1; (K₁·K₂ + 1)·M — with C·K₁·K₂ per window.
        let lecture = [inputs * n + n, (window + 1) * n, window + 1, (window + 1) * 64, inputs * 64 * n + 64 * n]
        for (row, want) in zip(frame.tableLines, lecture) {
            let withNumbers = try FormulaReader.evaluate(row[2], [:])
            let printed = Int(row[3].dropFirst(2).replacingOccurrences(of: "\u{2009}", with: ""))
            #expect(withNumbers == want, "\(row)")
            #expect(printed == want, "\(row)")
            // The symbolic formula with the symbols' values gives the same number.
            let env = ["C": 3, "H": 224, "W": 224, "K₁": 5, "K₂": 3, "M": 64, "N": n]
            #expect(try FormulaReader.evaluate(row[1], env) == want, "\(row)")
        }
    }

    @Test("Receptive-field rows: the written growth adds up, and matches the recursion done here")
    func fieldText() throws {
        let layers = try FieldLayer.parseStack("conv3 s2 p1, conv5, pool2, conv3 d3 p3")
        let frame = try ReceptiveFieldFrame(label: "t", layers: layers, inputSize: 40, header: FrameHeader(title: "t"))
        // r_l = r_{l−1} + d(k − 1)·j_{l−1}, j_l = j_{l−1}·s. By hand: conv3 s2 → 1 + 2·1 = 3 (j 2); conv5 → 3 + 4·2 = 11;
        // pool2 → 11 + 1·2 = 13 (j 4); conv3 d3 → 13 + 3·2·4 = 37.
        let sizes = [1, 3, 11, 13, 37], jumps = [1, 2, 2, 4, 4]
        for (l, row) in frame.rows.enumerated() {
            let r = row[2].components(separatedBy: " = ")
            let j = row[3].components(separatedBy: " = ")
            if l == 0 { continue }
            #expect(try FormulaReader.evaluate(r[1], [:]) == sizes[l], "\(row)")
            #expect(Int(r[2]) == sizes[l])
            #expect(try FormulaReader.evaluate(j[1], [:]) == jumps[l])
            #expect(Int(j[2]) == jumps[l])
        }
        // The unit drawn depends on exactly the input cells of its field (inside the input).
        let dep = frame.dependence
        let f = frame.fields[layers.count]
        let unit = ((f.units ?? 1) - 1) / 2
        let first = Int(f.start) + unit * f.jump
        let field = Set((first..<(first + f.size)).filter { $0 >= 0 && $0 < 40 })
        // Dilation skips cells: every cell the unit depends on lies in the field; the field's ends are reached.
        #expect(dep.cells[0].isSubset(of: field))
        #expect(dep.cells[0].contains(field.min()!) && dep.cells[0].contains(field.max()!))
    }

    @Test("The matrix frame's product is the sliding window, computed here")
    func matrixText() throws {
        let x = try Grid([[1, 2, 0, 3], [4, 1, 2, 0], [0, 3, 1, 2], [2, 0, 4, 1]])
        let k = try Grid([[1, 0, -1], [2, 1, 0], [0, -1, 1]])
        let frame = try ConvolutionMatrixFrame(plan: Convolution2D(input: x, kernel: k, operation: .correlation), header: FrameHeader(title: "t"))
        let line = frame.textLines[2]
        let product = try FormulaReader.arguments(after: "C·vec(x) = [", in: line, open: "[", close: "]").map(FormulaReader.number)
        let w = LayerLessonTests.naive(Volume(single: x), [[k]], [0], stride: 1, padding: 0)[0].flatMap { $0 }
        #expect(product == w)
        #expect(line.contains("the same numbers"))
        // Row r of C holds the kernel where window r lies: entry (r, q) = k(q_row − i, q_col − j).
        for r in 0..<4 {
            let i = r / 2, j = r % 2
            for q in 0..<16 {
                let a = q / 4 - i, b = q % 4 - j
                let want = (0..<3).contains(a) && (0..<3).contains(b) ? k[a, b] : 0
                #expect(frame.matrix.matrix[r, q] == want)
            }
        }
        #expect(frame.textLines[0].contains("36 hold one of the kernel's 9 weights, 28 are 0"))
    }
}

/// Bad layer lessons: each must be refused in one sentence with the line and the field (checked by
/// `BadLessonTests`, which runs these cases with its own).
enum BadLayerLessonTests {
    static let base = """
    title: t
    layer:
      input: ["1 2 3; 4 5 6; 7 8 9", "1 1 1; 1 1 1; 1 1 1"]
      filters:
        - {name: f, weights: ["1 0; 0 1", "0 1; 1 0"], bias: 1}

    """
    static let cases: [BadLesson] = [
        BadLesson(name: "wrong channel count", yaml: base.replacingOccurrences(of: ", \"0 1; 1 0\"]", with: "]"),
                  says: ["x.yaml:", "input has 2 channels", "each filter has 1"]),
        BadLesson(name: "ragged channels", yaml: base.replacingOccurrences(of: "\"1 1 1; 1 1 1; 1 1 1\"", with: "\"1 1; 1 1\""),
                  says: ["x.yaml:3", "Channel 2", "same size"]),
        BadLesson(name: "kernels of two sizes", yaml: base.replacingOccurrences(of: "\"0 1; 1 0\"", with: "\"0 1 1; 1 0 1\""),
                  says: ["x.yaml:", "same size"]),
        BadLesson(name: "unknown layer field", yaml: base + "  strid: 2\n", says: ["x.yaml:6", "'strid'", "did you mean 'stride'?"]),
        BadLesson(name: "filter without weights", yaml: "title: t\nlayer:\n  input: \"1 2; 3 4\"\n  filters:\n    - {name: f}\n",
                  says: ["x.yaml:5", "weights"]),
        BadLesson(name: "expect a missing filter", yaml: base + "expect:\n  - {filter: 3, at: [0, 0], value: 1}\n",
                  says: ["x.yaml:7", "expect.filter", "numbered 0 to 0"]),
        BadLesson(name: "pool padding too large", yaml: base + "  pool: {kind: max, size: 2, padding: 2}\n",
                  says: ["x.yaml:6", "more than half the window"]),
        BadLesson(name: "pool window larger than the map", yaml: base + "  pool: {kind: max, size: 3}\n",
                  says: ["x.yaml:6", "layer.pool.size", "is 3 but the feature map is 2×2", "use a smaller window"]),
        BadLesson(name: "relu stage without relu", yaml: base + "expect:\n  - {filter: 0, at: [0, 0], stage: relu, value: 1}\n",
                  says: ["x.yaml:7", "expect.stage", "no 'relu: true'"]),
        BadLesson(name: "bad layer stack", yaml: "title: t\nreceptive-fields:\n  - {layers: \"conv3, cnv3\"}\n",
                  says: ["x.yaml:3", "Layer 2", "conv3 or pool2"]),
        BadLesson(name: "stack that leaves no units", yaml: "title: t\nreceptive-fields:\n  - {layers: \"conv5, conv5\", input-size: 6}\n",
                  says: ["x.yaml:3", "leaves no units"]),
        BadLesson(name: "parameters without kernel", yaml: "title: t\nparameters: {input-shape: [1, 8, 8], filters: 2}\n",
                  says: ["x.yaml:2", "kernel"]),
        BadLesson(name: "a row that is not in the table", yaml: "title: t\nparameters: {input-shape: [1, 8, 8], kernel: 3, filters: 2}\nexpect:\n  - {count: dense, value: 1}\n",
                  says: ["x.yaml:4", "not a row of the table", "M features"]),
        BadLesson(name: "matrix of a two-channel layer", yaml: base + "render: [matrix]\n",
                  says: ["x.yaml:6", "one channel and one filter"]),
        BadLesson(name: "a layer kind in a convolution lesson", yaml: good + "\nrender: [layer-steps]", says: ["x.yaml:4", "needs a 'layer:' lesson"]),
        BadLesson(name: "too many filters", yaml: "title: t\nlayer:\n  input: \"1 2; 3 4\"\n  filters:\n"
                  + String(repeating: "    - {weights: [\"1\"]}\n", count: 65), says: ["x.yaml:5", "number of filters is 65", "limit of 64"]),
    ]
}

/// The backward-pass and transposed-convolution figures' words, evaluated against loops written here.
@Suite("Backward and transposed figures say what the gradients are")
struct BackwardLessonTests {
    /// `∂L/∂x(u,v) = Σ g(i,j)·k(a,b)` over every (i, j, a, b) with `s·i − p + a = u`, `s·j − p + b = v`
    /// (zero padding, dilation 1, correlation), written here.
    static func inputGradient(_ x: Grid, _ k: Grid, _ g: Grid, stride s: Int, padding p: Int) -> Grid {
        var out = Grid(rows: x.rows, cols: x.cols)
        for i in 0..<g.rows { for j in 0..<g.cols { for a in 0..<k.rows { for b in 0..<k.cols {
            let u = s * i - p + a, v = s * j - p + b
            if x.contains(u, v) { out[u, v] += g[i, j] * k[a, b] }
        } } } }
        return out
    }

    /// Scatter, written here: `y(s·r − p + a, s·c − p + b) += z(r,c)·k(a,b)`.
    static func transposed(_ z: Grid, _ k: Grid, stride s: Int, padding p: Int, outputPadding op: Int) -> Grid {
        let n = (z.rows - 1) * s - 2 * p + k.rows + op
        var y = Grid(rows: n, cols: n)
        for r in 0..<z.rows { for c in 0..<z.cols { for a in 0..<k.rows { for b in 0..<k.cols {
            let u = s * r - p + a, v = s * c - p + b
            if y.contains(u, v) { y[u, v] += z[r, c] * k[a, b] }
        } } } }
        return y
    }

    @Test("Input-gradient frames: the named terms, their numbers and the sum agree with the gradient computed here",
          arguments: ["21-gradient-of-65.yaml", "22-gradient-brings-the-flip-back.yaml", "23-strided-backward.yaml"])
    func inputGradientText(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        let b = try #require(lesson.layer?.backward)
        let plan = b.plan
        let want = BackwardLessonTests.inputGradient(plan.input, plan.kernel, b.outputGradient, stride: plan.geometry.stride.y, padding: plan.padding.top)
        let frames = try LessonFrames(lesson)
        var seen = 0
        for i in 0..<frames.count {
            if let f = try frames.frame(i) as? GradientAsConvolutionFrame {
                let printed = try FormulaReader.arguments(after: "∂L/∂x = [", in: f.textLines[1], open: "[", close: "]")
                #expect(printed.count == 1)
                let rows = printed[0].components(separatedBy: "; ").map { $0.components(separatedBy: " ").map { try? FormulaReader.number($0) } }
                #expect(rows.flatMap { $0 } == want.values.map { Optional($0) }, "\(f.textLines[1])")
                continue
            }
            guard let f = try frames.frame(i) as? InputGradientFrame else { continue }
            seen += 1
            let u = f.step.input
            // "∂L/∂x(1,1) = ∂L/∂y(0,0)·k(1,1) + …": each named term evaluated with the values here.
            let named = try #require(f.textLines[1].components(separatedBy: " = ").last)
            var total = 0.0
            for term in named.components(separatedBy: " + ") {
                let g = try FormulaReader.arguments(after: "∂L/∂y(", in: term), k = try FormulaReader.arguments(after: "k(", in: term)
                total += b.outputGradient[Int(g[0])!, Int(g[1])!] * plan.kernel[Int(k[0])!, Int(k[1])!]
            }
            #expect(total == want[u], "\(f.textLines[1])")
            // "= 1·5 + 2·4 + … = 23": the numbers multiply and add to the printed sum, which is the gradient.
            let arithmetic = f.textLines[2]
            #expect(arithmetic.hasPrefix("= "))
            let sides = arithmetic.dropFirst(2).components(separatedBy: " = ")
            #expect(sides.count == 2 || want[u] == 0, "\(arithmetic)")
            #expect(try LayerLessonTests.writtenSum(sides[0]) == want[u], "\(arithmetic)")
            #expect(try FormulaReader.number(try #require(sides.last)) == want[u])
        }
        #expect(seen == b.cells.count)
    }

    @Test("Lesson 22 says the weights on ∂L/∂y are k rotated")
    func flipLine() throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent("22-gradient-brings-the-flip-back.yaml").path)
        let frame = try #require(try LessonFrames(lesson).frame(0) as? InputGradientFrame)
        // x(1,1) fed y(0,0) through k(1,1) = 5, y(0,1) through k(1,0) = 4, y(1,0) through k(0,1) = 2, y(1,1) through k(0,0) = 1.
        #expect(frame.flipLine == "On ∂L/∂y the weights read [5 4; 2 1]: the taps [1 2; 4 5] of k rotated by 180° — the gradient convolves.")
    }

    @Test("Weight-gradient frames write Σ x·∂L/∂y for each weight, as computed here")
    func weightGradientText() throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent("22-gradient-brings-the-flip-back.yaml").path)
        let b = try #require(lesson.layer?.backward)
        let x = b.plan.input, g = b.outputGradient
        let frames = try LessonFrames(lesson)
        var seen = 0
        for i in 0..<frames.count {
            guard let f = try frames.frame(i) as? WeightGradientFrame else { continue }
            seen += 1
            let a = f.tap.row, bb = f.tap.col
            var want = 0.0
            for i in 0..<g.rows { for j in 0..<g.cols { want += x[i + a, j + bb] * g[i, j] } }
            let sides = f.sumText.components(separatedBy: " = ")
            #expect(try LayerLessonTests.writtenSum(sides[1]) == want, "\(f.sumText)")
            #expect(try FormulaReader.number(try #require(sides.last)) == want)
        }
        #expect(seen == 9)
    }

    @Test("For a forward convolution, each weight-gradient frame names the kernel cell as written")
    func convolutionWeightGradient() throws {
        let x = try Grid([[1, 2, 0, 3], [4, 1, 2, 0], [0, 3, 1, 2], [2, 0, 4, 1]])
        let k = try Grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        let g = try Grid([[1, 2], [3, 4]])
        let plan = try Convolution2D(input: x, kernel: k, operation: .convolution)
        for index in 0..<9 {
            let f = try WeightGradientFrame(plan: plan, outputGradient: g, index: index, header: FrameHeader(title: "t"))
            // y(i,j) = Σ x(i + 2 − a, j + 2 − b)·k(a,b), so ∂L/∂k(a,b) = Σ_ij x(i + 2 − a, j + 2 − b)·g(i,j), written here.
            let a = index / 3, b = index % 3
            var want = 0.0
            for i in 0..<2 { for j in 0..<2 { want += x[i + 2 - a, j + 2 - b] * g[i, j] } }
            #expect(f.tap == GridIndex(a, b))
            #expect(f.sumText.hasPrefix("∂L/∂k(\(a),\(b)) = "))
            #expect(try FormulaReader.number(try #require(f.sumText.components(separatedBy: " = ").last)) == want, "\(f.sumText)")
        }
    }

    @Test("Average pooling that does not count padding writes only the real cells")
    func averageText() throws {
        let x = try Grid([[1, 2], [3, 4]])
        let p = try Pooling(kind: .average, size: Axes(3), stride: Axes(2), padding: Axes(1), countIncludePad: false)
        // The window at (0,0) covers rows −1…1, columns −1…1: four real cells, (1 + 2 + 3 + 4)/4.
        #expect(try p.step(x, output: GridIndex(0, 0)).text(x, output: "z") == "z(0,0) = (1 + 2 + 3 + 4) / 4 = 2.5")
        let counted = try Pooling(kind: .average, size: Axes(3), stride: Axes(2), padding: Axes(1), countIncludePad: true)
        #expect(try counted.step(x, output: GridIndex(0, 0)).text(x, output: "z").hasPrefix("z(0,0) = (0 + 0 + 0 + 0 + 1 + 2 + 0 + 3 + 4) / 9 = 1.111"))
    }

    @Test("Scatter, gather and Cᵀ frames print the transposed convolution computed here",
          arguments: ["24-transposed-convolution.yaml", "25-transposed-sizes.yaml", "26-c-and-c-transpose.yaml"])
    func transposedText(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        let cases = try #require(lesson.layer?.transposed)
        let frames = try LessonFrames(lesson)
        func want(_ t: TransposedConvolution2D) -> Grid {
            BackwardLessonTests.transposed(t.input, t.kernel, stride: t.geometry.stride.y, padding: t.geometry.padding.y,
                                           outputPadding: t.geometry.outputPadding.y)
        }
        func numbers(_ line: String, after prefix: String) throws -> [Double] {
            let inside = try FormulaReader.arguments(after: prefix, in: line, open: "[", close: "]").joined(separator: ",")
            return try inside.components(separatedBy: CharacterSet(charactersIn: ";, ")).filter { !$0.isEmpty }.map(FormulaReader.number)
        }
        for i in 0..<frames.count {
            let f = try frames.frame(i)
            if let g = f as? GatherFrame {
                #expect(try numbers(g.textLines[1], after: "y = [") == want(g.conv).values)
                // The size line: the written arithmetic gives the printed size, which is the output's.
                let size = try #require(transposedSizeText(g.textLines))
                #expect(try FormulaReader.evaluate(size.arithmetic, [:]) == size.result)
                #expect(size.result == want(g.conv).rows)
            } else if let m = f as? TransposedMatrixFrame {
                #expect(try numbers(m.textLines[2], after: "Cᵀ·vec(z) = [") == want(m.conv).values)
            } else if let s = f as? ScatterFrame {
                // Each written product is value × weight, and the stamp's value is z's.
                #expect(s.stamp.value == s.conv.input[s.stamp.input])
                for mark in s.stamp.marks { #expect(mark.product == s.stamp.value * s.conv.kernel[mark.kernelIndex]) }
            }
        }
        #expect(!cases.isEmpty)
    }

    /// "size: (i − 1)·s − 2p + … = (2 − 1)·2 − 2·0 + 1·(3 − 1) + 0 + 1 = 5" → the arithmetic and the result.
    func transposedSizeText(_ lines: [String]) -> (arithmetic: String, result: Int)? {
        guard let line = lines.first(where: { $0.hasPrefix("size: ") }) else { return nil }
        let parts = line.components(separatedBy: " = ")
        guard parts.count == 3, let r = Int(parts[2]) else { return nil }
        return (parts[1], r)
    }
}
