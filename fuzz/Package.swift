// swift-tools-version:6.1
// libFuzzer targets for kedaguard's core. A separate package, so the main package's
// `swift build` and `swift test` never see them: they only link with the fuzzer runtime.
// Build and run them with scripts/fuzz.sh.
import PackageDescription

let core: Target.Dependency = .product(name: "KedaguardCore", package: "kedaguard")

let package = Package(
    name: "kedaguard-fuzz",
    dependencies: [
        .package(name: "kedaguard", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [core]),
        // AdmissionReview bodies through the core's AdmissionHandler: /validate and /mutate.
        .executableTarget(name: "FuzzAdmission", dependencies: [core, "FuzzSupport"]),
        // YAML/JSON documents through DocumentLoader and every rule over a FileSetLookup.
        .executableTarget(name: "FuzzLint", dependencies: [core, "FuzzSupport"]),
        // scalingModifiers formulas: parser and checker.
        .executableTarget(name: "FuzzFormula", dependencies: [core, "FuzzSupport"]),
        // The JSON Patch producer: diff, encode, decode, apply; defaulting is idempotent.
        .executableTarget(name: "FuzzPatch", dependencies: [core, "FuzzSupport"]),
    ]
)
