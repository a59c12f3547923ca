import AsyncHTTPClient
@testable import KedaguardCluster
import KedaguardCore
import NIOCore
import Testing

/// Newline-delimited events however the body is cut into chunks.
struct WatchStreamTests {
    static let lines = [
        #"{"type":"ADDED","object":{"kind":"HorizontalPodAutoscaler","metadata":{"name":"a","resourceVersion":"5"}}}"#,
        #"{"type":"BOOKMARK","object":{"kind":"HorizontalPodAutoscaler","metadata":{"resourceVersion":"9"}}}"#,
        #"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"}}"#,
    ]

    func events(_ chunks: [String]) async throws -> [WatchEvent] {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        for c in chunks { continuation.yield(ByteBuffer(string: c)) }
        continuation.finish()
        var out: [WatchEvent] = []
        for try await event in WatchStream(body: .stream(stream)) { out.append(event) }
        return out
    }

    @Test(arguments: [1, 7, 64, 10_000]) func splitsLinesAcrossChunks(size: Int) async throws {
        // Blank lines and a last line without a newline are tolerated.
        let text = Self.lines[0] + "\n\n" + Self.lines[1] + "\r\n" + Self.lines[2]
        let bytes = Array(text.utf8)
        let chunks = stride(from: 0, to: bytes.count, by: size).map { String(decoding: bytes[$0..<min($0 + size, bytes.count)], as: UTF8.self) }
        let events = try await self.events(chunks)
        #expect(events.map(\.kind) == [.added, .bookmark, .error])
        #expect(events.map(\.resourceVersion) == ["5", "9", nil])
        #expect(APIStatus(node: events[2].object)?.isExpired == true)
    }

    @Test func garbageIsAnError() async {
        await #expect(throws: KubeAPIError.self) { _ = try await self.events(["{not json}\n"]) }
        await #expect(throws: KubeAPIError.self) { _ = try await self.events([#"{"type":"WHAT","object":{}}"# + "\n"]) }
    }
}
