/// Kernels with names, as used in the lecture and in image processing.
///
/// All are given in the orientation you read them; `sobel-x` is the lecture's
/// `K = [[-1,0,1],[-2,0,2],[-1,0,1]]`. Cross-correlating with it responds positively where the
/// image gets brighter to the right; convolving with it (which flips it) gives the negative.
public enum NamedKernel: String, CaseIterable, Sendable {
    /// `[[-1,0,1],[-2,0,2],[-1,0,1]]`: horizontal change (responds to vertical edges).
    case sobelX = "sobel-x"
    /// `[[-1,-2,-1],[0,0,0],[1,2,1]]`: vertical change (responds to horizontal edges).
    case sobelY = "sobel-y"
    /// The lecture's correlation kernel `K′ = [[1,0,-1],[2,0,-2],[1,0,-1]]`, i.e. `rot180(sobel-x)`.
    case sobelXFlipped = "sobel-x-flipped"
    /// A single 1 in the middle: output = input.
    case identity
    /// `1/9` everywhere: the local mean.
    case box = "box-blur"
    /// Binomial `[1 2 1]ᵀ[1 2 1] / 16`, a 3×3 approximation of a Gaussian (σ ≈ 0.85).
    case gaussian3 = "gaussian-3"
    /// Binomial `[1 4 6 4 1]ᵀ[1 4 6 4 1] / 256`, a 5×5 approximation of a Gaussian (σ = 1).
    case gaussian5 = "gaussian-5"
    /// `[[0,1,0],[1,-4,1],[0,1,0]]`: the discrete Laplacian, a second derivative (edges, blobs).
    case laplacian
    /// `[[0,-1,0],[-1,5,-1],[0,-1,0]]`: identity minus the Laplacian, sharpens.
    case sharpen

    /// One sentence on what it is, for `--help` and figures.
    public var summary: String {
        switch self {
        case .sobelX: return "Sobel x, [[-1,0,1],[-2,0,2],[-1,0,1]] (the lecture's K): change from left to right."
        case .sobelY: return "Sobel y, [[-1,-2,-1],[0,0,0],[1,2,1]]: change from top to bottom."
        case .sobelXFlipped: return "Sobel x rotated 180°, [[1,0,-1],[2,0,-2],[1,0,-1]] (the lecture's K′)."
        case .identity: return "Identity, a single 1 in the centre: the output equals the input."
        case .box: return "Box blur, 1/9 in every cell: the mean of the 3×3 neighbourhood."
        case .gaussian3: return "Gaussian 3×3, [1 2 1]ᵀ[1 2 1]/16: a smooth blur."
        case .gaussian5: return "Gaussian 5×5, [1 4 6 4 1]ᵀ[1 4 6 4 1]/256: a wider smooth blur."
        case .laplacian: return "Laplacian, [[0,1,0],[1,-4,1],[0,1,0]]: the second derivative."
        case .sharpen: return "Sharpen, [[0,-1,0],[-1,5,-1],[0,-1,0]]: identity minus the Laplacian."
        }
    }

    public var grid: Grid {
        switch self {
        case .sobelX: return Grid(rows: 3, cols: 3, values: [-1, 0, 1, -2, 0, 2, -1, 0, 1])
        case .sobelY: return Grid(rows: 3, cols: 3, values: [-1, -2, -1, 0, 0, 0, 1, 2, 1])
        case .sobelXFlipped: return NamedKernel.sobelX.grid.rotated180()
        case .identity: return Grid(rows: 3, cols: 3, values: [0, 0, 0, 0, 1, 0, 0, 0, 0])
        case .box: return Grid(rows: 3, cols: 3, repeating: 1.0 / 9.0)
        case .gaussian3: return outer([1, 2, 1], scale: 16)
        case .gaussian5: return outer([1, 4, 6, 4, 1], scale: 256)
        case .laplacian: return Grid(rows: 3, cols: 3, values: [0, 1, 0, 1, -4, 1, 0, 1, 0])
        case .sharpen: return Grid(rows: 3, cols: 3, values: [0, -1, 0, -1, 5, -1, 0, -1, 0])
        }
    }

    /// True when `rot180(K) == K`: convolution and correlation then give the same output.
    public var isSymmetricUnderFlip: Bool { grid == grid.rotated180() }

    /// The kernel called `name`, or `nil`.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// The closest known name to a misspelt one (e.g. `sobelx` → `sobel-x`).
    public static func suggestion(for name: String) -> String? {
        closestMatch(to: name.lowercased(), in: allCases.map(\.rawValue))
    }
}

/// `v vᵀ / scale`: a separable kernel from one row.
private func outer(_ v: [Double], scale: Double) -> Grid {
    var g = Grid(rows: v.count, cols: v.count)
    for a in 0..<v.count {
        for b in 0..<v.count { g[a, b] = v[a] * v[b] / scale }
    }
    return g
}
