// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "kedaguard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kedaguard", targets: ["kedaguard"]),
        .library(name: "KedaguardCore", targets: ["KedaguardCore"]),
        .library(name: "KedaguardLint", targets: ["KedaguardLint"]),
        .library(name: "KedaguardServer", targets: ["KedaguardServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The webhook server. Hummingbird's swift-configuration support is not used, so its
        // trait is off (one package less to build).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Pure rule engine: documents, KEDA views, rules, catalogs, admission logic. No sockets, no files.
        .target(
            name: "KedaguardCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            // Async functions run on their caller's executor. Without it every call into a
            // nonisolated async function of the rules leaves the caller's executor and comes back:
            // in the server, whose jobs run on NIO's event loops as serial executors, that was
            // about 140 trips through the event loop's queue per request.
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // File-mode adapter: discovery, reading, config files, reporters.
        .target(
            name: "KedaguardLint",
            dependencies: ["KedaguardCore"]
        ),
        // Cluster-mode adapter: the admission webhook server (TLS, HTTP/1.1 and HTTP/2, metrics,
        // probes). Depends on the core only, never on the linter.
        .target(
            name: "KedaguardServer",
            dependencies: [
                "KedaguardCore",
                "CConcurrencyHook",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // As in the core: a request's async calls stay on the event loop running it.
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // Cluster-mode state: Kubernetes API client, list+watch cache, lookup, audit, violation
        // metrics. Depends on the core only, never on the linter or the server.
        .target(
            name: "KedaguardCluster",
            dependencies: [
                "KedaguardCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // A fake kube-apiserver (list, watch, get; paging, bookmarks, 410, faults) for tests and
        // the cluster benchmark. Not shipped.
        .target(
            name: "FakeKubeAPI",
            dependencies: [
                "KedaguardCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "kedaguard",
            dependencies: [
                "KedaguardCore",
                "KedaguardLint",
                "KedaguardServer",
                "KedaguardCluster",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "KedaguardCoreTests", dependencies: ["KedaguardCore"]),
        .testTarget(name: "KedaguardLintTests", dependencies: ["KedaguardLint", "KedaguardCore"]),
        // Runs the built `kedaguard` binary as users do. Also renders and checks webhook-config/ (reads it with the core's YAML parser).
        .testTarget(name: "AcceptanceTests", dependencies: ["kedaguard", "KedaguardCore", "FakeKubeAPI"]),
        .testTarget(
            name: "KedaguardServerTests",
            dependencies: [
                "KedaguardServer",
                "KedaguardCore",
                // The SIGTERM and cluster-state tests run the real binary, so it must be built with the tests.
                "kedaguard",
                "FakeKubeAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // The HTTP/2 abuse tests write frames by hand.
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "KedaguardClusterTests",
            dependencies: [
                "KedaguardCluster", "FakeKubeAPI", "KedaguardCore",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // `scripts/bench-cluster.sh`: cache memory, sync time and lookup latency at 100k objects.
        .executableTarget(
            name: "kedaguard-cluster-bench",
            dependencies: ["KedaguardCluster", "FakeKubeAPI", "KedaguardCore", "CBenchSupport"]
        ),
        // Heap statistics for the benchmark (glibc's mallinfo2 is not in Swift's Glibc module).
        .target(name: "CBenchSupport"),
        // Reaches Swift concurrency's global-enqueue hook without dlsym (see WebhookServer).
        .target(name: "CConcurrencyHook"),
    ]
)
