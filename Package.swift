// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Dendrite",
    products: [
        .library(name: "Dendrite", targets: ["Dendrite", "DendriteData", "DendritePlot", "DendriteCourse"]),
        .executable(name: "dendrite", targets: ["DendriteCLI"]),
        .executable(name: "dendrite-bench", targets: ["DendriteBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Hot loops in C so that AVX2/FMA can be enabled per function (no unsafeFlags, so
        // the package stays usable as a versioned dependency); a portable path runs elsewhere.
        .target(name: "CDendriteKernels"),
        .target(name: "DendriteCore", dependencies: ["CDendriteKernels"]),
        .target(name: "DendriteData", dependencies: ["DendriteCore"]),
        .target(name: "Dendrite", dependencies: ["DendriteCore", "DendriteData"]),
        .target(name: "DendritePlot", dependencies: ["Dendrite"]),
        .target(name: "DendriteCourse", dependencies: ["Dendrite"]),
        .executableTarget(
            name: "DendriteCLI",
            dependencies: ["Dendrite", "DendritePlot", "DendriteCourse",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "DendriteBench",
            dependencies: ["Dendrite", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Test helpers (finite-difference gradient checks, tolerant comparisons) shared by the test targets.
        .target(name: "DendriteTestSupport", dependencies: ["DendriteCore"], path: "Tests/Support"),
        .testTarget(name: "DendriteCoreTests", dependencies: ["DendriteCore", "DendriteTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "DendriteDataTests", dependencies: ["DendriteData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DendriteTests", dependencies: ["Dendrite", "DendriteTestSupport"], resources: [.copy("Fixtures")]),
        // Runs the built `dendrite` executable; depending on it makes SwiftPM build it first.
        .testTarget(name: "DendritePlotTests", dependencies: ["DendritePlot"]),
        .testTarget(name: "DendriteCourseTests", dependencies: ["DendriteCourse", "DendriteTestSupport"]),
        .testTarget(name: "DendriteCommandTests", dependencies: ["DendriteCLI", "Dendrite"]),
        // Builds the benchmark workloads at reduced sizes and trains a step (no timing).
        .testTarget(name: "DendriteBenchTests", dependencies: ["DendriteBench"]),
    ]
)
