/// A stack of equally sized grids: an image's channels (C × H × W) or a layer's feature maps
/// (M × H′ × W′), in PyTorch's layout for one example.
///
/// `volume[c]` is channel `c` as a ``Grid``; `volume[c, r, col]` is one value.
public struct Volume: Equatable, Sendable {
    public private(set) var channels: [Grid]

    /// A volume from its channels; all must have the same shape and there must be at least one.
    public init(_ channels: [Grid], name: String = "input") throws(ConvolutionError) {
        guard let first = channels.first, first.rows > 0, first.cols > 0 else { throw .empty(name: name) }
        for (c, g) in channels.enumerated() where g.rows != first.rows || g.cols != first.cols {
            throw .shapes("Channel \(c + 1) of the \(name) is \(g.rows)×\(g.cols) but channel 1 is \(first.rows)×\(first.cols): give every channel the same size.")
        }
        self.channels = channels
    }

    /// `count` channels of `rows × cols`, all `value`.
    public init(count: Int, rows: Int, cols: Int, repeating value: Double = 0) {
        channels = Array(repeating: Grid(rows: rows, cols: cols, repeating: value), count: count)
    }

    /// A one-channel volume.
    public init(single grid: Grid) {
        channels = [grid]
    }

    public var count: Int { channels.count }
    public var rows: Int { channels[0].rows }
    public var cols: Int { channels[0].cols }
    /// `"C×H×W"`.
    public var shapeText: String { "\(count)×\(rows)×\(cols)" }

    public subscript(_ c: Int) -> Grid {
        get { channels[c] }
        set {
            precondition(newValue.rows == rows && newValue.cols == cols, "channel shape differs")
            channels[c] = newValue
        }
    }

    public subscript(_ c: Int, _ r: Int, _ col: Int) -> Double {
        get { channels[c][r, col] }
        set { channels[c][r, col] = newValue }
    }

    /// Nested arrays `[channel][row][col]` (for JSON).
    public var nested: [[[Double]]] { channels.map(\.nestedRows) }

    /// Applies `transform` to every value.
    public func map(_ transform: (Double) -> Double) -> Volume {
        var v = self
        v.channels = channels.map { $0.map(transform) }
        return v
    }
}

extension Grid {
    /// The rectified linear unit, `max(0, x)`, applied to every value.
    public func relu() -> Grid { map { $0 > 0 ? $0 : 0 } }
}

extension Volume {
    /// ``Grid/relu()`` on every channel.
    public func relu() -> Volume { map { $0 > 0 ? $0 : 0 } }
}
