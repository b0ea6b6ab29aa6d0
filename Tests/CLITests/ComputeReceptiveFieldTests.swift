@testable import ConvVizCLI
import Foundation
import Testing

@Suite("convviz compute receptive-field")
struct ComputeReceptiveFieldTests {
    func field(_ args: [String]) throws -> String {
        try ConvViz.ComputeReceptiveField.parse(args).output()
    }

    @Test("table: three 3×3 convolutions see 7 cells, then a pool and a dilated conv")
    func table() throws {
        // r: 1, 3, 5, 7; pool2 adds (2 − 1)·1 = 1 → 8 and doubles the jump; conv3 d2 adds 2·2·2 = 8 → 16.
        #expect(try field(["--layers", "conv3, conv3, conv3, pool2, conv3 d2"]) == """
            layer  name      size  jump  start
                0  input        1     1      0
                1  conv3        3     1      0
                2  conv3        5     1      0
                3  conv3        7     1      0
                4  pool2        8     2      0
                5  conv3 d2    16     2      0

            size r_l = r_{l−1} + d_l·(k_l − 1)·j_{l−1}, jump j_l = j_{l−1}·s_l, start = first input cell unit 0 sees

            """)
    }

    @Test("csv and json with --input-size: units per layer")
    func units() throws {
        // 32 → conv3 p1: 32 (start −1) → pool2: 16 (r 4, j 2) → conv3 d2: 16 − 4 = 12 (r 4 + 2·2·2 = 12).
        #expect(try field(["--layers", "conv3 p1, pool2, conv3 d2", "--input-size", "32", "--format", "csv"]) == """
            layer,name,size,jump,start,units
            0,input,1,1,0,32
            1,conv3 p1,3,1,-1,32
            2,pool2,4,2,-1,16
            3,conv3 d2,12,2,-1,12

            """)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(try field(["--layers", "conv3 s2", "--input-size", "7", "--format", "json"]).utf8)) as? [String: Any])
        let fields = try #require(o["fields"] as? [[String: Any]])
        // ⌊(7 − 3)/2⌋ + 1 = 3 units, 3 cells each, 2 apart.
        #expect(fields.count == 2 && fields[1]["units"] as? Int == 3 && fields[1]["size"] as? Int == 3 && fields[1]["jump"] as? Int == 2)
        #expect(fields[1]["kind"] as? String == "conv" && fields[1]["stride"] as? Int == 2 && o["input_size"] as? Int == 7)
    }
}
