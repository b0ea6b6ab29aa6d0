import ConvCore
import Yams

/// What each render kind may be given, checked when a lesson is loaded (with the line that
/// wrote the field), so that nothing is found too large halfway through drawing it.
public enum LessonLimits {
    /// Figures that write every value in a cell (steps, flip, compare, associativity): a 20 × 20
    /// input (400 values) and a 9 × 9 kernel (81 values).
    public static let drawnInputValues = 400
    public static let drawnKernelValues = 81
    /// Frames drawn by `steps`: one per output cell.
    public static let maxSteps = 400
    /// Products computed for one lesson part's feature maps (output cells × taps, summed over the
    /// bank): about a second of work.
    public static let maxFeatureMapProducts = 1 << 30
    /// Largest lesson file, in bytes. The longest shipped lesson is a few kilobytes.
    public static let maxFileBytes = 256 << 10
    /// Largest matrix file (CSV or text) a lesson or `--input` may name, in bytes: a 4096 × 4096
    /// matrix of short numbers.
    public static let maxMatrixFileBytes = 128 << 20
    /// YAML aliases (`*name`) a lesson may use. Lessons do not need them; a few are allowed,
    /// never enough to blow a small file up into millions of nodes.
    public static let maxAliases = 16
}

extension Reader {
    /// Every render kind's limits, for one part; each error points at the field to change.
    func checkDrawingLimits(render: [RenderKind], input: Grid, kernel: Grid, kernels: [BankKernel], geometry g: Geometry,
                            get: (String) -> Node?, location: String) throws(InputError) {
        let inputNode = get("input") ?? get("image")
        let inputField = get("input") != nil ? "input" : "image"
        func drawnInput(_ kind: RenderKind) throws(InputError) {
            if input.values.count > LessonLimits.drawnInputValues {
                throw InputError(inputNode.map(at) ?? location, field: inputField,
                                 "is \(input.rows)×\(input.cols), but \(kind.rawValue) writes every value and is limited to 20×20 (400 values): use a smaller input, or render feature-maps.")
            }
        }
        func drawnKernel(_ k: Grid, field: String, _ kind: RenderKind) throws(InputError) {
            if k.values.count > LessonLimits.drawnKernelValues {
                throw InputError(get(field).map(at) ?? location, field: field,
                                 "is \(k.rows)×\(k.cols), but \(kind.rawValue) writes every value and is limited to 9×9 (81 values): use a smaller kernel.")
            }
        }
        for kind in render {
            switch kind {
            case .steps:
                try drawnInput(kind)
                try drawnKernel(kernel, field: get("kernel") != nil ? "kernel" : "kernels", kind)
                let layout = try? Layout(inputRows: input.rows, inputCols: input.cols, kernelRows: kernel.rows,
                                         kernelCols: kernel.cols, geometry: g)
                let steps = (layout?.outputRows ?? 0) * (layout?.outputCols ?? 0)
                if steps > LessonLimits.maxSteps {
                    throw InputError(location, field: "render", "steps draws one frame per output cell and is limited to inputs of 20×20, kernels of 9×9 and 400 steps (this part has \(steps)): use a smaller input, or render feature-maps.")
                }
            case .flip:
                try drawnKernel(kernel, field: get("kernel") != nil ? "kernel" : "kernels", kind)
            case .compare:
                try drawnInput(kind)
                try drawnKernel(kernel, field: get("kernel") != nil ? "kernel" : "kernels", kind)
            case .activations, .gradients, .layerSteps, .layerMaps, .poolSteps, .matrix, .parameters, .receptiveField,
                 .inputGradient, .weightGradient, .scatter, .gather, .transposedMatrix:
                break  // refused for convolution parts before the limits are checked (network and layer kinds)
            case .associativity:
                try drawnInput(kind)
                for k in kernels {
                    guard let grid = k.grid else {
                        throw InputError(get("kernels").map(at) ?? location, field: "kernels",
                                         "associativity needs two kernel matrices [F, G]; \(k.name) is not one: name a kernel or write its numbers.")
                    }
                    try drawnKernel(grid, field: "kernels", kind)
                }
            case .featureMaps:
                var products = 0
                for k in kernels {
                    let taps = k.grid?.values.count ?? 2 * NamedKernel.sobelX.grid.values.count
                    let kg = k.grid ?? NamedKernel.sobelX.grid
                    let layout = try? Layout(inputRows: input.rows, inputCols: input.cols, kernelRows: kg.rows,
                                             kernelCols: kg.cols, geometry: g)
                    let cells = (layout?.outputRows ?? 0).multipliedReportingOverflow(by: layout?.outputCols ?? 0)
                    let work = cells.partialValue.multipliedReportingOverflow(by: taps)
                    let sum = products.addingReportingOverflow(work.partialValue)
                    products = cells.overflow || work.overflow || sum.overflow ? Int.max : sum.partialValue
                }
                if products > LessonLimits.maxFeatureMapProducts {
                    throw InputError(get("kernels").map(at) ?? location, field: "kernels",
                                     "feature-maps would compute \(products) products for this \(input.rows)×\(input.cols) input, more than the limit of \(LessonLimits.maxFeatureMapProducts): use a smaller image, or fewer or smaller kernels.")
                }
            }
        }
    }
}
