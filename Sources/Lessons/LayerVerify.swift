import ConvCore

extension Lesson {
    /// A layer lesson's expectations against the reference module: output cells (after the bias,
    /// ReLU or pooling), rows of the parameter table, receptive-field quantities.
    func verifyLayer(_ l: LayerLesson) -> [Check] {
        var volumes: [LayerTarget.Stage: Volume] = [:]
        func volume(_ stage: LayerTarget.Stage) throws(ConvolutionError) -> Volume? {
            if let v = volumes[stage] { return v }
            let v: Volume? = switch stage {
            case .output: try l.output()
            case .relu: try l.activated()
            case .pool: try l.pooled()
            }
            volumes[stage] = v
            return v
        }
        var fields: [Int: [ReceptiveField]] = [:]
        var gradients: ConvolutionGradients?
        return l.expectations.map { e in
            var computed: Double?
            var what = ""
            var note = ""
            do {
                switch e.target {
                case .cell(let stage, let m, let at):
                    what = (stage == .output ? "" : "\(stage.rawValue) ") + "y\(LayerNames.sub(m))\(at)"
                    guard let v = try volume(stage) else { throw ConvolutionError.empty(name: "layer") }
                    if m < v.count && v[m].contains(at.row, at.col) {
                        computed = v[m][at]
                    } else {
                        note = "no such output cell: the output is \(v.shapeText)"
                    }
                case .count(let row):
                    what = "parameters, \(row)"
                    if let count = l.parameters?.rows.first(where: { $0.name == row })?.count { computed = Double(count) }
                case .gradient(let of, let at):
                    guard let b = l.backward else { throw ConvolutionError.empty(name: "backward section") }
                    let g = try gradients ?? b.plan.gradients(outputGradient: b.outputGradient)
                    gradients = g
                    switch of {
                    case .input: what = "∂L/∂x\(at)"; computed = g.input[at]
                    case .kernel: what = "∂L/∂k\(at)"; computed = g.kernel[at]
                    case .bias: what = "∂L/∂b"; computed = g.bias
                    }
                case .transposed(let n, let at):
                    let y = l.transposed[n - 1].conv.output
                    what = "transposed \(n > 1 || l.transposed.count > 1 ? "case \(n) " : "")y\(at)"
                    if y.contains(at.row, at.col) { computed = y[at] } else { note = "no such output cell: the output is \(y.rows)×\(y.cols)" }
                case .field(let s, let layer, let q):
                    what = "stack \(s), layer \(layer): field \(q.rawValue)"
                    let stack = l.stacks[s - 1]
                    let f = try fields[s] ?? ReceptiveField.stack(stack.layers, inputSize: stack.inputSize)
                    fields[s] = f
                    switch q {
                    case .size: computed = Double(f[layer].size)
                    case .jump: computed = Double(f[layer].jump)
                    case .start: computed = f[layer].start
                    }
                }
            } catch {
                note = "\(error)"
            }
            let ok = computed.map { abs($0 - e.value) <= e.tolerance * max(1, abs(e.value)) } ?? false
            return Check(lesson: name, what: what, expected: e.value, computed: computed, location: e.location, passed: ok, note: note)
        }
    }
}
