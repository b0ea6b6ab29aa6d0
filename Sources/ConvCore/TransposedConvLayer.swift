/// A transposed convolution layer on one example, as PyTorch's `ConvTranspose2d` computes it:
/// `C_in` input channels, `C_out` output channels, weights stored `C_in × C_out/g × k₁ × k₂`.
/// Each input channel stamps its kernels into the output channels of its group (scatter; the
/// kernel is **not** flipped — see ``TransposedConvolution2D`` for one channel):
///
/// ```
/// y_o(s·r − p + d·a, s·q − p + d·b) += x_c(r,q)·w_{c,o}(a,b)      for every input channel c of o's group
/// y_o += b_o
/// ```
/// Output `C_out × H′ × W′` with `H′ = (H − 1)·s − 2p + d·(k₁ − 1) + output_padding + 1`.
///
/// The weights have the layout of a ``ConvLayer`` with `C_in` filters over `C_out` channels —
/// PyTorch's `conv2d` weight of the same tensor — and this layer is exactly that layer's input
/// gradient (``matchingConvolution()``): `y = Cᵀ·x + b`.
public struct TransposedConvLayer: Sendable {
    /// `weights[c][o]`: the kernel input channel `c` stamps into output channel `o` of its group
    /// (PyTorch's `C_in × C_out/g × k₁ × k₂` layout).
    public let weights: [[Grid]]
    /// One bias per output channel (`C_out` of them).
    public let biases: [Double]
    public let geometry: TransposedGeometry
    public let groups: Int

    public init(weights: [[Grid]], biases: [Double]? = nil, geometry: TransposedGeometry = TransposedGeometry(),
                groups: Int = 1) throws(ConvolutionError) {
        guard let first = weights.first, let k = first.first else { throw .empty(name: "weights") }
        if weights.count > ConvLayer.maxChannels {
            throw .beyondLimit(field: "number of input channels", value: weights.count, limit: ConvLayer.maxChannels)
        }
        guard groups >= 1 else { throw .nonPositive(field: "number of groups", value: groups) }
        guard weights.count % groups == 0 else {
            throw .shapes("The \(weights.count) input channels cannot be split into \(groups) groups: use a number of groups that divides the number of input channels.")
        }
        let (outputChannels, overflow) = first.count.multipliedReportingOverflow(by: groups)
        if overflow || outputChannels > ConvLayer.maxFilters {
            throw .beyondLimit(field: "number of output channels", value: overflow ? Int.max : outputChannels,
                               limit: ConvLayer.maxFilters)
        }
        for (c, row) in weights.enumerated() {
            guard row.count == first.count else {
                throw .shapes("Input channel \(c + 1) has kernels for \(row.count) output channels but input channel 1 has \(first.count): give every input channel the same number of kernels.")
            }
            for (o, w) in row.enumerated() {
                try w.validate(name: "weights of input channel \(c + 1), output channel \(o + 1)", limit: Limits.maxKernelValues)
                guard w.rows == k.rows && w.cols == k.cols else {
                    throw .shapes("Input channel \(c + 1), output channel \(o + 1) has a \(w.rows)×\(w.cols) kernel but input channel 1, output channel 1 has \(k.rows)×\(k.cols): give every kernel the same size.")
                }
            }
        }
        let biases = biases ?? Array(repeating: 0, count: outputChannels)
        guard biases.count == outputChannels else {
            throw .shapes("There are \(biases.count) biases for \(outputChannels) output channels: give one bias per output channel.")
        }
        for (o, b) in biases.enumerated() where !b.isFinite { throw .notFinite(name: "bias list", row: 0, col: o) }
        self.weights = weights
        self.biases = biases
        self.geometry = geometry
        self.groups = groups
    }

    /// `C_in`.
    public var inputChannels: Int { weights.count }
    /// Output channels each input channel stamps into (`C_out/g`).
    public var outputChannelsPerGroup: Int { weights[0].count }
    /// `C_out`.
    public var outputChannels: Int { outputChannelsPerGroup * groups }
    public var kernelRows: Int { weights[0][0].rows }
    public var kernelCols: Int { weights[0][0].cols }

    /// The output channel that kernel `o` of input channel `c` stamps into.
    public func outputChannel(input c: Int, slice o: Int) -> Int {
        c / (inputChannels / groups) * outputChannelsPerGroup + o
    }

    /// Checks that `x` has `C_in` channels within the limits and returns the output's rows and columns.
    public func outputShape(for x: Volume) throws(ConvolutionError) -> (rows: Int, cols: Int) {
        guard x.count == inputChannels else {
            throw .shapes("The input has \(counted(x.count, "channel")) but the weights are for \(inputChannels): give the input C×H×W with C = \(inputChannels), or weights \(x.count)×C_out/g×k₁×k₂.")
        }
        for c in 0..<x.count { try x[c].validate(name: "input channel \(c + 1)", limit: Limits.maxInputValues) }
        let shape = try geometry.outputShape(inputRows: x.rows, inputCols: x.cols, kernelRows: kernelRows, kernelCols: kernelCols)
        // Every input cell of every channel stamps each of its output channels' kernels.
        let (cells, overflow) = (x.rows * x.cols).multipliedReportingOverflow(by: inputChannels)
        try ConvLayer.checkWork(cells: overflow ? Int.max : cells, perCell: outputChannelsPerGroup * kernelRows * kernelCols,
                                limit: Limits.maxLoopProducts, what: "The transposed layer")
        return shape
    }

    /// The output volume `C_out × H′ × W′`, by stamping (the definition's loops).
    public func forward(_ x: Volume) throws(ConvolutionError) -> Volume {
        let shape = try outputShape(for: x)
        let sy = geometry.stride.y, sx = geometry.stride.x, py = geometry.padding.y, px = geometry.padding.x
        let dy = geometry.dilation.y, dx = geometry.dilation.x
        var y = Volume(count: outputChannels, rows: shape.rows, cols: shape.cols)
        for c in 0..<inputChannels {
            let xc = x[c]
            for slice in 0..<outputChannelsPerGroup {
                let o = outputChannel(input: c, slice: slice), w = weights[c][slice]
                var yo = y[o]
                for r in 0..<x.rows {
                    for q in 0..<x.cols {
                        for a in 0..<kernelRows {
                            let u = sy * r - py + dy * a
                            guard u >= 0 && u < shape.rows else { continue }   // cropped by the padding
                            for b in 0..<kernelCols {
                                let v = sx * q - px + dx * b
                                guard v >= 0 && v < shape.cols else { continue }
                                yo[u, v] += xc[r, q] * w[a, b]
                            }
                        }
                    }
                }
                y[o] = yo
            }
        }
        return y.mapChannels { o, grid in grid.map { $0 + biases[o] } }
    }

    /// The convolution layer this one is the transpose of: the same weight tensor read as
    /// ``ConvLayer`` weights (`C_in` filters over `C_out` channels), the same groups, stride and
    /// dilation, padding `p` on every side, zero boundary, no bias. For an input gradient `x` its
    /// ``ConvLayer/gradients(_:outputGradient:)`` with respect to the input is this layer's
    /// output without the bias. (Its output may have a few more rows or columns than `x` when the
    /// output padding is not below the stride; they count as zeros.)
    public func matchingConvolution() throws(ConvolutionError) -> ConvLayer {
        let p = geometry.padding
        return try ConvLayer(weights: weights,
                             geometry: Geometry(padding: .explicit(Padding(top: p.y, bottom: p.y, left: p.x, right: p.x)),
                                                stride: geometry.stride, dilation: geometry.dilation),
                             groups: groups)
    }
}

private extension Volume {
    /// Applies `transform` to every channel, given its index; shapes must stay the same.
    func mapChannels(_ transform: (Int, Grid) -> Grid) -> Volume {
        var v = self
        for c in 0..<count { v[c] = transform(c, self[c]) }
        return v
    }
}
