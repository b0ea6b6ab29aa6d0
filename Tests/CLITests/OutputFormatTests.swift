@testable import ConvVizCLI
import Lessons
import Foundation
import Testing

/// Every JSON the command line prints is parsed back; CSV fields are quoted where they must be.
@Suite("Output other programs can read")
struct OutputFormatTests {
    func parseJSON(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("compute --steps --format json puts the steps inside one JSON object")
    func stepsInJSON() throws {
        let r = try run(["compute", "corr2d", "--input", "200 150 150; 100 50 100; 25 25 10", "--kernel", "sobel-x-flipped",
                         "--bias", "-5", "--steps", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let json = try parseJSON(r.out)
        #expect(json["output"] as? [[Int]] == [[60]])
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == 1)
        let s = steps[0]
        #expect(s["output"] as? [Int] == [0, 0])
        #expect(s["sum"] as? Int == 65 && s["bias"] as? Int == -5 && s["result"] as? Int == 60)
        let taps = try #require(s["taps"] as? [[String: Any]])
        #expect(taps.count == 9)
        // The products add up to the sum, read back from the JSON alone.
        #expect(taps.compactMap { ($0["product"] as? NSNumber)?.doubleValue }.reduce(0, +) == 65)
        #expect(taps[0]["input"] as? [Int] == [0, 0] && taps[0]["value"] as? Int == 200 && taps[0]["weight"] as? Int == 1)
        #expect((s["text"] as? String)?.hasPrefix("y(0,0) = x(0,0)·k(0,0) + x(0,1)·k(0,1)") == true)
        #expect((s["text"] as? String)?.contains(" = 200·1 + 150·0") == true)
        #expect(taps[4]["label"] as? [Int] == [1, 1])
    }

    @Test("Outputs that overflow are refused with a sentence, not printed as inf (which JSON cannot hold)",
          arguments: ["csv", "json", "table"])
    func overflow(format: String) throws {
        let r = try run(["compute", "corr1d", "--input", "1e308 1e308", "--kernel", "10 10", "--format", format])
        #expect(r.code != 0 && r.code < 128)
        #expect(r.err.contains("overflowed double precision"), "\(r.err)")
        #expect(!r.out.contains("inf"))
    }

    @Test("network --format json parses, with and without gradients")
    func networkJSON() throws {
        for extra in [[], ["--gradients"]] {
            let r = try run(["network", "--depth", "2", "--width", "20", "--batch", "10", "--inits", "standard,he", "--format", "json"] + extra)
            #expect(r.code == 0, "\(r.err)")
            let json = try parseJSON(r.out)
            let results = try #require(json["results"] as? [[String: Any]])
            #expect(results.map { $0["init"] as? String } == ["standard", "he"])
            #expect((results[0]["activations"] as? [[String: Any]])?.count == 2)
            #expect((results[0]["gradients"] != nil) == !extra.isEmpty)
            #expect((json["network"] as? [String: Any])?["widths"] as? [Int] == [20, 20])
        }
    }

    @Test("A network that overflows still prints valid JSON: statistics without a value are null")
    func overflowedNetworkJSON() throws {
        let r = try run(["network", "--depth", "2000", "--width", "32", "--batch", "32", "--batchnorm", "--inits", "he",
                         "--gradients", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let json = try parseJSON(r.out)
        let gradients = try #require((json["results"] as? [[String: Any]])?.first?["gradients"] as? [[String: Any]])
        #expect(gradients.count == 2000)
        #expect(gradients.contains { ($0["non_finite"] as? Int ?? 0) > 0 }, "the gradients should overflow towards the input")
    }

    @Test("network --format csv quotes the formulas that hold commas; every line has the header's fields")
    func networkCSV() throws {
        let r = try run(["network", "--depth", "1", "--width", "8", "--batch", "4", "--inits", "xavier-normal,he", "--format", "csv", "--gradients"])
        #expect(r.code == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[1].hasPrefix("xavier-normal,\"N(0, 2/(n_in+n_out))\",activation,1,"))
        for line in lines { #expect(csvFields(line).count == 9, "\(line)") }
    }

    /// Splits one CSV line as RFC 4180 reads it.
    func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { current.append("\""); chars = chars.dropFirst() } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { fields.append(current); current = "" } else { current.append(c) }
        }
        return fields + [current]
    }

    @Test("CSV fields with commas or quotes are quoted, quotes doubled")
    func csvQuoting() {
        #expect(Lessons.OutputText.csvRow(["a", "b,c", "say \"hi\""]) == "a,\"b,c\",\"say \"\"hi\"\"\"\n")
        #expect(csvFields("a,\"b,c\",\"say \"\"hi\"\"\"") == ["a", "b,c", "say \"hi\""])
    }
}
