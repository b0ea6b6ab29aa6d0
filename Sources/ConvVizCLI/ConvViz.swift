import ArgumentParser

public struct ConvViz: ParsableCommand {
    public init() {}
}
