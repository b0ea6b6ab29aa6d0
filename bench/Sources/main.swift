// Speed check for the reference module (issue: "no slower than scipy").
//
// Cross-correlates a 1024×1024 input with a 3×3 kernel ('same' size, zero padding), and times
// scipy.ndimage.correlate(mode='constant') on the very same data in the same run.
// Run it with `bench/run` (release build). Python with numpy and scipy is needed here only.
import ConvCore
import Foundation

struct LCG {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}

let n = 1024
var rng = LCG(state: 42)
let input = Grid(rows: n, cols: n, values: (0..<(n * n)).map { _ in rng.next() * 255 })
let kernel = Grid(rows: 3, cols: 3, values: (0..<9).map { _ in rng.next() * 2 - 1 })
let geometry = Geometry(padding: .mode(.same))
let repeats = 30

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

// Warm up, then time each run.
var output = try correlate2D(input, kernel, geometry)
var times: [Double] = []
let clock = ContinuousClock()
for _ in 0..<repeats {
    let t = clock.measure { output = try! correlate2D(input, kernel, geometry) }
    times.append(Double(t.components.attoseconds) / 1e18 + Double(t.components.seconds))
}
let swiftSeconds = median(times)

// Hand the same data to scipy through files in a temporary folder.
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-bench-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
func write(_ g: Grid, _ name: String) throws {
    let data = g.values.withUnsafeBufferPointer { Data(buffer: $0) }
    try data.write(to: dir.appendingPathComponent(name))
}
try write(input, "x.f64")
try write(kernel, "k.f64")
try write(output, "y.f64")

let script = """
import numpy as np, scipy, scipy.ndimage as nd, time, sys
d = sys.argv[1]; n = \(n); r = \(repeats)
x = np.fromfile(d + '/x.f64').reshape(n, n); k = np.fromfile(d + '/k.f64').reshape(3, 3)
ours = np.fromfile(d + '/y.f64').reshape(n, n)
y = nd.correlate(x, k, mode='constant', cval=0.0)
ts = []
for _ in range(r):
    t = time.perf_counter(); nd.correlate(x, k, mode='constant', cval=0.0); ts.append(time.perf_counter() - t)
print(sorted(ts)[len(ts) // 2], np.abs(y - ours).max(), scipy.__version__)
"""
let process = Process()
process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
process.arguments = ["python3", "-c", script, dir.path]
let pipe = Pipe()
process.standardOutput = pipe
try process.run()
process.waitUntilExit()
let fields = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    .split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
guard process.terminationStatus == 0, fields.count == 3, let scipySeconds = Double(fields[0]),
      let maxDiff = Double(fields[1]) else {
    print("scipy run failed; is python3 with numpy and scipy installed?")
    exit(1)
}
let ratio = swiftSeconds / scipySeconds
print("1024×1024 ⋆ 3×3, same size, zero padding; median of \(repeats) runs")
print(String(format: "ConvViz correlate2D        %8.3f ms", swiftSeconds * 1000))
print(String(format: "scipy %@ ndimage.correlate %8.3f ms", fields[2], scipySeconds * 1000))
print(String(format: "max |difference|           %.3g", maxDiff))
print(String(format: "ratio ConvViz / scipy      %.2f  (bar: ≤ 1.00) %@", ratio, ratio <= 1.0 ? "PASS" : "FAIL"))
exit(ratio <= 1.0 && maxDiff < 1e-9 ? 0 : 1)
