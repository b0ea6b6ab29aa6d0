import ConvCore
import Testing

@Suite("One geometry reader; fractions in written sums")
struct ReaderAndFormatTests {
    static let fractions: [(Double, String)] = [
        (1.0 / 9, "1/9"), (-1.0 / 3, "−1/3"), (2.0 / 7, "2/7"), (5.0 / 256, "5/256"), (1.0 / 255, "1/255"),
        (0.0625, "1/16"), (-0.375, "−3/8"), (0.5, "0.5"), (0.25, "0.25"), (0.1, "0.1"), (-7.25, "−7.25"), (1.5, "1.5"),
        (65, "65"), (1.0 / 257, "0.0038910505836575876"),
    ]

    @Test("Fractions without a finite decimal, and weight-sized ones with a long decimal, are written n/q; short decimals stay", arguments: fractions)
    func exact(value: Double, written: String) {
        #expect(NumberFormat.exact(value, unicodeMinus: true) == written)
    }

    @Test("A written sum keeps 1/9 exact")
    func sum() throws {
        let plan = try Convolution2D(input: Grid(signal: [9, 18, 27]), kernel: Grid(signal: [1.0 / 9, 1.0 / 9, 1.0 / 9]),
                                     operation: .correlation, geometry: Geometry())
        #expect(try plan.step(0).arithmetic() == "9·1/9 + 18·1/9 + 27·1/9 = 6")
    }

    @Test("Padding, stride and dilation: per-axis counts, limits, and the setting named in the error")
    func reader() throws {
        let r2 = GeometryReader(oneD: false), r1 = GeometryReader(oneD: true)
        #expect(try r2.padding([1, 2, 3, 4]) == Padding(top: 1, bottom: 2, left: 3, right: 4))
        #expect(try r1.padding([1, 2]) == Padding(top: 0, bottom: 0, left: 1, right: 2))
        #expect(try r2.axes([2, 3], field: "stride") == Axes(y: 2, x: 3))
        #expect(try r1.axes([2], field: "dilation") == Axes(y: 1, x: 2))
        #expect(throws: ConvolutionError.beyondLimit(field: "padding", value: 5000, limit: 4096)) { try r2.padding([5000]) }
        #expect(throws: ConvolutionError.beyondLimit(field: "dilation", value: 5000, limit: 4096)) { try r2.axes([5000], field: "dilation") }
        #expect(throws: ConvolutionError.wrongCount(field: "stride", count: 2, expected: "one")) { try r1.axes([1, 2], field: "stride") }
        #expect(throws: ConvolutionError.paddingWithMode(.same)) { try r2.paddingRule(mode: .same, padding: [1]) }
        #expect(ConvolutionError.beyondLimit(field: "dilation", value: 5000, limit: 4096).field == "dilation")
        #expect(ConvolutionError.beyondLimit(field: "padding", value: 5000, limit: 4096).description
                == "The padding is 5000, more than the limit of 4096: use a smaller padding.")
    }
}
