import ConvCore
import Drawing
import InitLab

/// What a lesson part draws.
public enum RenderKind: String, CaseIterable, Sendable {
    /// One frame per output cell (after a flip frame, for convolution).
    case steps
    /// The flip frame alone: K beside rot180(K).
    case flip
    /// Convolution and correlation of the same input side by side, with their difference.
    case compare
    /// An image through a bank of kernels, as heat maps.
    case featureMaps = "feature-maps"
    /// (F ∗ G) ∗ I next to F ∗ (G ∗ I).
    case associativity
    /// Network lessons: activation histograms per layer and init, and their statistics per layer.
    case activations
    /// Network lessons: back-propagated gradient histograms and statistics.
    case gradients
    /// Layer lessons: one frame per output cell of the layer, channel by channel, then `+ b`.
    case layerSteps = "layer-steps"
    /// Layer lessons: the input picture and every filter's feature map, with colour bars.
    case layerMaps = "layer-maps"
    /// Layer lessons: ReLU, then one frame per pooling window of the first feature map.
    case poolSteps = "pool-steps"
    /// Layer lessons: the convolution as a matrix product, beside a dense layer's matrix.
    case matrix
    /// Layer lessons: the lecture's parameter counts, from a linear layer to a convolution layer.
    case parameters
    /// Layer lessons: the receptive field of one unit, layer by layer.
    case receptiveField = "receptive-field"
    /// Backward lessons: one frame per chosen input cell, `∂L/∂x(u,v)` term by term, then `∂L/∂x`
    /// as a full convolution of the zero-inserted `∂L/∂y` with the kernel.
    case inputGradient = "input-gradient"
    /// Backward lessons: one frame per kernel cell, `∂L/∂k(a,b)` as a correlation of x with `∂L/∂y`.
    case weightGradient = "weight-gradient"
    /// Transposed convolutions: one frame per input cell stamping the kernel into the output.
    case scatter
    /// Transposed convolutions: the same numbers as an ordinary convolution over the zero-inserted input.
    case gather
    /// Transposed convolutions: the matrix C of the matching convolution and its transpose.
    case transposedMatrix = "transposed-matrix"

    /// Kinds only a `layer:` lesson (or `parameters:` / `receptive-fields:`) draws.
    public var isLayerKind: Bool {
        switch self {
        case .layerSteps, .layerMaps, .poolSteps, .matrix, .parameters, .receptiveField,
             .inputGradient, .weightGradient, .scatter, .gather, .transposedMatrix: return true
        default: return false
        }
    }
}

/// A statistic a network lesson can expect.
public enum NetworkStatistic: String, CaseIterable, Sendable {
    case std, mean, saturated, p98
}

/// A hand-computed (or paper-quoted) value of a network statistic.
public struct NetworkExpectation: Sendable {
    public var initialization: Initialization
    /// 1-based layer.
    public var layer: Int
    public var statistic: NetworkStatistic
    public var gradient: Bool
    public var value: Double
    /// Relative tolerance (default 5 %).
    public var tolerance: Double
    public var location: String
}

/// A lesson about deep tanh networks at initialisation.
public struct NetworkLesson: Sendable {
    /// Most layers a network figure draws (a panel per layer and initialisation).
    public static let maxDrawnLayers = 50

    public var config: NetworkConfig
    public var render: [RenderKind]
    public var expectations: [NetworkExpectation]

    public init(config: NetworkConfig, render: [RenderKind], expectations: [NetworkExpectation]) {
        self.config = config
        self.render = render
        self.expectations = expectations
    }
}

/// A hand-computed value the reference module must reproduce.
public struct Expectation: Sendable {
    /// Output cell (1D: row 0).
    public var at: GridIndex
    public var value: Double
    /// For feature maps: which map (a kernel name or `gradient-magnitude`).
    public var map: String?
    /// For compare parts: which operation's output (default: the part's).
    public var operation: Operation?
    public var tolerance: Double
    /// Where it was written, "lessons/x.yaml:12".
    public var location: String
}

/// A kernel in a bank: a name (or `gradient-magnitude`) and its values.
public struct BankKernel: Sendable {
    public var name: String
    /// `nil` for `gradient-magnitude`, which is √(sobel-x² + sobel-y²) of the responses.
    public var grid: Grid?
}

/// One operation of a lesson and what to draw of it.
public struct LessonPart: Sendable {
    public var label: String
    public var dimension: Int
    public var input: Grid
    /// Set when the input came from an image.
    public var imagePath: String?
    public var kernel: Grid
    public var kernels: [BankKernel]
    public var operation: Operation
    public var geometry: Geometry
    public var render: [RenderKind]
    public var expectations: [Expectation]
    public var location: String
}

/// A lesson: a title, a short explanation and one or more parts.
public struct Lesson: Sendable {
    /// The file's base name; also the output folder's name.
    public var name: String
    public var path: String
    public var title: String
    public var explanation: String
    public var parts: [LessonPart]
    /// Set for a network lesson (then `parts` is empty).
    public var network: NetworkLesson?
    /// Set for a layer lesson (then `parts` is empty).
    public var layer: LayerLesson?

    public init(name: String, path: String, title: String, explanation: String, parts: [LessonPart], network: NetworkLesson?,
                layer: LayerLesson? = nil) {
        self.name = name
        self.path = path
        self.title = title
        self.explanation = explanation
        self.parts = parts
        self.network = network
        self.layer = layer
    }
}
