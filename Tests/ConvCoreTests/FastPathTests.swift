@testable import ConvCore
import class Foundation.FileManager
import Testing
import TestSupport

/// A shape for the fast path: input and kernel of random doubles of mixed magnitudes (so that a
/// different order of additions would show in the last bits) with some exact zeros of either sign,
/// and an optional bias.
struct FastCase: Sendable, CustomTestStringConvertible {
    let seed: UInt64
    let input: Grid
    let kernel: Grid
    let bias: Double

    init(seed: UInt64, rows: ClosedRange<Int>, cols: ClosedRange<Int>, kernelRows: ClosedRange<Int>,
         kernelCols: ClosedRange<Int>, scale: Double = 1) {
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        func value() -> Double {
            Double.random(in: -1...1, using: &rng) * scale * [1, 1e-3, 1e3, 7, 0][Int.random(in: 0...4, using: &rng)]
        }
        let kr = Int.random(in: kernelRows, using: &rng), kc = Int.random(in: kernelCols, using: &rng)
        let h = Int.random(in: rows, using: &rng), w = Int.random(in: cols, using: &rng)
        input = Grid(rows: h, cols: w, values: (0..<(h * w)).map { _ in value() })
        kernel = Grid(rows: kr, cols: kc, values: (0..<(kr * kc)).map { _ in value() })
        bias = seed % 3 == 0 ? value() : 0
    }

    init(seed: UInt64, rows: ClosedRange<Int>, cols: ClosedRange<Int>, kernel k: ClosedRange<Int>) {
        self.init(seed: seed, rows: rows, cols: cols, kernelRows: k, kernelCols: k)
    }

    var testDescription: String {
        "seed \(seed): \(input.rows)×\(input.cols) input, \(kernel.rows)×\(kernel.cols) kernel, bias \(bias)"
    }
}

@Suite("The fast path adds the same products in the same order as the reference loops")
struct FastPathTests {
    /// Every instruction set this CPU runs, down to the portable C: each must give the loops' bits.
    static let levels = KernelLevel.allCases.filter { $0 <= .best }

    static let rules: [PaddingRule] = Mode.allCases.map { .mode($0) }
        + [.explicit(Padding(top: 2, bottom: 0, left: 1, right: 3)), .explicit(Padding(top: 0, bottom: 3, left: 4, right: 0))]

    /// Strides and dilations 1…3, each axis on its own.
    static let axes = (1...3).flatMap { y in (1...3).map { x in Axes(y: y, x: x) } }

    /// The reference loops' output, or nil when the kernel does not fit.
    static func reference(_ c: FastCase, _ g: Geometry, _ op: Operation) -> (Grid, Layout)? {
        guard let layout = try? Layout(inputRows: c.input.rows, inputCols: c.input.cols,
                                       kernelRows: c.kernel.rows, kernelCols: c.kernel.cols, geometry: g)
        else { return nil }
        var y = Grid(rows: layout.outputRows, cols: layout.outputCols)
        switch op {
        case .correlation: correlateLoops(c.input, c.kernel, g, layout.padding, into: &y)
        case .convolution: convolveLoops(c.input, c.kernel, g, layout.padding, into: &y)
        }
        return (y, layout)
    }

    /// The first cell where two grids differ in their bits (so −0 ≠ +0), or nil.
    static func firstDifference(_ a: Grid, _ b: Grid) -> String? {
        guard a.rows == b.rows && a.cols == b.cols else { return "shape \(a.rows)×\(a.cols) vs \(b.rows)×\(b.cols)" }
        guard let i = a.values.indices.first(where: { a.values[$0].bitPattern != b.values[$0].bitPattern })
        else { return nil }
        return "cell (\(i / a.cols), \(i % a.cols)): \(a.values[i]) vs \(b.values[i])"
    }

    /// The fast path at every level against the loops, for every padding rule, boundary and
    /// operation, with the given strides and dilations. Returns how many plans were compared.
    @discardableResult
    static func check(_ c: FastCase, strides: [Axes], dilations: [Axes]) throws -> Int {
        var compared = 0
        for rule in rules {
            for boundary in Boundary.allCases {
                for s in strides {
                    for d in dilations {
                        let g = Geometry(padding: rule, boundary: boundary, stride: s, dilation: d, bias: c.bias)
                        for op in Operation.allCases {
                            guard let (reference, layout) = reference(c, g, op) else { continue }
                            let used = op == .convolution ? c.kernel.rotated180() : c.kernel
                            for level in levels {
                                let fast = try correlateFast(c.input, used, g, layout.padding,
                                                             rows: layout.outputRows, cols: layout.outputCols, level: level)
                                let difference = firstDifference(fast, reference)
                                #expect(difference == nil, "\(level) \(op) \(rule) \(boundary) stride \(s) dilation \(d): \(difference ?? "")")
                            }
                            compared += 1
                        }
                    }
                }
            }
        }
        return compared
    }

    /// Each kernel size 1…15, square and not, on small inputs (widths on both sides of the 8-cell
    /// vectors and the 32-cell blocks, and narrower than the kernel), stride and dilation 1 and 2.
    static let kernelSizes = (1...15).flatMap { k in
        [FastCase(seed: UInt64(200 + k), rows: 1...(k + 5), cols: 1...45, kernelRows: k...k, kernelCols: k...k),
         FastCase(seed: UInt64(300 + k), rows: 1...(k + 5), cols: 1...45, kernelRows: k...k, kernelCols: 1...15)]
    }

    @Test("Every kernel size 1…15, square and not", arguments: kernelSizes)
    func everyKernelSize(c: FastCase) throws {
        #expect(try Self.check(c, strides: [Axes(1), Axes(2)], dilations: [Axes(1), Axes(y: 1, x: 2)]) > 0)
    }

    /// Small kernels on small inputs under every combination of stride and dilation 1…3 per axis.
    static let small = (1...24).map { FastCase(seed: UInt64($0), rows: 1...12, cols: 1...41, kernel: 1...5) }

    @Test("Every stride and dilation 1…3 along each axis", arguments: small)
    func everyStrideAndDilation(c: FastCase) throws {
        #expect(try Self.check(c, strides: Self.axes, dilations: Self.axes) > 0)
    }

    /// Every output width from 1 to 80 (whole blocks of 32 cells, single vectors of 8, cells left
    /// over) and row counts that leave 1 to 3 rows after the groups of 4.
    static let widths = (1...80).map { FastCase(seed: UInt64(1000 + $0), rows: 1...11, cols: $0...$0, kernel: 1...4) }

    @Test("Every output width up to 80", arguments: widths)
    func everyWidth(c: FastCase) throws {
        #expect(try Self.check(c, strides: [Axes(1), Axes(y: 2, x: 1)], dilations: [Axes(1), Axes(y: 3, x: 1)]) > 0)
    }

    /// Large enough to be split into bands of rows run on several threads.
    static let banded = [FastCase(seed: 101, rows: 90...100, cols: 90...100, kernel: 7...7),
                         FastCase(seed: 102, rows: 150...160, cols: 60...70, kernelRows: 3...3, kernelCols: 9...9)]

    @Test("Banded cases run on several threads", arguments: banded)
    func bandedCases(c: FastCase) throws {
        #expect(c.input.rows * c.input.cols * c.kernel.rows * c.kernel.cols >= 1 << 18)
        try Self.check(c, strides: [Axes(1), Axes(2)], dilations: [Axes(1), Axes(y: 2, x: 1)])
    }

    /// Sums that overflow to ±∞ and turn to NaN come out the same too, and are not mistaken for a
    /// NaN in the input.
    @Test("Overflowing sums")
    func overflow() throws {
        let c = FastCase(seed: 11, rows: 12...12, cols: 40...40, kernelRows: 3...3, kernelCols: 3...3, scale: 1e154)
        try Self.check(c, strides: [Axes(1)], dilations: [Axes(1)])
        let big = Grid(rows: 100, cols: 100, repeating: 1e300)
        let y = try correlate2D(big, Grid(rows: 3, cols: 3, repeating: 1e10), Geometry(padding: .mode(.same)))
        #expect(y.values.allSatisfy { $0 == .infinity })
    }

    /// Plans just below the threshold run the loops, just above it the fast path: the same bits
    /// either way, for output widths of 1, odd, and not a multiple of 8.
    @Test("Plans around the fast-path threshold",
          arguments: [(64, 64), (63, 65), (64, 65), (1, 4097), (4097, 1), (17, 241), (241, 17)])
    func aroundThreshold(rows: Int, cols: Int) throws {
        var rng = SplitMix64(seed: UInt64(rows * 10_000 + cols))
        let x = Grid.randomIntegers(rows: rows, cols: cols, using: &rng).map { $0 * 0.37 }
        let k = Grid.randomIntegers(rows: 3, cols: 3, using: &rng).map { $0 * 1.13 }
        for op in Operation.allCases {
            for boundary in [Boundary.zero, .reflect, .wrap] {
                let c = FastCase(input: x, kernel: k)
                let g = Geometry(padding: .mode(.same), boundary: boundary, bias: 0.5)
                let plan = try Convolution2D(input: x, kernel: k, operation: op, geometry: g)
                #expect((plan.stepCount > Convolution2D.fastPathThreshold) == (rows * cols > 4096))
                let reference = try #require(Self.reference(c, g, op)?.0)
                let difference = Self.firstDifference(plan.output, reference)
                #expect(difference == nil, "\(op) \(boundary): \(difference ?? "")")
            }
        }
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

    /// The fast path checks the input itself, a share of rows per band: the error still names the
    /// first NaN or infinity in reading order, wherever it is and whether or not a window reads it.
    @Test("A NaN or infinity in a large input is reported at its first cell",
          arguments: [[(0, 0)], [(399, 199)], [(300, 3), (80, 190)], [(80, 199), (80, 198)], [(240, 199)],
                      [(200, 100)], [(77, 199)]])
    func nonFiniteInput(cells: [(Int, Int)]) throws {
        var x = Grid(rows: 400, cols: 200, repeating: 1)
        for (i, (r, c)) in cells.enumerated() { x[r, c] = i % 2 == 0 ? .nan : -.infinity }
        let first = cells.min { ($0.0, $0.1) < ($1.0, $1.1) }!
        let k = Grid(rows: 5, cols: 5, repeating: 1)
        // In valid mode the last column is read only by the last cells of each row, which do not
        // fill a vector; stride 2 never reads it (nor the last row): still refused. Every plan is
        // large enough for several bands.
        for g in [Geometry(padding: .mode(.same)), Geometry(), Geometry(stride: Axes(2))] {
            #expect(throws: ConvolutionError.notFinite(name: "input", row: first.0, col: first.1)) {
                try correlate2D(x, k, g)
            }
        }
        // An input narrower than the kernel: every output cell is summed through the boundary.
        var narrow = Grid(rows: 2000, cols: 3, repeating: 1)
        narrow[first.0 * 5 % 2000, first.1 % 3] = .nan
        #expect(throws: ConvolutionError.notFinite(name: "input", row: first.0 * 5 % 2000, col: first.1 % 3)) {
            try correlate2D(narrow, k, Geometry(padding: .mode(.same)))
        }
        // Before any other problem, as the loops' path reports it.
        #expect(throws: ConvolutionError.notFinite(name: "input", row: first.0, col: first.1)) {
            try correlate2D(x, Grid(rows: 500, cols: 3, repeating: 1))
        }
    }

    #if (arch(x86_64) && os(Linux)) || arch(arm64)
    /// The level chosen at run time is the widest the CPU says it has (on Linux, its flags in
    /// /proc/cpuinfo; arm64 has only the portable level).
    @Test("The kernel runs the widest instruction set this CPU has")
    func dispatch() throws {
        #if arch(x86_64)
        let info = String(decoding: try #require(FileManager.default.contents(atPath: "/proc/cpuinfo")), as: UTF8.self)
        let flags = Set(try #require(info.split(separator: "\n").first { $0.hasPrefix("flags") })
            .split(separator: " ").map(String.init))
        let expected: KernelLevel = flags.contains("avx512f") ? .avx512 : flags.contains("avx2") ? .avx2 : .portable
        #expect(KernelLevel.best == expected)
        #else
        #expect(KernelLevel.best == .portable)
        #endif
    }
    #endif

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

extension FastCase {
    /// A case from given grids (no bias).
    init(input: Grid, kernel: Grid) {
        self.seed = 0
        self.input = input
        self.kernel = kernel
        self.bias = 0
    }
}
