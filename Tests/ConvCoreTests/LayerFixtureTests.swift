import ConvCore
import Testing

@Suite("Agreement with numpy (fixtures written by bench/make_layer_fixtures.py)")
struct LayerFixtureTests {
    /// Within 1e-9 of the expected value, relative to its size (numpy sums in another order).
    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
    }

    func grids(_ values: [Double], count: Int, rows: Int, cols: Int) -> [Grid] {
        (0..<count).map { Grid(rows: rows, cols: cols, values: Array(values[($0 * rows * cols)..<(($0 + 1) * rows * cols)])) }
    }

    @Test("ConvLayer agrees with numpy's einsum over padded windows", arguments: layerFixtures)
    func layer(f: LayerFixture) throws {
        let s = f.inputShape, w = f.weightShape
        let x = try Volume(grids(f.input, count: s[0], rows: s[1], cols: s[2]))
        let kernels = grids(f.weights, count: w[0] * w[1], rows: w[2], cols: w[3])
        let weights = (0..<w[0]).map { m in Array(kernels[(m * w[1])..<((m + 1) * w[1])]) }
        let p = f.padding
        let g = Geometry(padding: .explicit(Padding(top: p[0], bottom: p[1], left: p[2], right: p[3])),
                         boundary: try #require(Boundary(rawValue: f.boundary)),
                         stride: Axes(y: f.stride[0], x: f.stride[1]), dilation: Axes(y: f.dilation[0], x: f.dilation[1]))
        let layer = try ConvLayer(weights: weights, biases: f.bias, geometry: g, groups: f.groups)
        let y = try layer.forward(x)
        #expect([y.count, y.rows, y.cols] == f.outputShape)
        #expect(close(y.channels.flatMap(\.values), f.expected))
    }

    @Test("Pooling agrees with numpy's max / mean over padded windows, argmax included", arguments: poolFixtures)
    func pool(f: PoolFixture) throws {
        let s = f.inputShape
        let x = try Volume(grids(f.input, count: s[0], rows: s[1], cols: s[2]))
        let p = try Pooling(kind: f.kind == "max" ? .max : .average, size: Axes(y: f.size[0], x: f.size[1]),
                            stride: Axes(y: f.stride[0], x: f.stride[1]), padding: Axes(y: f.padding[0], x: f.padding[1]),
                            countIncludePad: f.countIncludePad)
        var values: [Double] = [], winners: [Int] = []
        for c in 0..<x.count {
            let r = try p.apply(x[c])
            #expect([x.count, r.output.rows, r.output.cols] == f.outputShape)
            values += r.output.values
            winners += r.winners.flatMap { [$0.row, $0.col] }
        }
        #expect(close(values, f.expected))
        #expect(winners == f.argmax)
    }
}

extension LayerFixture: CustomTestStringConvertible {
    var testDescription: String { name }
}

extension PoolFixture: CustomTestStringConvertible {
    var testDescription: String { name }
}
