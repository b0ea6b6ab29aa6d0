#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a layer's weights `W` (n_in × n_out) are drawn at initialisation.
///
/// The variance argument (Glorot & Bengio 2010): a unit sums `n_in` products `w·h`, so with
/// independent zero-mean terms `Var(s) = n_in · Var(W) · Var(h)`. Keeping the forward variance
/// needs `Var(W) = 1/n_in`; keeping the backward variance needs `Var(W) = 1/n_out`; Glorot's
/// compromise is `Var(W) = 2/(n_in + n_out)`, i.e. `U[±√6/√(n_in + n_out)]`.
public enum Initialization: String, CaseIterable, Sendable {
    /// `U[−1/√n_in, 1/√n_in]`: Var(W) = 1/(3·n_in), the "standard" heuristic of the paper.
    case standard
    /// Glorot/Xavier uniform `U[±√6/√(n_in + n_out)]`: Var(W) = 2/(n_in + n_out).
    case xavierUniform = "xavier-uniform"
    /// Glorot/Xavier normal `N(0, 2/(n_in + n_out))`.
    case xavierNormal = "xavier-normal"
    /// `N(0, 0.01²)`: a common small constant — far too small for 1000-wide layers.
    case normalSmall = "normal-0.01"
    /// `N(0, 1)`: far too large; tanh saturates.
    case normalOne = "normal-1"
    /// LeCun normal `N(0, 1/n_in)`: keeps the forward variance.
    case lecun
    /// He/Kaiming normal `N(0, 2/n_in)`: made for ReLU, too large for tanh.
    case he
    /// Xavier uniform with the tanh gain 5/3: `U[±(5/3)·√6/√(n_in + n_out)]` (PyTorch's `calculate_gain('tanh')`).
    case xavierTanh = "xavier-tanh"
    /// The lecture slide's misprint `U[±√6/(n_in + n_out)]` — no square root in the denominator,
    /// about 45× too small for 1000-wide layers (√2000 ≈ 44.7).
    case lectureMisprint = "lecture-misprint"

    /// The formula, as printed in figures and docs.
    public var formula: String {
        switch self {
        case .standard: return "U[±1/√n_in]"
        case .xavierUniform: return "U[±√6/√(n_in+n_out)]"
        case .xavierNormal: return "N(0, 2/(n_in+n_out))"
        case .normalSmall: return "N(0, 0.01²)"
        case .normalOne: return "N(0, 1)"
        case .lecun: return "N(0, 1/n_in)"
        case .he: return "N(0, 2/n_in)"
        case .xavierTanh: return "U[±(5/3)·√6/√(n_in+n_out)]"
        case .lectureMisprint: return "U[±√6/(n_in+n_out)]"
        }
    }

    /// A short display name.
    public var displayName: String {
        switch self {
        case .standard: return "standard"
        case .xavierUniform: return "Xavier uniform"
        case .xavierNormal: return "Xavier normal"
        case .normalSmall: return "N(0, 0.01²)"
        case .normalOne: return "N(0, 1)"
        case .lecun: return "LeCun"
        case .he: return "He"
        case .xavierTanh: return "Xavier, gain 5/3"
        case .lectureMisprint: return "slide's misprint"
        }
    }

    enum Law { case uniform(bound: Double), normal(std: Double) }

    /// The distribution for a layer of `nIn` inputs and `nOut` outputs.
    func law(nIn: Int, nOut: Int) -> Law {
        let a = Double(nIn), b = Double(nOut)
        switch self {
        case .standard: return .uniform(bound: 1 / a.squareRoot())
        case .xavierUniform: return .uniform(bound: 6.0.squareRoot() / (a + b).squareRoot())
        case .xavierNormal: return .normal(std: (2 / (a + b)).squareRoot())
        case .normalSmall: return .normal(std: 0.01)
        case .normalOne: return .normal(std: 1)
        case .lecun: return .normal(std: (1 / a).squareRoot())
        case .he: return .normal(std: (2 / a).squareRoot())
        case .xavierTanh: return .uniform(bound: 5.0 / 3.0 * 6.0.squareRoot() / (a + b).squareRoot())
        case .lectureMisprint: return .uniform(bound: 6.0.squareRoot() / (a + b))
        }
    }

    /// The weights' variance for a layer, from the formula (for docs and tests).
    public func variance(nIn: Int, nOut: Int) -> Double {
        switch law(nIn: nIn, nOut: nOut) {
        case .uniform(let bound): return bound * bound / 3
        case .normal(let std): return std * std
        }
    }
}

/// The distribution of the network's input.
public enum InputDistribution: String, CaseIterable, Sendable {
    /// `U(−1, 1)`, as in the paper's figure.
    case uniform
    /// `N(0, 1)`.
    case gaussian
}

// MARK: - Random numbers

/// xoshiro256**: small, fast and reproducible on every platform. Each weight matrix, input and
/// cost draws from its own stream, so results do not depend on thread scheduling.
struct Xoshiro: Sendable {
    var s: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64, stream: UInt64) {
        var x = seed ^ (stream &* 0x9E37_79B9_7F4A_7C15)
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = (s.3 << 45) | (s.3 >> 19)
        return result
    }

    /// Uniform in [0, 1) with 24 random bits.
    @inline(__always)
    mutating func unit() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Uniform in (0, 1): never 0, for a logarithm.
    @inline(__always)
    mutating func openUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Fills `buffer` with draws from `law` (the ziggurat for the normal law).
    mutating func fill(_ buffer: UnsafeMutableBufferPointer<Float>, _ law: Initialization.Law) {
        // A local copy of the state: the compiler keeps it in registers (stores through `buffer`
        // might otherwise reach `self`, and the state would go to memory at every draw).
        var rng = self
        defer { self = rng }
        switch law {
        case .uniform(let bound):
            let b = Float(bound)
            for i in buffer.indices { buffer[i] = (2 * rng.unit() - 1) * b }
        case .normal(let std):
            let sd = Float(std)
            Ziggurat.table.withUnsafeBufferPointer { layers in
                for i in buffer.indices { buffer[i] = rng.normal(layers) * sd }
            }
        }
    }

    /// A draw from N(0, 1) by Marsaglia and Tsang's ziggurat (2000): 128 layers of equal area
    /// under the density; a draw picks a layer and a point in it, and is returned at once when
    /// the point lies inside the layer's inner rectangle (98.8 % of draws: one multiplication).
    /// The layer comes from the low 7 bits of a 64-bit draw and the signed point from its high 32
    /// bits, independent bits (using the same bits for both is a known flaw of the original).
    @inline(__always)
    mutating func normal(_ layers: UnsafeBufferPointer<Ziggurat.Layer>) -> Float {
        let (i, hz) = layerAndPoint()
        let layer = layers[i]
        if hz.magnitude < layer.inner { return Float(hz) * layer.width }
        return normalEdge(i, hz, layers)
    }

    /// A layer (the low 7 bits of a draw) and a signed point (its high 32 bits).
    @inline(__always)
    private mutating func layerAndPoint() -> (Int, Int32) {
        let u = next()
        return (Int(u & 127), Int32(truncatingIfNeeded: u >> 32))
    }

    /// The rare draws outside the inner rectangle: the base layer's tail beyond r, or a wedge
    /// accepted under the density (Marsaglia and Tsang's `nfix`).
    private mutating func normalEdge(_ first: Int, _ firstHz: Int32, _ layers: UnsafeBufferPointer<Ziggurat.Layer>) -> Float {
        var i = first, hz = firstHz
        while true {
            let x = Double(hz) * Double(layers[i].width)
            if i == 0 {
                // The tail beyond r (Marsaglia 1964): x = −ln(u₁)/r, accepted when −2 ln(u₂) > x².
                var t: Double, y: Double
                repeat {
                    t = -log(openUnit()) / Ziggurat.r
                    y = -log(openUnit())
                } while y + y < t * t
                return Float(hz > 0 ? Ziggurat.r + t : -Ziggurat.r - t)
            }
            let fHigh = layers[i - 1].density, fLow = layers[i].density
            if Double(fLow) + openUnit() * Double(fHigh - fLow) < exp(-0.5 * x * x) { return Float(x) }
            (i, hz) = layerAndPoint()
            if hz.magnitude < layers[i].inner { return Float(hz) * layers[i].width }
        }
    }
}

/// The ziggurat's 128 layers for N(0, 1) (Marsaglia and Tsang 2000, "The Ziggurat Method for
/// Generating Random Variables", with their constants r and v).
enum Ziggurat {
    struct Layer: Sendable {
        /// A point |hz| < inner (hz a signed 32-bit draw) is inside the layer's inner rectangle.
        var inner: UInt32
        /// x = hz · width.
        var width: Float
        /// The density e^(−x²/2) at the layer's right edge.
        var density: Float
    }

    /// Where the base layer's tail starts, and the area of each layer.
    static let r = 3.442619855899
    static let v = 9.91256303526217e-3

    static let table: [Layer] = {
        let m = 2_147_483_648.0
        var dn = r, tn = r
        let q = v / exp(-0.5 * dn * dn)
        var inner = [UInt32](repeating: 0, count: 128), width = [Double](repeating: 0, count: 128)
        var density = [Double](repeating: 0, count: 128)
        inner[0] = UInt32(dn / q * m)
        inner[1] = 0
        width[0] = q / m
        width[127] = dn / m
        density[0] = 1
        density[127] = exp(-0.5 * dn * dn)
        for i in stride(from: 126, through: 1, by: -1) {
            dn = (-2 * log(v / dn + exp(-0.5 * dn * dn))).squareRoot()
            inner[i + 1] = UInt32(dn / tn * m)
            tn = dn
            density[i] = exp(-0.5 * dn * dn)
            width[i] = dn / m
        }
        return (0..<128).map { Layer(inner: inner[$0], width: Float(width[$0]), density: Float(density[$0])) }
    }()
}
