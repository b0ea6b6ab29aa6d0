import ConvCore
import Foundation

/// `convviz-bench layer`: a 3×224×224 input through 64 filters of 3×3 (`same` padding, a bias per
/// filter) — issue 10's bar is under a second in release. One warm-up run, then `repeats` timed
/// runs of `ConvLayer.forward`; prints each time, the median and a checksum of the output (the
/// same data every run, so the checksum must not change when the loops are made faster).
func runLayerBenchmark(repeats: Int = 5) throws {
    var rng = LCG(state: 2024)
    let (c, h, w, m, k) = (3, 224, 224, 64, 3)
    let input = try Volume((0..<c).map { _ in
        Grid(rows: h, cols: w, values: (0..<(h * w)).map { _ in (rng.next() * 255).rounded() })
    })
    let weights = (0..<m).map { _ in
        (0..<c).map { _ in Grid(rows: k, cols: k, values: (0..<(k * k)).map { _ in rng.next() * 2 - 1 }) }
    }
    let biases = (0..<m).map { _ in rng.next() - 0.5 }
    let layer = try ConvLayer(weights: weights, biases: biases, geometry: Geometry(padding: .mode(.same)))
    let clock = ContinuousClock()
    var output = try layer.forward(input)
    var times: [Double] = []
    for _ in 0..<repeats {
        let t = clock.measure { output = (try? layer.forward(input)) ?? output }
        times.append(seconds(t))
    }
    let checksum = output.channels.reduce(0.0) { $0 + $1.values.reduce(0, +) }
    print("layer: \(c)×\(h)×\(w) input, \(m) filters of \(c)×\(k)×\(k), same padding → \(output.shapeText)")
    print("times (s): " + times.map { String(format: "%.3f", $0) }.joined(separator: " "))
    print(String(format: "median of %d: %.3f s (bar: < 1 s)   checksum %.6f", repeats, median(times), checksum))
}
