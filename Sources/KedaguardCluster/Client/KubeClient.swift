import AsyncHTTPClient
import Foundation
import KedaguardCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small Kubernetes API client on AsyncHTTPClient: GET, paginated LIST and WATCH, JSON only.
///
/// Two connection pools: one for short requests with a read timeout, one for watches whose
/// streams stay open for minutes between events.
public final class KubeClient: Sendable {
    public let connection: ClusterConnection
    private let http: HTTPClient
    private let watchHTTP: HTTPClient
    private let baseURL: String
    private let requestTimeout: TimeAmount

    /// - Parameters:
    ///   - requestTimeout: bound on a GET or one list page, from request to last byte.
    ///   - watchIdleTimeout: how long a watch stream may stay silent before it counts as dead;
    ///     must exceed the `timeoutSeconds` asked of the server.
    public init(connection: ClusterConnection, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                requestTimeout: Duration = .seconds(30), watchIdleTimeout: Duration = .seconds(660)) throws {
        self.connection = connection
        self.requestTimeout = TimeAmount(requestTimeout)
        var base = connection.server
        var dnsOverride: [String: String] = [:]
        if let name = connection.tlsServerName, connection.server.scheme?.lowercased() == "https" {
            // Verify the certificate against `name` while connecting to the URL's address.
            guard let host = connection.server.host, Self.isIPAddress(host),
                  var parts = URLComponents(url: base, resolvingAgainstBaseURL: false) else {
                throw ClusterConfigError.unsupported("tls-server-name is supported only when the server URL is an IP address (\(connection.server))")
            }
            parts.host = name
            base = parts.url ?? base
            dnsOverride[name] = host
        }
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        self.baseURL = text

        let tls = try Self.tlsConfiguration(connection)
        var config = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow,
                                              timeout: .init(connect: .seconds(10), read: .seconds(Int64(requestTimeout.components.seconds))))
        config.dnsOverride = dnsOverride
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        // Fail fast (refused, TLS errors) and let the caller's backoff decide when to retry.
        config.connectionPool.retryConnectionEstablishment = false
        if let proxy = connection.proxy { config.proxy = .server(host: proxy.host, port: proxy.port) }
        var watchConfig = config
        watchConfig.timeout = .init(connect: .seconds(10), read: TimeAmount(watchIdleTimeout))
        watchConfig.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        watchConfig.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: config)
        self.watchHTTP = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: watchConfig)
    }

    public func shutdown() async {
        try? await http.shutdown()
        try? await watchHTTP.shutdown()
    }

    static func tlsConfiguration(_ c: ClusterConnection) throws -> TLSConfiguration? {
        guard c.server.scheme?.lowercased() == "https" else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        // Closing connections waits this long for the server's close_notify; at shutdown there
        // is nothing left to receive, so do not hold the process for NIOSSL's default 5s.
        tls.shutdownTimeout = .milliseconds(300)
        do {
            if let ca = c.certificateAuthorityPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
            if let cert = c.clientCertificatePEM, let key = c.clientKeyPEM {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(cert).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            }
        } catch {
            throw ClusterConfigError.invalid("\(c.origin): cannot load the TLS certificates or key: \(error)")
        }
        if c.insecureSkipTLSVerify { tls.certificateVerification = .none }
        return tls
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return inet_pton(AF_INET, bare, &v4) == 1 || inet_pton(AF_INET6, bare, &v6) == 1
    }

    // MARK: Requests

    func url(_ path: String, _ query: [(String, String)]) -> String {
        var out = baseURL + path
        if !query.isEmpty {
            out += "?" + query.map { "\($0.0)=\(Self.escapeQuery($0.1))" }.joined(separator: "&")
        }
        return out
    }

    static func escapeQuery(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: PathSegment.unreserved) ?? s
    }

    private func request(_ path: String, _ query: [(String, String)], reloadToken: Bool) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url(path, query))
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "kedaguard/\(KedaguardVersion.current)")
        switch connection.credentials {
        case .none: break
        case .bearer(let source): request.headers.add(name: "Authorization", value: "Bearer \(try source.token(reload: reloadToken))")
        case .basic(let user, let password):
            request.headers.add(name: "Authorization", value: "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())")
        }
        if let imp = connection.impersonate {
            if let user = imp.user { request.headers.add(name: "Impersonate-User", value: user) }
            if let uid = imp.uid { request.headers.add(name: "Impersonate-Uid", value: uid) }
            for g in imp.groups { request.headers.add(name: "Impersonate-Group", value: g) }
        }
        return request
    }

    /// Sends a GET; a 401 with a rotating token is retried once with the token re-read.
    private func send(_ client: HTTPClient, _ path: String, _ query: [(String, String)], timeout: Duration? = nil) async throws -> HTTPClientResponse {
        var reload = false
        while true {
            let response: HTTPClientResponse
            do {
                response = try await client.execute(try request(path, query, reloadToken: reload),
                                                    timeout: timeout.map(TimeAmount.init) ?? requestTimeout)
            } catch let error as ClusterConfigError {
                throw error
            } catch {
                throw KubeAPIError.transport("cannot reach the API server at \(baseURL): \(Self.describe(error))")
            }
            if response.status.code == 401, !reload, case .bearer(let source) = connection.credentials, source.canReload {
                _ = try? await response.body.collect(upTo: 1 << 20)
                reload = true
                continue
            }
            return response
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? HTTPClientError { return "\(e)" }
        if let e = error as? NIOSSLError { return "TLS: \(e)" }
        if let e = error as? BoringSSLError { return "TLS: \(e)" }
        return String(describing: error)
    }

    /// Reads the whole body of a response, turning an error status into `KubeAPIError.status`.
    private func body(of response: HTTPClientResponse, limit: Int) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: limit)
        } catch {
            throw KubeAPIError.transport("the API server's answer was cut: \(Self.describe(error))")
        }
        let bytes = Array(buffer.readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw KubeAPIError.status(Self.status(response, bytes))
        }
        return bytes
    }

    static func status(_ response: HTTPClientResponse, _ bytes: [UInt8]) -> APIStatus {
        let code = Int(response.status.code)
        var status = parse(bytes).flatMap { APIStatus(node: $0, httpCode: code) } ?? APIStatus(code: code, reason: response.status.reasonPhrase)
        status.code = code
        if let header = response.headers.first(name: "Retry-After"), let seconds = Int(header.trimmingCharacters(in: .whitespaces)) {
            status.retryAfterSeconds = seconds
        }
        if status.message.isEmpty { status.message = String(decoding: bytes.prefix(200), as: UTF8.self) }
        return status
    }

    static func parse(_ bytes: [UInt8]) -> Node? {
        bytes.withUnsafeBufferPointer { buffer in
            if case .success(let (node, _)) = JSONParser.parseValue(bytes: buffer) { return node }
            return nil
        }
    }

    /// GET of any path, returning the parsed JSON body. `timeout` bounds the wait for the
    /// answer (default: the client's request timeout).
    public func get(_ path: String, query: [(String, String)] = [], timeout: Duration? = nil) async throws -> Node {
        let response = try await send(http, path, query, timeout: timeout)
        // A page of 500 objects is usually about a megabyte; objects can reach 1.5 MiB each.
        let bytes = try await body(of: response, limit: 512 << 20)
        guard let node = Self.parse(bytes) else { throw KubeAPIError.malformed("the body of \(path) is not JSON") }
        return node
    }

    /// One object, or nil when the API says it does not exist (404).
    public func object(_ resource: APIResource, namespace: String?, name: String, timeout: Duration? = nil) async throws -> Node? {
        do {
            return try await get(resource.path(namespace: namespace, name: name), timeout: timeout)
        } catch KubeAPIError.status(let s) where s.code == 404 && (s.reason == "NotFound" || s.reason.isEmpty || s.reason == "Not Found") {
            return nil
        }
    }

    /// One page of a collection.
    public struct ListPage: Sendable {
        /// Items as the API returns them: in lists, without kind and apiVersion.
        public var items: [Node]
        public var resourceVersion: String
        /// Empty on the last page.
        public var continueToken: String
        /// `metadata.remainingItemCount` when the server says.
        public var remaining: Int?
    }

    public func list(_ resource: APIResource, namespace: String?, limit: Int = 500, continueToken: String? = nil,
                     resourceVersion: String? = nil, timeout: Duration? = nil) async throws -> ListPage {
        var query: [(String, String)] = [("limit", String(limit))]
        if let continueToken, !continueToken.isEmpty { query.append(("continue", continueToken)) }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        let node = try await get(resource.path(namespace: namespace), query: query, timeout: timeout)
        guard let items = node["items"]?.sequenceValue ?? (node["items"]?.isNull == true ? [] : nil) else {
            throw KubeAPIError.malformed("the list of \(resource) has no items")
        }
        let metadata = node["metadata"]
        return ListPage(items: items, resourceVersion: metadata?["resourceVersion"]?.stringValue ?? "",
                        continueToken: metadata?["continue"]?.stringValue ?? "",
                        remaining: metadata?["remainingItemCount"]?.intValue.map(Int.init))
    }

    /// Every object of a collection, page by page: `body` sees each page and may stop early.
    public func listAll(_ resource: APIResource, namespace: String?, pageSize: Int = 500, timeout: Duration? = nil,
                        _ body: (ListPage) async throws -> Void) async throws -> String {
        var token: String?
        var resourceVersion = ""
        repeat {
            let page = try await list(resource, namespace: namespace, limit: pageSize, continueToken: token, timeout: timeout)
            resourceVersion = page.resourceVersion
            try await body(page)
            token = page.continueToken.isEmpty ? nil : page.continueToken
        } while token != nil
        return resourceVersion
    }

    // MARK: Watch

    /// Opens a watch. The stream yields events until the server ends it (`timeoutSeconds`),
    /// the connection drops (an error), or the task is cancelled.
    public func watch(_ resource: APIResource, namespace: String?, resourceVersion: String,
                      timeoutSeconds: Int, bookmarks: Bool = true) async throws -> WatchStream {
        var query: [(String, String)] = [("watch", "true"), ("resourceVersion", resourceVersion),
                                         ("timeoutSeconds", String(timeoutSeconds))]
        if bookmarks { query.append(("allowWatchBookmarks", "true")) }
        let response = try await send(watchHTTP, resource.path(namespace: namespace), query)
        guard (200..<300).contains(Int(response.status.code)) else {
            let bytes = (try? await response.body.collect(upTo: 1 << 20)).map { Array($0.readableBytesView) } ?? []
            throw KubeAPIError.status(Self.status(response, bytes))
        }
        return WatchStream(body: response.body)
    }
}

/// One event of a watch stream.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        case bookmark = "BOOKMARK"
        case error = "ERROR"
    }

    public var kind: Kind
    public var object: Node

    public var resourceVersion: String? { object["metadata"]?["resourceVersion"]?.stringValue }
}

/// Newline-delimited JSON watch events over a streamed body.
public struct WatchStream: AsyncSequence, Sendable {
    public typealias Element = WatchEvent
    let body: HTTPClientResponse.Body
    /// A single event larger than this ends the stream with an error (objects are ~1.5 MiB max).
    static let maxLine = 32 << 20

    public struct AsyncIterator: AsyncIteratorProtocol {
        var source: HTTPClientResponse.Body.AsyncIterator
        var pending: [UInt8] = []
        var start = 0
        var scanFrom = 0
        var finished = false

        public mutating func next() async throws -> WatchEvent? {
            while true {
                // `start` skips consumed lines; the buffer is compacted once per chunk, so a
                // chunk with many events costs one copy, not one per event.
                if let newline = pending[scanFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[start..<newline]
                    start = newline + 1
                    scanFrom = start
                    if line.allSatisfy(Self.isSpace) { continue }
                    return try Self.decode(Array(line))
                }
                scanFrom = pending.count
                if finished {
                    let rest = pending[start...]
                    guard !rest.allSatisfy(Self.isSpace) else { return nil }
                    pending = []
                    start = 0
                    scanFrom = 0
                    return try Self.decode(Array(rest))
                }
                let chunk: ByteBuffer?
                do {
                    chunk = try await source.next()
                } catch {
                    throw KubeAPIError.transport("the watch stream was cut: \(KubeClient.describe(error))")
                }
                guard let chunk else {
                    finished = true
                    continue
                }
                if start > 0 {
                    pending.removeSubrange(..<start)
                    scanFrom -= start
                    start = 0
                }
                pending.append(contentsOf: chunk.readableBytesView)
                if pending.count > WatchStream.maxLine { throw KubeAPIError.malformed("a watch event is larger than \(WatchStream.maxLine) bytes") }
            }
        }

        static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 13 || b == 9 }

        static func decode(_ line: [UInt8]) throws -> WatchEvent {
            guard let node = KubeClient.parse(line) else { throw KubeAPIError.malformed("a watch event is not JSON") }
            guard let type = node["type"]?.stringValue, let kind = WatchEvent.Kind(rawValue: type), let object = node["object"] else {
                throw KubeAPIError.malformed("a watch event has no known type or no object")
            }
            return WatchEvent(kind: kind, object: object)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: body.makeAsyncIterator())
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
