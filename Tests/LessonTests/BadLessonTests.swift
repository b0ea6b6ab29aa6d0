import ConvCore
import Drawing
import Foundation
@testable import Lessons
import Testing

/// A lesson text that must be refused, and what the message must say.
struct BadLesson: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    /// Fragments the one-sentence error must contain (the line, the field, the fix).
    let says: [String]
    var testDescription: String { name }
}

/// A network lesson with one field of `network:` set to `field`.
func net(_ field: String) -> String {
    "title: t\nnetwork:\n  \(field)"
}

let good = """
title: t
input: "1 2 3; 4 5 6; 7 8 9"
kernel: sobel-x
"""

@Suite("Bad lesson files get a clear error with the file, the line and the field")
struct BadLessonTests {
    static let cases: [BadLesson] = [
        BadLesson(name: "unknown field", yaml: good + "\nkernal: sobel-y", says: ["x.yaml:4", "'kernal'", "did you mean 'kernel'?"]),
        BadLesson(name: "unknown field in a part", yaml: "title: t\nparts:\n  - input: \"1 2\"\n    kernel: \"1\"\n    strid: 2",
                  says: ["x.yaml:5", "'strid'", "did you mean 'stride'?"]),
        BadLesson(name: "missing title", yaml: "input: \"1 2\"\nkernel: \"1\"", says: ["'title'", "is missing"]),
        BadLesson(name: "missing input", yaml: "title: t\nkernel: \"1\"", says: ["'input'", "is missing"]),
        BadLesson(name: "missing kernel", yaml: "title: t\ninput: \"1 2\"", says: ["'kernel'", "is missing"]),
        BadLesson(name: "not YAML", yaml: "title: t\ninput: [1, 2\nkernel: x", says: ["x.yaml:", "not valid YAML"]),
        BadLesson(name: "empty file", yaml: "", says: ["empty"]),
        BadLesson(name: "a list at the top", yaml: "- 1\n- 2", says: ["a lesson is a mapping"]),
        BadLesson(name: "ragged input", yaml: "title: t\ninput: \"1 2 3; 4 5\"\nkernel: \"1\"",
                  says: ["x.yaml:2", "'input'", "Row 2 of the input has 2 entries but row 1 has 3"]),
        BadLesson(name: "ragged nested input", yaml: "title: t\ninput: [[1, 2], [3]]\nkernel: \"1\"",
                  says: ["x.yaml:2", "Row 2"]),
        BadLesson(name: "non-numeric entry", yaml: "title: t\ninput: \"1 2; 3 q\"\nkernel: \"1\"",
                  says: ["x.yaml:2", "input row 2, column 2 is 'q'"]),
        BadLesson(name: "NaN", yaml: "title: t\ninput: \"1 nan\"\nkernel: \"1\"", says: ["finite"]),
        BadLesson(name: "unknown kernel name", yaml: "title: t\ninput: \"1 2 3; 4 5 6; 7 8 9\"\nkernel: sobel-z",
                  says: ["x.yaml:3", "'kernel'", "did you mean 'sobel-x'?"]),
        BadLesson(name: "kernel larger than the input", yaml: "title: t\ninput: \"1 2; 3 4\"\nkernel: sobel-x",
                  says: ["The kernel spans 3 rows", "but the padded input has only 2"]),
        BadLesson(name: "stride 0", yaml: good + "\nstride: 0", says: ["x.yaml:4", "'stride'", "at least 1"]),
        BadLesson(name: "negative padding", yaml: good + "\npadding: -1", says: ["x.yaml:4", "'padding'", "0 or more"]),
        BadLesson(name: "padding with mode same", yaml: good + "\nmode: same\npadding: 1", says: ["'padding'", "cannot be combined with mode same"]),
        BadLesson(name: "unknown operation", yaml: good + "\noperation: convolve", says: ["x.yaml:4", "'operation'", "not one of convolution, correlation"]),
        BadLesson(name: "unknown boundary", yaml: good + "\nboundary: mirror", says: ["'boundary'", "zero, reflect, symmetric, replicate, wrap"]),
        BadLesson(name: "unknown render", yaml: good + "\nrender: [step]", says: ["'render'", "Did you mean 'steps'?"]),
        BadLesson(name: "expect without value", yaml: good + "\nexpect:\n  - {at: [0, 0]}", says: ["x.yaml:5", "needs 'at'", "'value'"]),
        BadLesson(name: "expect with a typo", yaml: good + "\nexpect:\n  - {at: [0, 0], valu: 3}", says: ["'valu'", "did you mean 'value'?"]),
        BadLesson(name: "1D with two rows", yaml: "title: t\ndimension: 1\ninput: \"1 2; 3 4\"\nkernel: \"1\"", says: ["single row"]),
        BadLesson(name: "dimension 3", yaml: good + "\ndimension: 3", says: ["'dimension'", "must be 1 or 2"]),
        BadLesson(name: "missing image", yaml: "title: t\nimage: nowhere.png\nkernel: sobel-x", says: ["x.yaml:2", "'image'", "nowhere.png", "does not exist"]),
        BadLesson(name: "too many steps to draw", yaml: "title: t\ninput: \"\(String(repeating: String(repeating: "1 ", count: 21) + ";", count: 21))\"\nkernel: \"1\"\nmode: same",
                  says: ["x.yaml:2", "'input'", "limited to 20×20"]),
        BadLesson(name: "feature maps without kernels", yaml: good + "\nrender: feature-maps", says: ["'kernels'", "feature-maps"]),
        // Network lessons.
        BadLesson(name: "network depth 0", yaml: net("depth: 0"), says: ["x.yaml:3", "'network.depth'", "at least 1"]),
        BadLesson(name: "network width 0", yaml: net("width: 0"), says: ["'network.width'", "at least 1"]),
        BadLesson(name: "network batch 0", yaml: net("batch: 0"), says: ["'network.batch'", "at least 1"]),
        BadLesson(name: "network batch 1", yaml: net("batch: 1"), says: ["x.yaml:3", "'network.batch'", "batch must be at least 2"]),
        BadLesson(name: "unknown init", yaml: net("inits: [standard, xavier]"),
                  says: ["'network.inits'", "'xavier' is not one of standard, xavier-uniform, xavier-normal, normal-0.01, normal-1, lecun, he, xavier-tanh, lecture-misprint"]),
        BadLesson(name: "too much memory", yaml: net("width: 200000\n  batch: 100000"), says: ["'network'", "over the 8 GiB limit"]),
        BadLesson(name: "unknown network field", yaml: net("dept: 3"), says: ["'dept'", "did you mean 'depth'?"]),
        BadLesson(name: "network with a kernel", yaml: net("depth: 2") + "\nkernel: sobel-x", says: ["'kernel'", "does not belong in a network lesson"]),
        BadLesson(name: "network expect beyond the last layer", yaml: net("depth: 2") + "\nexpect:\n  - {init: standard, layer: 3, value: 0.3}",
                  says: ["'expect.layer'", "layers are numbered 1 to 2"]),
        BadLesson(name: "network expect for an init not simulated", yaml: net("inits: [standard]") + "\nexpect:\n  - {init: he, layer: 1, value: 0.3}",
                  says: ["'expect.init'", "not in network.inits"]),
        BadLesson(name: "steps in a network lesson", yaml: net("depth: 2") + "\nrender: [steps]", says: ["'render'", "activations and/or gradients"]),
        BadLesson(name: "activations without a network", yaml: good + "\nrender: [activations]", says: ["'render'", "need a 'network:' lesson"]),
    ]

    @Test("Refused with a message naming the place and the fix", arguments: cases + BadLayerLessonTests.cases)
    func refused(c: BadLesson) throws {
        let folder = temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.yaml").path
        try c.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try LessonParser.load(path: path)
            Issue.record("the lesson was accepted")
        } catch {
            let message = error.description
            #expect(message.hasPrefix(folder.path) || message.contains("x.yaml"), "names the file: \(message)")
            for s in c.says { #expect(message.contains(s), "\(message) should contain \(s)") }
            #expect(!message.contains("\n"), "one line: \(message)")
        }
    }

    @Test("A corrupt image names its path")
    func corruptImage() throws {
        let folder = temporaryFolder("corrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not a png at all".utf8).write(to: folder.appendingPathComponent("broken.png"))
        let path = folder.appendingPathComponent("x.yaml").path
        try "title: t\nimage: broken.png\nkernels: [sobel-x]\nrender: feature-maps\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try LessonParser.load(path: path)
        } throws: { error in
            let m = "\(error)"
            return m.contains("broken.png") && m.contains("is not a PNG file")
        }
    }

    @Test("A lesson name may not escape output/", arguments: ["../escape", "a/b", "..", ""])
    func names(name: String) throws {
        let catalog = LessonCatalog(folder: lessonsFolder)
        #expect(throws: InputError.self) { try catalog.path(for: name) }
    }

    @Test("A lesson file whose name has odd characters is refused before anything is written")
    func oddFileName() throws {
        let folder = temporaryFolder("odd")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("my lesson!.yaml").path
        try good.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try LessonParser.load(path: path) }
    }

    @Test("An unwritable output folder is reported, not a crash")
    func unwritableOutput() throws {
        let lesson = try LessonParser.parse(good, name: "ok", path: "ok.yaml", baseDirectory: lessonsFolder)
        let folder = temporaryFolder("unwritable")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a-file")
        try Data().write(to: file)
        // An output "folder" below a regular file can never be created, even by root.
        let renderer = LessonRenderer(outputRoot: file.appendingPathComponent("output"))
        #expect { _ = try renderer.render(lesson) } throws: { error in
            "\(error)".contains("the output folder cannot be created")
        }
    }

    @Test("A lesson that fails while rendering leaves no partial output, and keeps the previous good one")
    func noPartialOutput() throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent("02-kernel-flip.yaml").path)
        let out = temporaryFolder("partial")
        defer { try? FileManager.default.removeItem(at: out) }
        // First a failure with no previous output: nothing at all is left.
        var failing = LessonRenderer(outputRoot: out)
        failing.failAtFrame = 2
        #expect(throws: InputError.self) { try failing.render(lesson) }
        #expect(files(in: out, ending: "").isEmpty, "left: \(files(in: out, ending: ""))")
        // Then a good render, then a failure: the good output is untouched.
        let summary = try LessonRenderer(outputRoot: out).render(lesson)
        let before = files(in: URL(fileURLWithPath: summary.folder), ending: "")
        #expect(throws: InputError.self) { try failing.render(lesson) }
        #expect(files(in: URL(fileURLWithPath: summary.folder), ending: "") == before)
        #expect(files(in: out, ending: "").filter { $0 != "index.html" } == [lesson.name])
    }

    @Test("Verify reports a wrong hand-computed value as a mismatch")
    func mismatch() throws {
        let lesson = try LessonParser.parse(good + "\nexpect:\n  - {at: [0, 0], value: 7}\n", name: "m", path: "m.yaml", baseDirectory: lessonsFolder)
        let checks = lesson.verify()
        // The correlation of 1…9 with sobel-x is (3−1)+2·(6−4)+(9−7) = 8, not 7.
        #expect(checks.count == 1)
        #expect(checks[0].computed == 8)
        #expect(!checks[0].passed)
    }

    @Test("The shipped picture is exactly what SampleImage makes")
    func sampleImageProvenance() throws {
        let image = try GrayImage.load(path: lessonsFolder.appendingPathComponent("images/shapes.png").path)
        #expect(image.width == SampleImage.width && image.height == SampleImage.height)
        #expect(image.values == SampleImage.shapes())
    }
}
