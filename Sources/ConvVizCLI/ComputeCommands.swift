import ArgumentParser

extension ConvViz {
    /// `convviz compute`: numbers without figures. `compute conv1d|corr1d|conv2d|corr2d …` runs
    /// ``Compute``, the default subcommand; the transposed convolution, the layer of a network,
    /// pooling, parameter counts and receptive fields are subcommands of their own, each in its
    /// own file: a new operation is one more file and one more entry in `subcommands`.
    ///
    /// The group has no help flag of its own, so `convviz compute --help` reaches the default
    /// subcommand and shows its options (as it always has), which name the other subcommands;
    /// `convviz help compute` lists them.
    struct ComputeCommands: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compute",
            abstract: "Compute convolutions, transposed convolutions, a convolution layer and its gradients, pooling, parameter counts and receptive fields; print the numbers.",
            discussion: """
            conv1d, corr1d, conv2d and corr2d follow 'compute' directly (see 'convviz compute --help'); the other operations are subcommands.
            """,
            subcommands: [Compute.self, ComputeTransposed.self, ComputeLayer.self, ComputePool.self, ComputeParams.self, ComputeReceptiveField.self],
            defaultSubcommand: Compute.self,
            helpNames: []
        )
    }
}
