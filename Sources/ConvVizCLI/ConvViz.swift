import ArgumentParser

/// `convviz`: see convolution step by step.
public struct ConvViz: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "convviz",
        abstract: "See how convolution works: compute, step through, draw and verify it.",
        discussion: """
        Convolution flips the kernel (rotates it 180°); cross-correlation does not. Deep-learning
        libraries compute cross-correlation and call it convolution: ConvViz always says which.
        """,
        version: "0.1.0",
        subcommands: [Lesson.self, List.self, Verify.self, Compute.self, Network.self, Kernels.self, SampleImageCommand.self]
    )

    public init() {}
}
