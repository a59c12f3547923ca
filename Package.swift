// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kedaguard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kedaguard", targets: ["kedaguard"]),
        .library(name: "KedaguardCore", targets: ["KedaguardCore"]),
        .library(name: "KedaguardLint", targets: ["KedaguardLint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure rule engine: documents, KEDA views, rules, catalogs. No sockets, no files.
        .target(
            name: "KedaguardCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // File-mode adapter: discovery, reading, config files, reporters.
        .target(
            name: "KedaguardLint",
            dependencies: ["KedaguardCore"]
        ),
        .executableTarget(
            name: "kedaguard",
            dependencies: [
                "KedaguardCore",
                "KedaguardLint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "KedaguardCoreTests", dependencies: ["KedaguardCore"]),
        .testTarget(name: "KedaguardLintTests", dependencies: ["KedaguardLint", "KedaguardCore"]),
        // Runs the built `kedaguard` binary as users do.
        .testTarget(name: "AcceptanceTests", dependencies: ["kedaguard"]),
    ]
)
