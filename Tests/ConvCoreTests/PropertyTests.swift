import ConvCore
import Testing
import TestSupport

/// A random configuration: shapes, padding, stride, dilation. Integer data keep every identity exact.
struct RandomCase: Sendable, CustomTestStringConvertible {
    let seed: UInt64
    let input: Grid
    let kernel: Grid
    let padding: Padding
    let stride: Axes
    let dilation: Axes

    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        let kr = Int.random(in: 1...5, using: &rng), kc = Int.random(in: 1...5, using: &rng)
        let dy = Int.random(in: 1...3, using: &rng), dx = Int.random(in: 1...3, using: &rng)
        let pad = Padding(top: Int.random(in: 0...3, using: &rng), bottom: Int.random(in: 0...3, using: &rng),
                          left: Int.random(in: 0...3, using: &rng), right: Int.random(in: 0...3, using: &rng))
        // Make the input at least as large as the dilated kernel so that every case is valid.
        let h = dy * (kr - 1) + 1 + Int.random(in: 0...7, using: &rng)
        let w = dx * (kc - 1) + 1 + Int.random(in: 0...7, using: &rng)
        input = .randomIntegers(rows: h, cols: w, using: &rng)
        kernel = .randomIntegers(rows: kr, cols: kc, using: &rng)
        padding = pad
        stride = Axes(y: Int.random(in: 1...3, using: &rng), x: Int.random(in: 1...3, using: &rng))
        dilation = Axes(y: dy, x: dx)
    }

    var geometry: Geometry { Geometry(padding: .explicit(padding), stride: stride, dilation: dilation) }
    var testDescription: String {
        "seed \(seed): \(input.rows)×\(input.cols) input, \(kernel.rows)×\(kernel.cols) kernel, pad \(padding), stride \(stride), dilation \(dilation)"
    }
}

@Suite("Properties over random shapes and parameters")
struct PropertyTests {
    static let cases = (1...60).map { RandomCase(seed: UInt64($0)) }

    @Test("Agrees with a naive implementation written separately", arguments: cases)
    func agreesWithNaive(c: RandomCase) throws {
        let p = c.padding
        for op in Operation.allCases {
            let y = try Convolution2D(input: c.input, kernel: c.kernel, operation: op, geometry: c.geometry).output
            let expected = naive(c.input.nestedRows, c.kernel.nestedRows, flip: op == .convolution,
                                 top: p.top, bottom: p.bottom, left: p.left, right: p.right,
                                 sy: c.stride.y, sx: c.stride.x, dy: c.dilation.y, dx: c.dilation.x)
            #expect(y.nestedRows == expected, "\(op)")
        }
    }

    @Test("Flip identity: conv(x, k) = corr(x, rot180(k)) in every mode, boundary and indexing", arguments: cases)
    func flipIdentity(c: RandomCase) throws {
        var rules: [PaddingRule] = Mode.allCases.map { .mode($0) }
        rules.append(.explicit(c.padding))
        for rule in rules {
            for boundary in Boundary.allCases {
                for indexing in Indexing.allCases {
                    let g = Geometry(padding: rule, boundary: boundary, stride: c.stride, dilation: c.dilation, indexing: indexing)
                    let conv = try convolve2D(c.input, c.kernel, g)
                    let corr = try correlate2D(c.input, c.kernel.rotated180(), g)
                    #expect(conv == corr, "\(rule) \(boundary) \(indexing)")
                }
            }
        }
        #expect(c.kernel.rotated180().rotated180() == c.kernel)
    }

    @Test("Output sizes equal ⌊(H + p₁ + p₂ − d(k−1) − 1)/s⌋ + 1", arguments: cases)
    func outputSizes(c: RandomCase) throws {
        let y = try correlate2D(c.input, c.kernel, c.geometry)
        let p = c.padding
        // Written out here again on purpose: the test must not call the function it checks.
        let expectedRows = (c.input.rows + p.top + p.bottom - c.dilation.y * (c.kernel.rows - 1) - 1) / c.stride.y + 1
        let expectedCols = (c.input.cols + p.left + p.right - c.dilation.x * (c.kernel.cols - 1) - 1) / c.stride.x + 1
        #expect(y.rows == expectedRows && y.cols == expectedCols)
    }

    @Test("Steps reproduce the output exactly, and list padding cells as padding", arguments: cases)
    func stepsSumToOutput(c: RandomCase) throws {
        for op in Operation.allCases {
            for boundary in [Boundary.zero, .reflect] {
                var g = c.geometry
                g.boundary = boundary
                g.bias = 0.25
                let plan = try Convolution2D(input: c.input, kernel: c.kernel, operation: op, geometry: g)
                #expect(plan.stepCount == plan.output.rows * plan.output.cols)
                for i in 0..<plan.stepCount {
                    let s = try plan.step(i)
                    #expect(s.result == plan.output[s.output])
                    #expect(s.taps.count == c.kernel.rows * c.kernel.cols)
                    for t in s.taps {
                        #expect(t.isPadding == !c.input.contains(t.input.row, t.input.col))
                        #expect(t.weight == c.kernel[t.kernelIndex])
                        if !t.isPadding { #expect(t.value == c.input[t.input]) }
                        if t.isPadding && boundary == .zero { #expect(t.value == 0 && t.source == nil) }
                    }
                }
                #expect(throws: ConvolutionError.self) { try plan.step(plan.stepCount) }
                #expect(throws: ConvolutionError.self) { try plan.step(-1) }
            }
        }
    }

    @Test("Full convolution is commutative: F ∗ G = G ∗ F", arguments: cases)
    func commutative(c: RandomCase) throws {
        let full = Geometry(padding: .mode(.full))
        #expect(try convolve2D(c.input, c.kernel, full) == convolve2D(c.kernel, c.input, full))
    }

    @Test("Full convolution is associative: F ∗ (G ∗ I) = (F ∗ G) ∗ I", arguments: cases.prefix(30))
    func associative(c: RandomCase) throws {
        var rng = SplitMix64(seed: c.seed &+ 1000)
        let f = Grid.randomIntegers(rows: Int.random(in: 1...4, using: &rng), cols: Int.random(in: 1...4, using: &rng), using: &rng)
        let full = Geometry(padding: .mode(.full))
        let left = try convolve2D(try convolve2D(c.input, c.kernel, full), f, full)
        let right = try convolve2D(c.input, try convolve2D(c.kernel, f, full), full)
        #expect(left == right)
    }

    @Test("1D follows the same rules as 2D on a one-row grid", arguments: cases)
    func oneDMatchesTwoD(c: RandomCase) throws {
        let x = Array(c.input.values.prefix(c.input.cols)), h = Array(c.kernel.values.prefix(c.kernel.cols))
        for rule in [PaddingRule.mode(.full), .mode(.same), .mode(.valid),
                     .explicit(Padding(top: 0, bottom: 0, left: c.padding.left, right: c.padding.right))] {
            for boundary in Boundary.allCases {
                let g = Geometry(padding: rule, boundary: boundary, stride: Axes(y: 1, x: c.stride.x),
                                 dilation: Axes(y: 1, x: c.dilation.x), bias: 2)
                #expect(try convolve1D(x, h, g) == convolve2D(Grid(signal: x), Grid(signal: h), g).values)
                #expect(try correlate1D(x, h, g) == correlate2D(Grid(signal: x), Grid(signal: h), g).values)
                #expect(try convolve1D(x, h, g) == correlate1D(x, flip(h), g))
            }
        }
    }

    @Test("Centered and corner indexing give the same numbers but label taps differently")
    func indexingLabels() throws {
        let x = Grid(rows: 5, cols: 5, repeating: 1), k = NamedKernel.sobelX.grid
        let corner = try Convolution2D(input: x, kernel: k, operation: .correlation, geometry: Geometry(indexing: .corner))
        let centered = try Convolution2D(input: x, kernel: k, operation: .correlation, geometry: Geometry(indexing: .centered))
        #expect(corner.output == centered.output)
        #expect(corner.tapLabelRange.rows == 0...2 && centered.tapLabelRange.rows == -1...1)
        #expect(corner.anchor(for: GridIndex(0, 0)) == GridIndex(0, 0))
        #expect(centered.anchor(for: GridIndex(0, 0)) == GridIndex(1, 1))
        // Convolution centered: the lecture's y(r,c) = Σ x(r−a, c−b)·k(a,b); check it tap by tap.
        let conv = try Convolution2D(input: x, kernel: k, operation: .convolution, geometry: Geometry(indexing: .centered))
        let s = try conv.step(4)
        for t in s.taps {
            #expect(t.input == GridIndex(s.anchor.row - t.label.row, s.anchor.col - t.label.col))
            #expect(t.weight == k[t.label.row + 1, t.label.col + 1])
        }
    }
}
