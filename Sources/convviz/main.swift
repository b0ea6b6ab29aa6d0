import ConvVizCLI

ConvViz.main()
