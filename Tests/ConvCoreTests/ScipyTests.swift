import ConvCore
import Testing

extension ScipyCase: CustomTestStringConvertible {
    var testDescription: String { "\(name): \(input.count)×\(input[0].count) with \(kernel.count)×\(kernel[0].count)" }
}

@Suite("Agreement with scipy (fixtures written by bench/make_scipy_fixtures.py)")
struct ScipyTests {
    @Test("correlate2d / convolve2d / ndimage.correlate give the same numbers", arguments: scipyCases)
    func agrees(c: ScipyCase) throws {
        let words = c.name.split(separator: " ").map(String.init)
        let op: ConvCore.Operation = words[0] == "conv" ? .convolution : .correlation
        let mode = Mode(rawValue: words[1])!
        let boundary = words.count > 2 ? Boundary(rawValue: words[2])! : .zero
        let g = Geometry(padding: .mode(mode), boundary: boundary)
        let y = try Convolution2D(input: try Grid(c.input), kernel: try Grid(c.kernel), operation: op, geometry: g).output
        #expect(y.nestedRows == c.expected)
    }
}
