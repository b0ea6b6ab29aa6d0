/// The picture shipped as `lessons/images/shapes.png`, made by this function (no outside source):
/// a 96×96 grayscale scene of flat regions with sharp edges, so that every filter response can be
/// computed by hand.
///
/// - background: 180
/// - a dark square (40): rows 20…43, columns 16…39
/// - a bright disk (250): centre (64, 30), radius 14
/// - a mid-grey bar (100): rows 56…83, columns 60…71
/// - a diagonal band (230): cells with 0 ≤ c − r − 40 < 8, in rows 0…39
public enum SampleImage {
    public static let width = 96
    public static let height = 96

    public static func shapes() -> [Double] {
        var v = [Double](repeating: 180, count: width * height)
        for r in 0..<height {
            for c in 0..<width {
                var value = 180.0
                if (20...43).contains(r) && (16...39).contains(c) { value = 40 }
                let dr = r - 64, dc = c - 30
                if dr * dr + dc * dc <= 14 * 14 { value = 250 }
                if (56...83).contains(r) && (60...71).contains(c) { value = 100 }
                let d = c - r - 40
                if r < 40 && d >= 0 && d < 8 { value = 230 }
                v[r * width + c] = value
            }
        }
        return v
    }
}
