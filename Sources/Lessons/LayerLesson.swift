import ConvCore

/// A stack of layers whose receptive fields a lesson draws.
public struct FieldStack: Sendable {
    public var label: String
    public var layers: [FieldLayer]
    /// Input cells along one axis (for the drawing and the unit counts).
    public var inputSize: Int
    public var location: String
}

/// The backward pass of one convolution: the forward plan and the gradient that flows into its output.
public struct BackwardSection: Sendable {
    /// The forward operation (input, kernel, operation, geometry).
    public var plan: Convolution2D
    /// `∂L/∂y`, the output's shape.
    public var outputGradient: Grid
    /// The input cells whose gradient is drawn term by term.
    public var cells: [GridIndex]
}

/// One transposed convolution of a lesson (conv_arithmetic's cases are a list of them).
public struct TransposedSection: Sendable {
    public var label: String
    public var conv: TransposedConvolution2D
    public var location: String
}

/// What a layer lesson's `expect` entry checks.
public enum LayerTarget: Sendable, Equatable {
    /// A value of the layer's output volume: after the bias (`output`), after ReLU, or after pooling.
    public enum Stage: String, CaseIterable, Sendable { case output, relu, pool }
    case cell(stage: Stage, filter: Int, at: GridIndex)
    /// A row of the parameter-count table, by name ("M features").
    case count(row: String)
    /// A receptive-field quantity of one layer of one stack (1-based; layer 0 is the input).
    case field(stack: Int, layer: Int, quantity: FieldQuantity)
    /// A cell of `∂L/∂x` or `∂L/∂k`, or `∂L/∂b` (`at` unused).
    case gradient(of: GradientOf, at: GridIndex)
    /// A cell of a transposed convolution's output (case 1-based).
    case transposed(case: Int, at: GridIndex)

    public enum GradientOf: String, CaseIterable, Sendable { case input, kernel, bias }

    public enum FieldQuantity: String, CaseIterable, Sendable { case size, jump, start }
}

/// A hand-computed value a layer lesson must reproduce.
public struct LayerExpectation: Sendable {
    public var target: LayerTarget
    public var value: Double
    public var tolerance: Double
    public var location: String
}

/// A lesson about the convolution *layer*: input channels, filters and their biases, ReLU and
/// pooling; and the lecture's arguments around it (parameter counts, receptive fields).
public struct LayerLesson: Sendable {
    /// `C × H × W` (absent for a lesson of counts or receptive fields only).
    public var input: Volume?
    /// Set when the input came from a PNG (drawn as the picture it is).
    public var imagePath: String?
    public var isColorImage: Bool
    /// The whole picture when the input is a crop of it, and where the crop is.
    public var picture: Volume?
    public var crop: (top: Int, left: Int, height: Int, width: Int)?
    /// The layer (absent for a lesson of counts or receptive fields only).
    public var layer: ConvLayer?
    /// One name per filter.
    public var filterNames: [String]
    /// For each filter, what its negative and positive values mean (`meaning: [more green, more red]`).
    public var filterMeanings: [(String, String)?] = []
    public var relu: Bool
    public var pool: Pooling?
    public var parameters: ParameterCounts?
    public var stacks: [FieldStack]
    public var backward: BackwardSection? = nil
    public var transposed: [TransposedSection] = []
    public var render: [RenderKind]
    public var expectations: [LayerExpectation]

    /// The layer's output volume.
    public func output() throws(ConvolutionError) -> Volume? {
        guard let layer, let input else { return nil }
        return try layer.forward(input)
    }

    /// The output after the lesson's ReLU (unchanged without one).
    public func activated() throws(ConvolutionError) -> Volume? {
        guard let y = try output() else { return nil }
        return relu ? y.relu() : y
    }

    /// The activated output pooled, when the lesson pools.
    public func pooled() throws(ConvolutionError) -> Volume? {
        guard let pool, let a = try activated() else { return nil }
        return try a.pooled(pool)
    }
}
