@testable import InitLab
import Testing

@Suite("Statistics survive 0, denormals, ∞ and NaN")
struct NonFiniteTests {
    @Test("The quantile of denormals is exact, not a trap (a Float scale of 4096/1e-40 is infinite)")
    func denormals() {
        let tiny = Float.leastNonzeroMagnitude
        let v: [Float] = (1...100).map { Float($0) * tiny }
        // Nearest rank: the ⌈0.98·100⌉ = 98th smallest |v|.
        #expect(v.withUnsafeBufferPointer { absQuantile($0, 0.98) } == 98 * tiny)
    }

    @Test("Zeros give 0; NaN and ±∞ are left out of the quantile; all non-finite gives NaN")
    func zerosAndNonFinite() {
        #expect([Float](repeating: 0, count: 10).withUnsafeBufferPointer { absQuantile($0, 0.98) } == 0)
        let mixed: [Float] = [1, 2, 3, .nan, .infinity, -.infinity]
        #expect(mixed.withUnsafeBufferPointer { absQuantile($0, 0.98) } == 3)
        #expect([Float.nan, .infinity].withUnsafeBufferPointer { absQuantile($0, 0.5) }.isNaN)
    }

    @Test("stats counts non-finite values and keeps them out of mean, σ and p98; histograms skip NaN")
    func statsNonFinite() {
        let s = stats([1, -1, .infinity, .nan], bins: 4, range: -1...1, saturation: 0.5)
        #expect(s.nonFinite == 2 && s.overflowed)
        #expect(s.mean == 0 && s.std == 1 && s.p98 == 1)
        // +∞ falls in the last bin; NaN in none.
        #expect(s.histogram == [1, 0, 0, 2])
        let zero = stats([0, 0, Float.leastNonzeroMagnitude], bins: 2, range: -1...1, saturation: 0.5)
        #expect(zero.collapsed && !zero.overflowed)
    }

    @Test("A histogram on a denormal range does not trap")
    func tinyRange() {
        let tiny = Double(Float.leastNonzeroMagnitude)
        let v: [Float] = [-Float.leastNonzeroMagnitude, 0, Float.leastNonzeroMagnitude]
        #expect(v.withUnsafeBufferPointer { histogram($0, bins: 2, range: -tiny...tiny) }.reduce(0, +) == 3)
    }

    @Test("The slide's misprint 40 layers deep collapses to 0 without trapping")
    func misprintDeep() throws {
        let r = try simulate(NetworkConfig(inputWidth: 100, widths: Array(repeating: 100, count: 40), batch: 50,
                                           initializations: [.lectureMisprint]))
        let acts = r.results[0].activations
        #expect(acts.last?.collapsed == true)
        #expect(acts.first?.collapsed == false)
    }

    @Test("Sizes that overflow Int saturate in the memory estimate and are refused with a sentence")
    func hugeSizes() {
        let c = NetworkConfig(inputWidth: 4_000_000_000, widths: [4_000_000_000], batch: 4_000_000_000)
        #expect(c.estimatedBytes == Int.max)
        #expect(throws: NetworkError.self) { try c.validate() }
        #expect(throws: NetworkError.invalid(field: "epsilon", message: "must be a positive number of at most 1 (the default is 1e-5), not -1.0")) {
            try NetworkConfig(widths: [4], batch: 4, epsilon: -1).validate()
        }
        #expect(throws: NetworkError.self) { try NetworkConfig.validateDepth(Int.max) }
    }
}
