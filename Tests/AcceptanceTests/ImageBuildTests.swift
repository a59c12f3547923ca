import Foundation
import Testing

/// The image's binary is linked with the server's functions laid out together
/// (scripts/build-release.sh, scripts/link-order.txt); without that its idle memory goes from
/// about 23 MiB to over 40 (BENCHMARKS.md). The build itself needs ten minutes, so it is measured
/// by the benchmarks; these checks keep the pieces wired together.
struct ImageBuildTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func theImageIsBuiltByTheReleaseScriptWithTheLinkOrder() throws {
        let dockerfile = try Self.text("Dockerfile")
        #expect(dockerfile.contains("COPY scripts/build-release.sh scripts/link-order.txt ./scripts/"))
        #expect(dockerfile.contains("\"$(scripts/build-release.sh)\""))
        let script = try Self.text("scripts/build-release.sh")
        for flag in ["--static-swift-stdlib", "-use-ld=lld", "-function-sections", "--symbol-ordering-file=$PWD/scripts/link-order.txt",
                     "--no-export-dynamic", "pack-relative-relocs"] {
            #expect(script.contains(flag), "scripts/build-release.sh lost \(flag)")
        }
        for user in ["scripts/check-static-binary.sh", "bench/lib.sh", "bench/webhook-load.sh"] {
            #expect(try Self.text(user).contains("scripts/build-release.sh"), "\(user) builds the binary another way")
        }
    }

    /// The benchmarks measure the server as the image runs it, allocator setting included.
    @Test func theBenchmarksRunTheImagesAllocatorSetting() throws {
        let dockerfile = try Self.text("Dockerfile")
        let line = dockerfile.split(separator: "\n").first { $0.hasPrefix("ENV GLIBC_TUNABLES=") }
        let setting = try #require(line?.dropFirst("ENV GLIBC_TUNABLES=".count)).trimmingCharacters(in: .whitespaces)
        #expect(setting.hasPrefix("glibc.malloc.tcache_count="))
        for user in ["bench/lib.sh", "bench/webhook-load.sh"] {
            #expect(try Self.text(user).contains("GLIBC_TUNABLES=\"${GLIBC_TUNABLES-\(setting)}\""), "\(user) runs the server without the image's \(setting)")
        }
    }

    /// lld wants bare symbol names, one per line; the list is sorted so a regenerated one diffs
    /// readably, and it must cover the request path, not just startup.
    @Test func theLinkOrderNamesTheServersFunctions() throws {
        let lines = try Self.text("scripts/link-order.txt").split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count > 5_000)
        #expect(lines.allSatisfy { !$0.isEmpty && !$0.contains(" ") && !$0.hasPrefix(".text") })
        #expect(Array(lines) == lines.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }))
        #expect(Set(lines).count == lines.count)
        let modules = ["13KedaguardCore10RuleEngine", "13KedaguardCore10JSONReader", "15KedaguardServer18AdmissionResponder",
                       "6NIOSSL13NIOSSLHandler", "15HummingbirdCore"]
        for module in modules {
            #expect(lines.contains { $0.contains(module) }, "no \(module) function in scripts/link-order.txt")
        }
    }
}
