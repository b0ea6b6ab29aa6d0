@testable import ConvCore
import Testing
import TestSupport

/// A shape for the fast path: input and kernel of random doubles (of mixed magnitudes, so that a
/// different order of additions would show in the last bits), an optional bias.
struct FastCase: Sendable, CustomTestStringConvertible {
    let seed: UInt64
    let input: Grid
    let kernel: Grid
    let bias: Double

    init(seed: UInt64, rows: ClosedRange<Int>, cols: ClosedRange<Int>, kernel k: ClosedRange<Int>) {
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        func value() -> Double {
            Double.random(in: -1...1, using: &rng) * [1, 1e-3, 1e3, 7][Int.random(in: 0...3, using: &rng)]
        }
        let kr = Int.random(in: k, using: &rng), kc = Int.random(in: k, using: &rng)
        let h = Int.random(in: rows, using: &rng), w = Int.random(in: cols, using: &rng)
        input = Grid(rows: h, cols: w, values: (0..<(h * w)).map { _ in value() })
        kernel = Grid(rows: kr, cols: kc, values: (0..<(kr * kc)).map { _ in value() })
        bias = seed % 3 == 0 ? value() : 0
    }

    var testDescription: String {
        "seed \(seed): \(input.rows)×\(input.cols) input, \(kernel.rows)×\(kernel.cols) kernel, bias \(bias)"
    }
}

@Suite("The fast path adds the same products in the same order as the reference loops")
struct FastPathTests {
    /// Small shapes: widths around the 16- and 8-cell SIMD blocks and their scalar tails.
    static let small = (1...16).map { FastCase(seed: UInt64($0), rows: 1...12, cols: 1...41, kernel: 1...5) }
    /// Larger ones, split into bands of rows run on several threads.
    static let banded = (101...102).map { FastCase(seed: UInt64($0), rows: 60...80, cols: 60...80, kernel: 5...7) }

    static func rules(_ c: FastCase) -> [PaddingRule] {
        Mode.allCases.map { .mode($0) } + [.explicit(Padding(top: 2, bottom: 0, left: 1, right: 3)),
                                            .explicit(Padding(top: 0, bottom: 3, left: 4, right: 0))]
    }

    /// Every mode and explicit padding, boundary, stride, dilation and both operations: the fast
    /// path's output equals the reference loop's bit for bit (and so within 1e-12 relative).
    func check(_ c: FastCase, strides: [Axes], dilations: [Axes]) throws {
        var compared = 0
        for rule in Self.rules(c) {
            for boundary in Boundary.allCases {
                for s in strides {
                    for d in dilations {
                        let g = Geometry(padding: rule, boundary: boundary, stride: s, dilation: d, bias: c.bias)
                        guard let layout = try? Layout(inputRows: c.input.rows, inputCols: c.input.cols,
                                                       kernelRows: c.kernel.rows, kernelCols: c.kernel.cols, geometry: g)
                        else { continue }  // the kernel does not fit
                        for op in Operation.allCases {
                            var reference = Grid(rows: layout.outputRows, cols: layout.outputCols)
                            let used = op == .convolution ? c.kernel.rotated180() : c.kernel
                            switch op {
                            case .correlation: correlateLoops(c.input, c.kernel, g, layout.padding, into: &reference)
                            case .convolution: convolveLoops(c.input, c.kernel, g, layout.padding, into: &reference)
                            }
                            let fast = correlateFast(c.input, used, g, layout.padding,
                                                     rows: layout.outputRows, cols: layout.outputCols)
                            let scale = max(1, reference.values.map(abs).max() ?? 0)
                            let worst = zip(fast.values, reference.values).map { abs($0 - $1) }.max() ?? 0
                            #expect(worst <= 1e-12 * scale, "\(op) \(rule) \(boundary) stride \(s) dilation \(d): off by \(worst)")
                            #expect(fast == reference, "\(op) \(rule) \(boundary) stride \(s) dilation \(d): not bit for bit")
                            compared += 1
                        }
                    }
                }
            }
        }
        #expect(compared > 0)
    }

    @Test("Small random cases, every stride and dilation up to 3", arguments: small)
    func smallCases(c: FastCase) throws {
        let axes = [Axes(1), Axes(y: 1, x: 2), Axes(y: 2, x: 1), Axes(y: 3, x: 2), Axes(3)]
        try check(c, strides: axes, dilations: axes)
    }

    @Test("Banded cases run on several threads", arguments: banded)
    func bandedCases(c: FastCase) throws {
        try check(c, strides: [Axes(1), Axes(2)], dilations: [Axes(1), Axes(y: 2, x: 1)])
    }

    /// Above the threshold the plan itself uses the fast path; its steps still equal its cells.
    @Test("A plan on the fast path: every step's result is its output cell", arguments: Operation.allCases)
    func stepsEqualFastOutput(op: Operation) throws {
        let c = FastCase(seed: 77, rows: 70...70, cols: 75...75, kernel: 3...4)
        for boundary in [Boundary.zero, .reflect] {
            let plan = try Convolution2D(input: c.input, kernel: c.kernel, operation: op,
                                         geometry: Geometry(padding: .mode(.same), boundary: boundary, bias: 0.25))
            #expect(plan.stepCount > Convolution2D.fastPathThreshold)
            for i in stride(from: 0, to: plan.stepCount, by: 7) {
                #expect(try plan.step(i).result == plan.output.values[i], "step \(i)")
            }
        }
    }

    /// The limits are on the input and the output, not on the padding: a 4096² image filters in
    /// `same` mode, and the result is the reference loop's (checked on a band of rows at each edge).
    @Test("A 4096 × 4096 input in 'same' mode is accepted")
    func largestInputSame() throws {
        let n = 4096
        var x = Grid(rows: n, cols: n)
        for r in 0..<n { x[r, 0] = Double(r % 7); x[r, n - 1] = 1; x[r, r] = 2 }
        let k = try Grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        let y = try correlate2D(x, k, Geometry(padding: .mode(.same)))
        #expect(y.rows == n && y.cols == n)
        // Corners and edges against the definition.
        func expected(_ r: Int, _ c: Int) -> Double {
            var s = 0.0
            for a in 0..<3 { for b in 0..<3 where x.contains(r + a - 1, c + b - 1) { s += x[r + a - 1, c + b - 1] * k[a, b] } }
            return s
        }
        for (r, c) in [(0, 0), (0, n - 1), (n - 1, 0), (n - 1, n - 1), (1234, 1234), (2048, n - 1), (n - 1, 17)] {
            #expect(y[r, c] == expected(r, c), "(\(r), \(c))")
        }
        // Full mode of the largest input with a large kernel makes too large an *output*: refused.
        let big = Grid(rows: 64, cols: 64, repeating: 1)
        #expect(throws: ConvolutionError.self) { try correlate2D(x, big, Geometry(padding: .mode(.full))) }
    }
}
