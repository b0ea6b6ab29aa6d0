// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ConvViz",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "convviz", targets: ["convviz"]),
        .library(name: "ConvCore", targets: ["ConvCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Tests only: the HTTP client that talks to chromedriver (WebDriver's HTTP/JSON API).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // The reference module: plain Swift, no I/O. Every figure is drawn from it. Its one
        // dependency is the fast path's kernel, in C.
        .target(name: "ConvCore", dependencies: ["CConvKernels"],
                linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        // The fast path's row kernel in C, compiled once per instruction set and chosen at run time.
        .target(name: "CConvKernels"),
        // Cairo, the system library (apt: libcairo2-dev, brew: cairo).
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]
        ),
        // zlib, for a fast PNG encoder (comes with libcairo2-dev through libpng-dev; part of macOS).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // BLAS for the deep-network simulation's matrix products (apt libopenblas-dev; Accelerate on macOS).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        // Activations and gradients of deep tanh networks under different initialisations (no drawing).
        .target(name: "InitLab", dependencies: ["ConvCore", .target(name: "CBLAS", condition: .when(platforms: [.linux]))]),
        // giflib, for animated GIFs (apt libgif-dev, brew giflib): its LZW encoder, not our own.
        .systemLibrary(name: "CGif", pkgConfig: "libgif", providers: [.apt(["libgif-dev"]), .brew(["giflib"])]),
        // A small Swift layer over Cairo: surfaces, a context, a palette. No C types in its API.
        .target(name: "Drawing", dependencies: ["CCairo", "CZlib", "CGif"]),
        // Figures: pure functions of (lesson data, step index) drawn through Drawing.
        .target(name: "Figures", dependencies: ["ConvCore", "InitLab", "Drawing"]),
        // Lesson files, verification and the render pipeline.
        .target(name: "Lessons", dependencies: ["ConvCore", "InitLab", "Drawing", "Figures", "Yams"]),
        // The command line, as a library so that tests can drive it in-process.
        .target(
            name: "ConvVizCLI",
            dependencies: [
                "ConvCore", "InitLab", "Lessons",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "convviz", dependencies: ["ConvVizCLI"]),
        .executableTarget(name: "convviz-bench", dependencies: ["ConvCore"], path: "bench/Sources"),
        // Helpers shared by the test suites (reading PDFs back with poppler).
        .target(name: "TestSupport", dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                    .product(name: "NIOCore", package: "swift-nio"),
                                                    .product(name: "NIOHTTP1", package: "swift-nio")],
                path: "Tests/TestSupport"),
        .testTarget(name: "ConvCoreTests", dependencies: ["ConvCore", "TestSupport"]),
        .testTarget(name: "InitLabTests", dependencies: ["InitLab"]),
        .testTarget(name: "DrawingTests", dependencies: ["Drawing", "CCairo"]),
        .testTarget(name: "LessonTests", dependencies: ["Lessons", "Figures", "ConvCore", "InitLab", "Drawing", "TestSupport", "CGif"]),
        .testTarget(name: "CLITests", dependencies: ["ConvVizCLI", "convviz", "TestSupport"]),
    ]
)
