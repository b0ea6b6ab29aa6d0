// Speed check for the reference module against OpenCV and scipy, on the same data in the same run.
//
// Cross-correlates a 1024×1024 float64 input with 3×3, 7×7 and 15×15 kernels ('same' size, zero
// padding: OpenCV's BORDER_CONSTANT with the anchor at the kernel centre, scipy's mode='constant'),
// and a 4096×4096 input with 3×3 (which must not be refused: limits apply to the input, not to the
// padding). OpenCV's `cv2.filter2D` keeps its default threads (both cores); scipy.ndimage is
// single-threaded. Each round times ConvViz, then hands the same bytes to one Python process that
// times OpenCV and scipy and compares their outputs with ConvViz's; medians over the repeats of a
// round, then the median over the rounds.
// Run it with `bench/run` (release build). Python with numpy, scipy and opencv-python-headless is
// needed here only (bench/run installs opencv-python-headless with pip when it is missing).
import ConvCore
import Foundation

struct LCG {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}

struct Case {
    let n: Int
    let k: Int
    let repeats: Int
    var name: String { "\(n)²  ⋆ \(k)×\(k)" }
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

// `convviz-bench layer`: the convolution-layer benchmark alone (no Python needed).
if CommandLine.arguments.dropFirst().first == "layer" {
    try runLayerBenchmark()
    exit(0)
}

let cases = [Case(n: 1024, k: 3, repeats: 30), Case(n: 1024, k: 7, repeats: 20),
             Case(n: 1024, k: 15, repeats: 10), Case(n: 4096, k: 3, repeats: 5)]
let rounds = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 3
let geometry = Geometry(padding: .mode(.same))

let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-bench-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
func write(_ g: Grid, _ name: String) throws {
    let data = g.values.withUnsafeBufferPointer { Data(buffer: $0) }
    try data.write(to: dir.appendingPathComponent(name))
}

// The same data for every round.
var inputs: [Grid] = [], kernels: [Grid] = []
for (i, c) in cases.enumerated() {
    var rng = LCG(state: 42 &+ UInt64(i))
    let input = Grid(rows: c.n, cols: c.n, values: (0..<(c.n * c.n)).map { _ in rng.next() * 255 })
    let kernel = Grid(rows: c.k, cols: c.k, values: (0..<(c.k * c.k)).map { _ in rng.next() * 2 - 1 })
    inputs.append(input)
    kernels.append(kernel)
    try write(input, "x\(i).f64")
    try write(kernel, "k\(i).f64")
}

let script = """
import sys, time, numpy as np, scipy, scipy.ndimage as nd, cv2
d = sys.argv[1]
def med(f, r):
    f(); ts = []
    for _ in range(r):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2]
for i, (n, k, r) in enumerate([\(cases.map { "(\($0.n), \($0.k), \($0.repeats))" }.joined(separator: ", "))]):
    x = np.fromfile(f'{d}/x{i}.f64').reshape(n, n); kk = np.fromfile(f'{d}/k{i}.f64').reshape(k, k)
    ours = np.fromfile(f'{d}/y{i}.f64').reshape(n, n)
    cv = cv2.filter2D(x, cv2.CV_64F, kk, borderType=cv2.BORDER_CONSTANT)
    sp = nd.correlate(x, kk, mode='constant', cval=0.0)
    scale = max(1.0, float(np.abs(sp).max()))
    t_cv = med(lambda: cv2.filter2D(x, cv2.CV_64F, kk, borderType=cv2.BORDER_CONSTANT), r)
    t_sp = med(lambda: nd.correlate(x, kk, mode='constant', cval=0.0), max(3, r // 3)) if n <= 1024 else float('nan')
    print(i, t_cv, t_sp, float(np.abs(cv - ours).max()) / scale, float(np.abs(sp - ours).max()) / scale,
          cv2.__version__, cv2.getNumThreads(), scipy.__version__, flush=True)
"""

struct Row { var ours: [Double] = [], cv: [Double] = [], sp: [Double] = [], diffCV = 0.0, diffSP = 0.0 }
var table = [Row](repeating: Row(), count: cases.count)
var versions = ""
for round in 1...rounds {
    for (i, c) in cases.enumerated() {
        var output = try correlate2D(inputs[i], kernels[i], geometry)   // warm up
        var times: [Double] = []
        for _ in 0..<c.repeats {
            times.append(seconds(ContinuousClock().measure { output = try! correlate2D(inputs[i], kernels[i], geometry) }))
        }
        table[i].ours.append(median(times))
        if round == 1 { try write(output, "y\(i).f64") }
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, dir.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        print("the Python side failed; is python3 with numpy, scipy and opencv-python-headless installed?")
        exit(1)
    }
    for line in text.split(separator: "\n") {
        let f = line.split(separator: " ").map(String.init)
        guard f.count == 8, let i = Int(f[0]), let cv = Double(f[1]), let sp = Double(f[2]),
              let dcv = Double(f[3]), let dsp = Double(f[4]) else { continue }
        table[i].cv.append(cv)
        table[i].sp.append(sp)
        table[i].diffCV = max(table[i].diffCV, dcv)
        table[i].diffSP = max(table[i].diffSP, dsp)
        versions = "OpenCV \(f[5]) (\(f[6]) threads), scipy \(f[7])"
    }
}

print("correlation, 'same' size, zero border, float64; medians over repeats, then over \(rounds) rounds")
print(versions)
print("case            ConvViz ms   OpenCV ms   scipy ms   ConvViz/OpenCV  rounds          max |Δ|/max|y| vs OpenCV, scipy")
var pass = true
for (i, c) in cases.enumerated() {
    let r = table[i]
    guard r.cv.count == rounds else { print("\(c.name): no OpenCV result"); pass = false; continue }
    let ratios = zip(r.ours, r.cv).map { $0 / $1 }
    let ratio = median(r.ours) / median(r.cv)
    let equal = r.diffCV <= 1e-9 && (r.diffSP.isNaN || r.diffSP <= 1e-9)
    let bar = c.n == 1024 ? (ratio <= 1.0 ? "PASS" : "FAIL") : "(no bar)"
    if c.n == 1024 && ratio > 1.0 { pass = false }
    if !equal { pass = false }
    print(String(format: "%-15@ %9.2f   %9.2f  %9.2f   %6.2f %@   %@   %.1e, %.1e",
                 c.name, median(r.ours) * 1000, median(r.cv) * 1000, median(r.sp) * 1000, ratio, bar,
                 ratios.map { String(format: "%.2f", $0) }.joined(separator: " "), r.diffCV, r.diffSP))
}
print("bar: ConvViz/OpenCV ≤ 1.00 at 1024² for 3×3, 7×7, 15×15; results equal to 1e-9 (relative to max|y|)")
exit(pass ? 0 : 1)
