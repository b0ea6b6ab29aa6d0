import ArgumentParser
import Foundation

/// `convviz`: see convolution step by step.
public struct ConvViz: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "convviz",
        abstract: "See how convolution works: compute, step through, draw and verify it.",
        discussion: """
        Convolution flips the kernel (rotates it 180°); cross-correlation does not. Deep-learning libraries compute cross-correlation and call it convolution: ConvViz always says which.
        """,
        version: "0.1.0",
        subcommands: [Lesson.self, List.self, Verify.self, ComputeCommands.self, Network.self, Kernels.self, SampleImageCommand.self]
    )

    public init() {}

    /// Parses the command line and runs the command, like `main()`, but a mistyped value of an
    /// option that takes one of a few words gets the nearest one suggested.
    public static func runMain(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty {
                FileHandle.standardError.write(Data((Suggestions.improve(message, arguments: arguments) + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
