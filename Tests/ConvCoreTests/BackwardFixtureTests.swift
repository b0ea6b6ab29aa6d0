import ConvCore
import Testing

extension GradientFixture: CustomTestStringConvertible {
    var testDescription: String {
        "\(name): \(input.count) channels of \(input[0].count)×\(input[0][0].count), \(weights.count) filters, groups \(groups), "
            + "pad \(padding), stride \(stride), dilation \(dilation)"
    }
}

extension TransposedFixture: CustomTestStringConvertible {
    var testDescription: String {
        "\(name): \(input.count) channels of \(input[0].count)×\(input[0][0].count), stride \(stride), padding \(padding), "
            + "output padding \(outputPadding), dilation \(dilation), groups \(groups)"
    }
}

private func volume(_ v: [[[Double]]]) throws -> Volume { try Volume(v.map { try Grid($0) }) }
private func kernels(_ w: [[[[Double]]]]) throws -> [[Grid]] { try w.map { try $0.map { try Grid($0) } } }

/// Written independently in numpy (im2col + einsum, np.add.at scatters, np.pad boundaries) by
/// bench/make_backward_fixtures.py.
@Suite("Agreement with numpy (fixtures written by bench/make_backward_fixtures.py)")
struct BackwardFixtureTests {
    @Test("Layer forward pass and its gradients ∂L/∂x, ∂L/∂w, ∂L/∂b agree within 1e-9", arguments: gradientFixtures)
    func gradients(f: GradientFixture) throws {
        let boundary = try #require(Boundary(rawValue: f.boundary))
        let geometry = Geometry(padding: .explicit(Padding(top: f.padding[0], bottom: f.padding[1], left: f.padding[2], right: f.padding[3])),
                                boundary: boundary, stride: Axes(y: f.stride[0], x: f.stride[1]),
                                dilation: Axes(y: f.dilation[0], x: f.dilation[1]))
        let layer = try ConvLayer(weights: kernels(f.weights), biases: f.biases, geometry: geometry, groups: f.groups)
        let x = try volume(f.input)
        #expect(allClose(try layer.forward(x).flat, try volume(f.output).flat, tolerance: 1e-9))
        let grads = try layer.gradients(x, outputGradient: volume(f.outputGradient))
        #expect(allClose(grads.input.flat, try volume(f.inputGradient).flat, tolerance: 1e-9))
        #expect(allClose(grads.weights.flatMap { $0.flatMap(\.values) },
                         f.weightGradient.flatMap { $0.flatMap { $0.flatMap { $0 } } }, tolerance: 1e-9))
        #expect(allClose(grads.biases, f.biasGradient, tolerance: 1e-9))
    }

    @Test("conv_transpose2d agrees within 1e-9", arguments: transposedFixtures)
    func transposed(f: TransposedFixture) throws {
        let geometry = TransposedGeometry(stride: Axes(y: f.stride[0], x: f.stride[1]), padding: Axes(y: f.padding[0], x: f.padding[1]),
                                          outputPadding: Axes(y: f.outputPadding[0], x: f.outputPadding[1]),
                                          dilation: Axes(y: f.dilation[0], x: f.dilation[1]))
        let layer = try TransposedConvLayer(weights: kernels(f.weights), biases: f.biases, geometry: geometry, groups: f.groups)
        let y = try layer.forward(volume(f.input))
        let expected = try volume(f.output)
        #expect(y.shapeText == expected.shapeText)
        #expect(allClose(y.flat, expected.flat, tolerance: 1e-9))
    }
}
