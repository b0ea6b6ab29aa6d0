import ArgumentParser
import Drawing
import Lessons

extension ConvViz {
    /// Re-creates the shipped test picture, so that its origin is reproducible.
    struct SampleImageCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample-image",
            abstract: "Write the 96×96 picture used by the feature-map lesson (lessons/images/shapes.png).",
            shouldDisplay: false
        )

        @Argument(help: "Where to write the PNG.")
        var path: String = "lessons/images/shapes.png"

        func run() throws {
            try GrayImage.write(width: SampleImage.width, height: SampleImage.height, values: SampleImage.shapes(), to: path)
            print("wrote \(path)")
        }
    }
}
