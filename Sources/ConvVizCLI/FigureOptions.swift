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

    @Option(name: .customLong("frame-ms"), parsing: .unconditional,
            help: ArgumentHelp("How long each step shows in the GIF, in milliseconds (the flip frame and the last one 2.5 times as long), from 100 to 10000. Example: --frame-ms 800", valueName: "ms"))
    var frameMilliseconds: Int = 1200

    func validate() throws {
        guard (100...10_000).contains(frameMilliseconds) else {
            throw ValidationError("--frame-ms \(frameMilliseconds) is outside 100…10000: choose a time in milliseconds such as 1200.")
        }
        guard (320...7680).contains(pngWidth) else {
            throw ValidationError("--png-width \(pngWidth) is outside 320…7680: choose a width in pixels such as 1920.")
        }
    }
}

/// `--frames 3,5-7`: frame numbers from 1, single or as ranges, in the order given, none twice.
struct FrameSelection: ExpressibleByArgument, Sendable {
    /// 0-based frame indices.
    var indices: [Int]

    init?(argument: String) {
        var out: [Int] = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 1 || bounds.count == 2, let lo = bounds.first ?? nil, let hi = bounds.last ?? nil,
                  lo >= 1, hi >= lo, hi <= 100_000 else { return nil }
            for n in lo...hi where !out.contains(n - 1) { out.append(n - 1) }
        }
        guard !out.isEmpty else { return nil }
        indices = out
    }

    var defaultValueDescription: String { "all" }
}
