import ConvCore
import Testing
import TestSupport

@Suite("Pooling")
struct PoolingTests {
    let x = try! Grid([[1, 2, 5, 6],
                       [3, 4, 7, 8],
                       [9, 10, 13, 14],
                       [11, 12, 15, 16]])

    @Test("Max-pooling 2×2, stride 2: each quadrant's largest value, and where it was")
    func maxByHand() throws {
        let p = try Pooling(kind: .max, size: Axes(2))
        let r = try p.apply(x)
        // Quadrants {1,2,3,4}, {5,6,7,8}, {9,10,11,12}, {13,14,15,16}: the bottom-right cell wins each.
        #expect(r.output.nestedRows == [[4, 8], [12, 16]])
        #expect(r.winners == [GridIndex(1, 1), GridIndex(1, 3), GridIndex(3, 1), GridIndex(3, 3)])
    }

    @Test("Max-pooling ties: the first largest in row-major order wins, as in PyTorch")
    func maxTies() throws {
        let p = try Pooling(kind: .max, size: Axes(2))
        // Window [[7, 9], [9, 9]]: 9 first appears at (0,1).
        let r = try p.apply(try Grid([[7, 9], [9, 9]]))
        #expect(r.output[0, 0] == 9 && r.winners == [GridIndex(0, 1)])
        // A negative input with padding: padding is −∞ for max, so a real cell still wins.
        let padded = try Pooling(kind: .max, size: Axes(2), stride: Axes(2), padding: Axes(1))
        let n = try padded.apply(try Grid([[-5, -3], [-4, -6]]))
        // Windows: {pad, pad, pad, −5}, {pad, pad, −3, pad}, {pad, −4, pad, pad}, {−6, pad, pad, pad}.
        #expect(n.output.nestedRows == [[-5, -3], [-4, -6]])
        #expect(n.winners == [GridIndex(0, 0), GridIndex(0, 1), GridIndex(1, 0), GridIndex(1, 1)])
    }

    @Test("Average pooling, with and without count_include_pad")
    func averageByHand() throws {
        let three = try Grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        let include = try Pooling(kind: .average, size: Axes(2), stride: Axes(2), padding: Axes(1))
        // Output 2×2 (⌊(3 + 2 − 2)/2⌋ + 1 = 2). Windows start at −1 and 1:
        // (0,0): {pad, pad, pad, 1} → 1/4;  (0,1): {pad, pad, 2, 3} → 5/4
        // (1,0): {pad, 4, pad, 7} → 11/4;   (1,1): {5, 6, 8, 9} → 28/4 = 7
        #expect(try include.apply(three).output.nestedRows == [[0.25, 1.25], [2.75, 7]])
        let exclude = try Pooling(kind: .average, size: Axes(2), stride: Axes(2), padding: Axes(1), countIncludePad: false)
        // The same sums over the real cells only: 1/1, 5/2, 11/2, 28/4.
        #expect(try exclude.apply(three).output.nestedRows == [[1, 2.5], [5.5, 7]])
        let s = try exclude.step(three, output: GridIndex(0, 1))
        #expect(s.divisor == 2 && s.sum == 5 && s.result == 2.5 && s.winner == nil)
        #expect(s.cells == [GridIndex(-1, 1), GridIndex(-1, 2), GridIndex(0, 1), GridIndex(0, 2)])
    }

    @Test("Pooling keeps channels apart; steps are the windows of apply")
    func volumes() throws {
        let v = try Volume([x, x.map { -$0 }])
        let p = try Pooling(kind: .max, size: Axes(2))
        let y = try v.pooled(p)
        #expect(y[0].nestedRows == [[4, 8], [12, 16]] && y[1].nestedRows == [[-1, -5], [-9, -13]])
        let r = try p.apply(x)
        #expect(try p.steps(x).map(\.result) == r.output.values)
        #expect(try p.steps(x).compactMap(\.winner) == r.winners)
    }

    @Test("Settings out of range are refused")
    func badSettings() throws {
        #expect(throws: ConvolutionError.nonPositive(field: "pooling size", value: 0)) { try Pooling(kind: .max, size: Axes(0)) }
        #expect(throws: ConvolutionError.self) { try Pooling(kind: .max, size: Axes(2), padding: Axes(2)) }
        let p = try Pooling(kind: .max, size: Axes(5))
        #expect(throws: ConvolutionError.kernelTooLarge(axis: "rows", span: 5, available: 4)) { try p.apply(x) }
    }
}
