import ConvCore
import Drawing
import Foundation
@testable import Lessons
import Testing

@Suite("Lesson files: messages, limits, typed values, output kept")
struct RobustLessonTests {
    static let cases: [BadLesson] = [
        BadLesson(name: "duplicate key", yaml: "title: t\ninput: \"1 2\"\nkernel: \"1\"\ninput: \"3 4\"\n",
                  says: ["x.yaml:", "the key 'input' appears twice"]),
        BadLesson(name: "a 5000-character key", yaml: "title: t\n? " + String(repeating: "k", count: 5000) + "\n: 1\n",
                  says: ["x.yaml:2", String(repeating: "k", count: 40) + "…", "is not a lesson field"]),
        BadLesson(name: "a 5000-character value", yaml: good + "\nmode: " + String(repeating: "v", count: 5000) + "\n",
                  says: ["x.yaml:4", "'mode'", String(repeating: "v", count: 40) + "…'"]),
        BadLesson(name: "padding 5000", yaml: good + "\npadding: 5000", says: ["x.yaml:4", "'padding'", "The padding is 5000, more than the limit of 4096"]),
        BadLesson(name: "dilation 5000", yaml: good + "\ndilation: 5000", says: ["x.yaml:4", "'dilation'", "The dilation is 5000, more than the limit of 4096"]),
        BadLesson(name: "stride with three numbers", yaml: good + "\nstride: [1, 2, 3]", says: ["x.yaml:4", "'stride'", "The stride has 3 numbers"]),
        BadLesson(name: "input /etc/passwd", yaml: "title: t\ninput: /etc/passwd\nkernel: \"1\"", says: ["/etc/passwd", "row 1, column 1 is not a number"]),
        BadLesson(name: "input /dev/zero", yaml: "title: t\ninput: /dev/zero\nkernel: \"1\"", says: ["/dev/zero", "is not a regular file"]),
        BadLesson(name: "epsilon -1", yaml: net("batchnorm: true\n  epsilon: -1"), says: ["x.yaml:4", "'network.epsilon'"]),
        BadLesson(name: "saturation 2", yaml: net("saturation: 2"), says: ["x.yaml:3", "'network.saturation'"]),
        BadLesson(name: "depth 2³¹", yaml: net("depth: 2147483648"), says: ["x.yaml:3", "'network.depth'", "over the limit of 10000"]),
        BadLesson(name: "60 layers drawn", yaml: net("depth: 60\n  width: 4\n  batch: 2"), says: ["x.yaml:3", "'network.depth'", "at most 50"]),
        BadLesson(name: "flip of a 10×10 kernel", yaml: "title: t\ninput: \"1\"\nkernel: \"\(Array(repeating: Array(repeating: "1", count: 10).joined(separator: " "), count: 10).joined(separator: ";"))\"\nrender: [flip]",
                  says: ["x.yaml:3", "'kernel'", "limited to 9×9"]),
        BadLesson(name: "associativity with gradient-magnitude", yaml: "title: t\ninput: \"1 2; 3 4\"\nkernels: [sobel-x, gradient-magnitude]\nrender: associativity",
                  says: ["x.yaml:3", "'kernels'", "two kernel matrices"]),
        BadLesson(name: "an alias bomb", yaml: "title: t\na: &a [1, 1]\n" + (1...20).map { "b\($0): *a" }.joined(separator: "\n"),
                  says: ["x.yaml:", "YAML aliases"]),
    ]

    @Test("Refused with the line, the field and a short sentence", arguments: cases)
    func refused(c: BadLesson) throws {
        let folder = temporaryFolder("robust")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.yaml").path
        try c.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { _ = try LessonParser.load(path: path) } throws: { error in
            let message = "\(error)"
            for s in c.says where !message.contains(s) { Issue.record("\(message.prefix(300)) should contain \(s.prefix(60))") }
            #expect(message.count < 400, "short: \(message.count) characters")
            #expect(!message.contains("root:"), "no file contents echoed")
            return error is InputError
        }
    }

    @Test("A JPEG given as an image is 'not a PNG file (it is a JPEG)', not out of memory")
    func jpeg() throws {
        let folder = temporaryFolder("jpeg")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] + Array("JFIF".utf8) + [UInt8](repeating: 0, count: 100))
            .write(to: folder.appendingPathComponent("photo.png"))
        let path = folder.appendingPathComponent("x.yaml").path
        try "title: t\nimage: photo.png\nkernels: [sobel-x]\nrender: feature-maps\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { _ = try LessonParser.load(path: path) } throws: { error in
            "\(error)".contains("x.yaml:2") && "\(error)".contains("is not a PNG file (it is a JPEG)")
        }
    }

    @Test("Fractions in a lesson: a 1/9 box blur, inline and as lists, verified exactly")
    func fractions() throws {
        let text = """
        title: Box blur
        input: "9 18 27; 36 45 54; 63 72 81"
        kernel: "1/9 1/9 1/9; 1/9 1/9 1/9; 1/9 1/9 1/9"
        parts:
          - label: inline
          - label: lists
            kernel: [[1/9, 1/9, 1/9], [1/9, 1/9, 1/9], [1/9, 1/9, 1/9]]
        expect:
          - {at: [0, 0], value: 45}
        """
        let lesson = try LessonParser.parse(text, name: "blur", path: "blur.yaml", baseDirectory: lessonsFolder)
        #expect(lesson.parts.count == 2)
        for part in lesson.parts {
            #expect(part.kernel.values.allSatisfy { $0 == 1.0 / 9 })
            let step = try part.plan().step(0)
            #expect(abs(step.result - 45) < 1e-12)
            #expect(step.arithmetic().hasPrefix("9·1/9 + 18·1/9 + 27·1/9"), "\(step.arithmetic())")
        }
        #expect(lesson.verify().allSatisfy { $0.passed })
    }

    @Test("A lesson file saved with CRLF line ends loads")
    func crlfLesson() throws {
        let text = "title: t\r\ninput: \"1 2 3\"\r\nkernel: \"1 1\"\r\ndimension: 1\r\nexpect:\r\n  - {at: 0, value: 3}\r\n"
        let lesson = try LessonParser.parse(text, name: "crlf", path: "crlf.yaml", baseDirectory: lessonsFolder)
        #expect(lesson.verify().map(\.passed) == [true])
    }

    @Test("Rendering only PNG keeps the SVG and PDF an earlier render made, and replaces the PNGs")
    func keepsOtherFormats() throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent("01-cross-correlation-by-hand.yaml").path)
        let out = temporaryFolder("keep")
        defer { try? FileManager.default.removeItem(at: out) }
        let full = try LessonRenderer(outputRoot: out).render(lesson)
        let folder = URL(fileURLWithPath: full.folder)
        let svgs = files(in: folder, ending: ".svg"), pdfs = files(in: folder, ending: ".pdf")
        #expect(!svgs.isEmpty && !pdfs.isEmpty)
        let png = folder.appendingPathComponent(files(in: folder, ending: ".png")[0])
        try Data("stale".utf8).write(to: png)
        let pngOnly = try LessonRenderer(outputRoot: out, formats: [.png]).render(lesson)
        #expect(pngOnly.files.allSatisfy { $0.hasSuffix(".png") })
        #expect(files(in: folder, ending: ".svg") == svgs && files(in: folder, ending: ".pdf") == pdfs)
        let rendered = try Data(contentsOf: png)
        #expect(rendered != Data("stale".utf8), "the PNG was rendered again")
        #expect(files(in: out, ending: "").filter { $0 != "index.html" } == [lesson.name], "no temporary folders left")
    }
}
