@testable import ConvVizCLI
import Foundation
import Testing

@Suite("convviz compute params")
struct ComputeParamsTests {
    func params(_ args: [String]) throws -> String {
        try ConvViz.ComputeParams.parse(args).output()
    }

    @Test("table: the lecture's 200×200 grey image, 3×3 kernels, 64 features (maps as large as the image)")
    func table() throws {
        // N = 200·200 = 40 000. Linear: 40 000·40 000 + 40 000 = 1 600 040 000; local: 10·40 000;
        // shared: 10; 64 features: 640; linear to 64 maps: 40 000·64·40 000 + 64·40 000 = 102 402 560 000.
        #expect(try params(["--input-shape", "1,200,200", "--kernel", "3", "--filters", "64"]) == """
            input 1×200×200, kernels 3×3, 64 filters, feature maps 200×200 (N = 40000)

            layer                   formula          with the numbers                 parameters
            linear                  C·H·W·N + N      1·200·200·40000 + 40000          1600040000
            local receptive fields  (C·K₁·K₂ + 1)·N  (1·3·3 + 1)·40000                    400000
            shared weights          C·K₁·K₂ + 1      1·3·3 + 1                                10
            M features              (C·K₁·K₂ + 1)·M  (1·3·3 + 1)·64                          640
            linear, M·N outputs     C·H·W·M·N + M·N  1·200·200·64·40000 + 64·40000  102402560000

            """)
    }

    @Test("json and csv; stride and padding set the maps' size")
    func jsonAndCSV() throws {
        // 3×224×224, valid, stride 2: ⌊(224 − 3)/2⌋ + 1 = 111, N = 12 321; conv layer (3·3·3 + 1)·64 = 1792.
        let out = try params(["--input-shape", "3,224,224", "--kernel", "3,3", "--filters", "64", "--padding", "valid",
                              "--stride", "2", "--format", "json"])
        let o = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(o["output"] as? [Int] == [111, 111] && o["nodes"] as? Int == 12321)
        let rows = try #require(o["rows"] as? [[String: Any]])
        #expect(rows[3]["layer"] as? String == "M features" && rows[3]["parameters"] as? Int == 1792)
        #expect(rows[3]["formula"] as? String == "(C·K₁·K₂ + 1)·M" && rows[3]["numbers"] as? String == "(3·3·3 + 1)·64")
        let csv = try params(["--input-shape", "2,2", "--kernel", "1", "--filters", "1", "--format", "csv"])
        // 1×2×2 input, 1×1 kernel, one filter, N = 4: linear 1·2·2·4 + 4 = 20; local (1 + 1)·4 = 8; shared 2.
        #expect(csv == """
            layer,formula,numbers,parameters
            linear,C·H·W·N + N,1·2·2·4 + 4,20
            local receptive fields,(C·K₁·K₂ + 1)·N,(1·1·1 + 1)·4,8
            shared weights,C·K₁·K₂ + 1,1·1·1 + 1,2
            M features,(C·K₁·K₂ + 1)·M,(1·1·1 + 1)·1,2
            "linear, M·N outputs",C·H·W·M·N + M·N,1·2·2·1·4 + 1·4,20

            """)
    }
}
