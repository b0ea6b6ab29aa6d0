import ConvCore
import Foundation
import InitLab

/// The network statistics as CSV and JSON, written beside the figures and by `convviz network`.
/// A statistic that is not a number (every value of a layer overflowed) is an empty CSV field
/// and `null` in JSON; `non_finite` counts the values that overflowed.
public enum NetworkExport {
    static func csvNumber(_ v: Double) -> String {
        v.isFinite ? NumberFormat.string(v) : ""
    }

    /// One line per initialisation, quantity and layer; `gradients: false` leaves the gradient lines out.
    public static func csv(_ r: SimulationResult, gradients: Bool = true) -> String {
        var out = OutputText.csvRow(["init", "formula", "quantity", "layer", "mean", "std", "saturated", "p98", "non_finite"])
        for x in r.results {
            for (kind, stats) in [("activation", x.activations)] + (gradients ? [("gradient", x.gradients)] : []) {
                for (l, s) in stats.enumerated() {
                    out += OutputText.csvRow([x.initialization.rawValue, x.initialization.formula, kind, "\(l + 1)",
                                              csvNumber(s.mean), csvNumber(s.std),
                                              kind == "activation" ? csvNumber(s.saturated) : "", csvNumber(s.p98), "\(s.nonFinite)"])
                }
            }
        }
        return out
    }

    /// `{"network": {...}, "results": [{"init", "formula", "activations": [...], "gradients": [...]}]}`.
    public static func json(_ r: SimulationResult, gradients: Bool = true) throws -> String {
        let c = r.config
        func stats(_ s: LayerStats, layer: Int, activation: Bool) -> [String: Any] {
            var o: [String: Any] = [
                "layer": layer, "mean": OutputText.jsonNumber(s.mean), "std": OutputText.jsonNumber(s.std),
                "p98": OutputText.jsonNumber(s.p98), "non_finite": s.nonFinite,
                "histogram": ["range": [OutputText.jsonNumber(s.range.lowerBound), OutputText.jsonNumber(s.range.upperBound)],
                              "values": s.count, "counts": s.histogram] as [String: Any],
            ]
            if activation { o["saturated"] = OutputText.jsonNumber(s.saturated) }
            return o
        }
        let network: [String: Any] = [
            "input_width": c.inputWidth, "widths": c.widths, "batch": c.batch, "input": c.input.rawValue,
            "seed": NSNumber(value: c.seed), "batchnorm": c.batchNorm, "epsilon": OutputText.jsonNumber(Double("\(c.epsilon)") ?? Double(c.epsilon)),
            "saturation_threshold": OutputText.jsonNumber(Double("\(c.saturation)") ?? Double(c.saturation)),
            "cost": "C = sum(g * h_L), g ~ N(0, 1) fixed by the seed",
        ]
        let results: [[String: Any]] = r.results.map { x in
            var o: [String: Any] = [
                "init": x.initialization.rawValue, "formula": x.initialization.formula,
                "activations": x.activations.enumerated().map { stats($1, layer: $0 + 1, activation: true) },
            ]
            if gradients { o["gradients"] = x.gradients.enumerated().map { stats($1, layer: $0 + 1, activation: false) } }
            return o
        }
        return try OutputText.json(["network": network, "results": results], pretty: true)
    }
}
