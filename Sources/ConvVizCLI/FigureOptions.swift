import ArgumentParser
import Lessons

extension PageFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public var defaultValueDescription: String { description }
}

/// The page and PNG size of rendered figures, shared by `lesson` and `network --output`.
struct FigureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The page every frame is drawn on: 16:9, 4:3 (the page fits the lesson's largest frame), a4, or a size in points such as 1280x720. Example: --page 4:3",
                               valueName: "page"))
    var page: PageFormat = .widescreen

    @Option(name: .customLong("png-width"), parsing: .unconditional,
            help: ArgumentHelp("PNG width in pixels, from 320 to 7680 (SVG and PDF are vector). Example: --png-width 3840", valueName: "pixels"))
    var pngWidth: Int = 1920

    func validate() throws {
        guard (320...7680).contains(pngWidth) else {
            throw ValidationError("--png-width \(pngWidth) is outside 320…7680: choose a width in pixels such as 1920.")
        }
    }
}
