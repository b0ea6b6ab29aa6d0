import ConvCore
import Testing

@Suite("Bad input is refused with a sentence, never a crash")
struct ErrorTests {
    let x = Grid(rows: 4, cols: 4, repeating: 1)
    let k = Grid(rows: 3, cols: 3, repeating: 1)

    @Test func ragged() {
        #expect(throws: ConvolutionError.raggedRows(name: "input", row: 1, expected: 3, found: 2)) {
            try Grid([[1, 2, 3], [4, 5]], name: "input")
        }
    }

    @Test func empty() {
        #expect(throws: ConvolutionError.empty(name: "kernel")) { try Grid([], name: "kernel") }
        #expect(throws: ConvolutionError.empty(name: "signal")) { try convolve1D([], [1]) }
    }

    @Test func notFinite() {
        let bad = Grid(rows: 2, cols: 2, values: [1, .nan, 3, 4])
        #expect(throws: ConvolutionError.notFinite(name: "input", row: 0, col: 1)) { try correlate2D(bad, k) }
        #expect(throws: ConvolutionError.notFinite(name: "input", row: 0, col: 1)) {
            try correlate2D(Grid(rows: 2, cols: 2, values: [1, .infinity, 3, 4]), k)
        }
    }

    @Test func strideAndDilation() {
        #expect(throws: ConvolutionError.nonPositive(field: "stride", value: 0)) {
            try correlate2D(x, k, Geometry(stride: Axes(0)))
        }
        #expect(throws: ConvolutionError.nonPositive(field: "dilation", value: -1)) {
            try correlate2D(x, k, Geometry(dilation: Axes(y: 1, x: -1)))
        }
    }

    @Test func negativePadding() {
        #expect(throws: ConvolutionError.negativePadding(value: -1)) {
            try correlate2D(x, k, Geometry(padding: .explicit(Padding(-1))))
        }
    }

    @Test func kernelTooLarge() throws {
        #expect(throws: ConvolutionError.kernelTooLarge(axis: "rows", span: 5, available: 4)) {
            try correlate2D(x, k, Geometry(dilation: Axes(2)))
        }
        // …but padding can make room.
        #expect(try correlate2D(x, k, Geometry(padding: .explicit(Padding(1)), dilation: Axes(2))).rows == 2)
    }

    @Test func sizeLimit() {
        let huge = Grid(rows: 1, cols: Limits.maxKernelValues + 1, repeating: 0)
        #expect(throws: ConvolutionError.self) { try correlate2D(x, huge) }
    }

    @Test("Every error reads as a sentence that says what to do")
    func sentences() {
        let errors: [ConvolutionError] = [
            .empty(name: "input"), .raggedRows(name: "input", row: 1, expected: 3, found: 2),
            .notFinite(name: "input", row: 0, col: 0), .nonPositive(field: "stride", value: 0),
            .negativePadding(value: -1), .kernelTooLarge(axis: "rows", span: 5, available: 4),
            .tooLarge(name: "input", count: 10, limit: 5), .notOneRow(name: "input", rows: 2),
            .stepOutOfRange(step: 9, count: 9), .verticalPaddingIn1D,
        ]
        for e in errors {
            #expect(e.description.hasSuffix("."))
            #expect(e.description.contains(":"), "\(e.description) should say what to fix after a colon")
        }
    }
}
