import Foundation
import InitLab

/// Sentences about a network run, computed from the run they describe — never typed into a lesson.
public enum NetworkNotes {
    /// How much one layer multiplies σ while tanh is near-linear: `√(n_in·Var(W))`.
    public static func layerFactor(_ i: Initialization, nIn: Int, nOut: Int) -> Double {
        (Double(nIn) * i.variance(nIn: nIn, nOut: nOut)).squareRoot()
    }

    /// The row label of one run: "LeCun", "LeCun + batch norm".
    public static func label(_ r: InitResult) -> String {
        r.initialization.displayName + (r.batchNorm ? " + batch norm" : "")
    }

    /// "While tanh is near-linear, each layer multiplies σ by √(n_in·Var(W)) (n_in = 500, n_out = 500):
    /// standard 0.58, Xavier uniform 1.0, …" — for the first layer's widths of this run.
    public static func factorLine(_ result: SimulationResult) -> String {
        let cfg = result.config
        let nIn = cfg.inputWidth, nOut = cfg.widths.first ?? nIn
        var seen = Set<Initialization>()
        let parts = result.results.compactMap { r -> String? in
            guard seen.insert(r.initialization).inserted else { return nil }
            return "\(r.initialization.displayName) \(sig(layerFactor(r.initialization, nIn: nIn, nOut: nOut)))"
        }
        return "While tanh is near-linear, each layer multiplies σ by √(n_in·Var(W)) (layer 1: n_in = \(nIn), n_out = \(nOut)): "
            + parts.joined(separator: ", ") + "."
    }

    /// σ of h_l if tanh were linear and nothing normalised the layers: σ(x)·Π √(n_in·Var(W)) —
    /// what the variance argument predicts, drawn dotted beside the measured σ. NaN where it does
    /// not apply: a batch-norm run, and beyond σ = 1, which tanh cannot reach.
    public static func predictedActivationStd(_ r: InitResult, config cfg: NetworkConfig) -> [Double] {
        guard !r.batchNorm else { return cfg.widths.map { _ in .nan } }
        let widths = [cfg.inputWidth] + cfg.widths
        var sigma = cfg.input == .uniform ? (1.0 / 3.0).squareRoot() : 1.0
        // Past σ = 1 the prediction means nothing (|tanh| < 1): it is left out there.
        return (0..<cfg.widths.count).map { l in
            sigma *= layerFactor(r.initialization, nIn: widths[l], nOut: widths[l + 1])
            return sigma <= 1 ? sigma : .nan
        }
    }

    /// σ of ∂C/∂s_l if tanh′ were 1 and nothing normalised the layers: the top layer's measured σ,
    /// multiplied on the way down by √(n_out·Var(W)) per layer (W_{l+1} is n_l × n_{l+1}, and the
    /// backward pass multiplies by its transpose). NaN for a batch-norm run.
    public static func predictedGradientStd(_ r: InitResult, config cfg: NetworkConfig) -> [Double] {
        let L = cfg.widths.count
        guard !r.batchNorm, let top = r.gradients.last?.std, top.isFinite, top > 0 else { return cfg.widths.map { _ in .nan } }
        let widths = [cfg.inputWidth] + cfg.widths
        var out = [Double](repeating: .nan, count: L)
        var sigma = top
        out[L - 1] = sigma
        for l in stride(from: L - 2, through: 0, by: -1) {
            let nIn = widths[l + 1], nOut = widths[l + 2]
            sigma *= (Double(nOut) * r.initialization.variance(nIn: nIn, nOut: nOut)).squareRoot()
            out[l] = sigma
        }
        return out
    }

    /// The share of its variance that batch norm leaves a pre-activation, `Var(s)/(Var(s) + ε)`,
    /// per layer of a batch-norm run: `Var(s) = n_in·Var(W)·Var(h_{l−1})`, with `Var(h_{l−1})` measured.
    public static func epsilonShares(_ r: InitResult, config cfg: NetworkConfig) -> [Double] {
        let widths = [cfg.inputWidth] + cfg.widths
        let inputVariance = cfg.input == .uniform ? 1.0 / 3.0 : 1.0
        return (0..<cfg.widths.count).map { l in
            let previous = l == 0 ? inputVariance : r.activations[l - 1].std * r.activations[l - 1].std
            let v = Double(widths[l]) * r.initialization.variance(nIn: widths[l], nOut: widths[l + 1]) * previous
            return v / (v + Double(cfg.epsilon))
        }
    }

    /// What ε does in a batch-norm run: named for the runs where Var(s) is within 100·ε, so that
    /// ŝ keeps less than 99 % of a unit variance; otherwise one sentence saying it does not matter.
    public static func epsilonLine(_ result: SimulationResult) -> String? {
        let cfg = result.config
        let runs = result.results.filter(\.batchNorm)
        guard !runs.isEmpty else { return nil }
        let eps = sig(Double(cfg.epsilon), 1)
        var affected: [String] = []
        for r in runs {
            let shares = epsilonShares(r, config: cfg)
            guard let worst = shares.min(), worst < 0.99 else { continue }
            let last = r.activations.last?.std ?? 0
            affected.append("\(r.initialization.displayName): Var(s)/(Var(s) + ε) ≈ \(sig(worst, 3)), so σ(h) = \(sig(last, 3)), not 0.628")
        }
        if affected.isEmpty {
            return "Batch norm divides s by √(Var(s) + ε), ε = \(eps); for every weight scale here Var(s) ≫ ε, so each layer's ŝ has variance ≈ 1 and σ(h) ≈ 0.628."
        }
        return "Batch norm divides s by √(Var(s) + ε), ε = \(eps). Where Var(s) is not ≫ ε, ŝ keeps less than unit variance — "
            + affected.joined(separator: "; ") + "."
    }
}
