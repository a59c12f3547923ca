import Foundation
import KedaguardCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A fake kube-apiserver for tests and benchmarks, on 127.0.0.1, that behaves like the real one
/// for what a list+watch cache does:
///
/// - collections: `GET /api/v1/...` and `/apis/<group>/<version>/...`, all namespaces or one;
///   lists are JSON with `metadata.resourceVersion` and items without kind/apiVersion, paged by
///   `limit`/`continue` in key order; a continue token from before `compactHistory()` is 410;
/// - single objects by name (404 Status when missing);
/// - `watch=true`: chunked newline-delimited events from the given resourceVersion (history
///   replayed first), BOOKMARK events when allowed and asked for, 410 (as HTTP status or as an
///   ERROR event) when the resourceVersion is older than the retained history, `timeoutSeconds`;
/// - discovery documents for the resource types given to `serveDiscovery`;
/// - bearer-token auth (401), forbidden resources (403), injected faults (429 with Retry-After,
///   500, ...), dropped watch streams; optional TLS with a required client certificate.
public final class FakeKubeAPI: @unchecked Sendable {
    public struct Options: Sendable {
        public var tls = false
        /// Accepted bearer tokens; empty accepts requests without one.
        public var tokens: Set<String> = []
        /// With TLS: the handshake requires a client certificate signed by the test CA.
        public var requireClientCertificate = false
        /// A watch from a resourceVersion older than the history: answered with HTTP 410
        /// (false), or with HTTP 200 and an ERROR event carrying a 410 Status (true), as the
        /// watch cache of a real apiserver does.
        public var expiredWatchAsEvent = false
        /// The largest page served, whatever `limit` asks.
        public var maxPageSize = 500

        public init() {}
    }

    /// A request as the server saw it.
    public struct RecordedRequest: Sendable {
        public var path: String
        public var query: [String: String]
        public var authorization: String?
        public var at: ContinuousClock.Instant
        public var isWatch: Bool { query["watch"] == "true" || query["watch"] == "1" }
    }

    /// Answers the next `times` matching requests with `status` instead of serving them.
    public struct Fault: Sendable {
        public var pathContains: String
        /// nil: lists, gets and watches alike.
        public var watch: Bool?
        public var status: Int
        public var reason: String
        public var retryAfter: Int?
        public var times: Int

        public init(pathContains: String = "", watch: Bool? = nil, status: Int, reason: String = "", retryAfter: Int? = nil, times: Int = 1) {
            self.pathContains = pathContains
            self.watch = watch
            self.status = status
            self.reason = reason
            self.retryAfter = retryAfter
            self.times = times
        }
    }

    public let options: Options
    public let certificates: TestCertificates?
    private let group: MultiThreadedEventLoopGroup
    private var channel: (any Channel)?
    private let lock = NSLock()
    private var state = State()

    public init(options: Options = Options(), threads: Int = 1) throws {
        self.options = options
        self.certificates = options.tls ? try TestCertificates() : nil
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        self.state.tokens = options.tokens
    }

    // MARK: Lifecycle

    public private(set) var port = 0

    public var url: String { "\(options.tls ? "https" : "http")://127.0.0.1:\(port)" }

    /// A kubeconfig that reaches this server: its URL, its CA when it serves TLS, a bearer
    /// `token` if given, and a default `namespace` for the context (named `context`) if given.
    public func kubeconfig(token: String? = nil, namespace: String? = nil, context: String = "fake") -> String {
        let ca = certificates.map { ", certificate-authority-data: \(Data($0.caPEM.utf8).base64EncodedString())" } ?? ""
        let user = token.map { "{token: \($0)}" } ?? "{}"
        let contextBody = namespace.map { "{cluster: fake, user: fake, namespace: \($0)}" } ?? "{cluster: fake, user: fake}"
        return """
            apiVersion: v1
            kind: Config
            current-context: \(context)
            clusters: [{name: fake, cluster: {server: "\(url)"\(ca)}}]
            users: [{name: fake, user: \(user)}]
            contexts: [{name: \(context), context: \(contextBody)}]
            """
    }

    public func start() async throws {
        var sslContext: NIOSSLContext?
        if let certs = certificates {
            var config = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certs.serverCertificatePEM.utf8)).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certs.serverKeyPEM.utf8), format: .pem)))
            if options.requireClientCertificate {
                config.certificateVerification = .noHostnameVerification
                config.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certs.caPEM.utf8)))
            }
            sslContext = try NIOSSLContext(configuration: config)
        }
        let tls = sslContext
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FakeAPIHandler(server: self))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// Closes the listener and every connection; idempotent.
    public func stop() async {
        let first = withState { s -> Bool in
            defer { s.stopped = true }
            return !s.stopped
        }
        guard first else { return }
        dropWatches()
        try? await channel?.close()
        try? await group.shutdownGracefully()
    }

    // MARK: Objects

    /// Creates or replaces an object (full form, with apiVersion and kind); returns its new
    /// resourceVersion. Watchers see ADDED or MODIFIED.
    @discardableResult
    public func apply(_ object: Node) -> Int {
        guard let key = ResourceKey(object: object) else { preconditionFailure("not a Kubernetes object: \(JSONWriter.write(object))") }
        return mutate { s in
            s.resourceVersion += 1
            let rv = s.resourceVersion
            let stored = StoredObject(node: object, resourceVersion: rv, key: key)
            let existed = s.collections[key.collection]?.objects[key.objectKey] != nil
            s.kinds[key.collection] = (key.apiVersion, key.kind)
            s.collections[key.collection, default: Collection()].put(key.objectKey, stored)
            s.record(Event(rv: rv, collection: key.collection, namespace: key.namespace, line: stored.eventLine(existed ? "MODIFIED" : "ADDED")))
            return rv
        }
    }

    /// Applies every document of a YAML stream.
    public func apply(yaml: String) {
        for doc in YAMLParser.parse(yaml).documents { if let root = doc.root, root.isMapping { apply(root) } }
    }

    /// Loads many objects at once without watch history (as if the history window had passed):
    /// for benchmarks.
    public func load(_ objects: [Node]) {
        mutate { s in
            for object in objects {
                guard let key = ResourceKey(object: object) else { continue }
                s.resourceVersion += 1
                s.kinds[key.collection] = (key.apiVersion, key.kind)
                s.collections[key.collection, default: Collection()].put(key.objectKey, StoredObject(node: object, resourceVersion: s.resourceVersion, key: key))
            }
            s.history.removeAll()
            s.compactedBelow = s.resourceVersion
        }
    }

    public func delete(apiVersion: String, kind: String, namespace: String?, name: String) {
        let key = ResourceKey(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name)
        mutate { s in
            guard let old = s.collections[key.collection]?.objects[key.objectKey] else { return }
            s.resourceVersion += 1
            s.collections[key.collection]?.remove(key.objectKey)
            let gone = StoredObject(node: old.node, resourceVersion: s.resourceVersion, key: key)
            s.record(Event(rv: s.resourceVersion, collection: key.collection, namespace: key.namespace, line: gone.eventLine("DELETED")))
        }
    }

    /// Forgets all watch history and continue tokens: resuming from any earlier
    /// resourceVersion now gets 410 Gone, as after an etcd compaction.
    public func compactHistory() {
        mutate { s in
            s.history.removeAll()
            s.compactedBelow = s.resourceVersion
        }
    }

    public var resourceVersion: Int { withState { $0.resourceVersion } }

    public func object(apiVersion: String, kind: String, namespace: String?, name: String) -> Node? {
        let key = ResourceKey(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name)
        return withState { $0.collections[key.collection]?.objects[key.objectKey]?.node }
    }

    // MARK: Faults and observation

    public func inject(_ fault: Fault) { withState { $0.faults.append(fault) } }

    public func forbid(plural: String) { withState { _ = $0.forbidden.insert(plural) } }
    public func allow(plural: String) { withState { _ = $0.forbidden.remove(plural) } }

    public func setTokens(_ tokens: Set<String>) { withState { $0.tokens = tokens } }

    /// Cuts every open watch connection without ending the chunked body: the client sees a
    /// dropped stream.
    public func dropWatches() {
        let channels = withState { s -> [any Channel] in
            let c = s.watchers.values.map(\.channel)
            s.watchers.removeAll()
            return c
        }
        for c in channels { c.close(promise: nil) }
    }

    /// Sends a BOOKMARK with the current resourceVersion to every watch that allowed them.
    public func sendBookmarks() {
        mutate { s in
            for (_, w) in s.watchers where w.bookmarks {
                let (apiVersion, kind) = s.kinds[w.collection] ?? ("v1", "Unknown")
                let line = #"{"type":"BOOKMARK","object":{"kind":"\#(kind)","apiVersion":"\#(apiVersion)","metadata":{"resourceVersion":"\#(s.resourceVersion)","annotations":{"k8s.io/initial-events-end":"true"}}}}"# + "\n"
                w.send(line)
            }
        }
    }

    public var requests: [RecordedRequest] { withState { $0.requests } }
    public func clearRequests() { withState { $0.requests.removeAll() } }
    public var openWatches: Int { withState { $0.watchers.count } }

    // MARK: State

    /// An object kept as the JSON a list returns (no kind, no apiVersion): compact enough for
    /// benchmarks with 100k+ objects; GET and watch events add kind and apiVersion back.
    struct StoredObject {
        var listJSON: String
        var kind: String
        var apiVersion: String

        init(node: Node, resourceVersion: Int, key: ResourceKey) {
            var entries = node.entries ?? []
            var metadata = node["metadata"]?.entries ?? []
            metadata.removeAll { $0.key == "resourceVersion" }
            metadata.append(Node.Entry(key: "resourceVersion", value: .string(String(resourceVersion))))
            if !metadata.contains(where: { $0.key == "uid" }) {
                metadata.append(Node.Entry(key: "uid", value: .string(UUID().uuidString.lowercased())))
            }
            entries.removeAll { $0.key == "metadata" || $0.key == "kind" || $0.key == "apiVersion" }
            entries.insert(Node.Entry(key: "metadata", value: Node(.mapping(metadata))), at: 0)
            self.kind = key.kind
            self.apiVersion = key.apiVersion
            self.listJSON = JSONWriter.write(Node(.mapping(entries)))
        }

        /// The object as GET returns it.
        var node: Node { JSONParser.parse(fullJSON).documents.first?.root ?? .null }

        var fullJSON: String {
            let prefix = #"{"kind":"\#(kind)","apiVersion":"\#(apiVersion)""#
            return listJSON == "{}" ? prefix + "}" : prefix + "," + listJSON.dropFirst()
        }

        func eventLine(_ type: String) -> String {
            #"{"type":"\#(type)","object":"# + fullJSON + "}\n"
        }
    }

    struct Collection {
        var objects: [String: StoredObject] = [:]
        private var sorted: [String] = []
        private var dirty = false

        mutating func put(_ key: String, _ object: StoredObject) {
            if objects.updateValue(object, forKey: key) == nil { dirty = true }
        }

        mutating func remove(_ key: String) {
            if objects.removeValue(forKey: key) != nil { dirty = true }
        }

        mutating func sortedKeys() -> [String] {
            if dirty || sorted.count != objects.count {
                sorted = objects.keys.sorted()
                dirty = false
            }
            return sorted
        }
    }

    struct Event {
        var rv: Int
        var collection: String
        var namespace: String?
        var line: String
    }

    final class Watcher: @unchecked Sendable {
        let channel: any Channel
        let collection: String
        let namespace: String?
        let bookmarks: Bool

        init(channel: any Channel, collection: String, namespace: String?, bookmarks: Bool) {
            self.channel = channel
            self.collection = collection
            self.namespace = namespace
            self.bookmarks = bookmarks
        }

        func send(_ line: String) {
            let buffer = channel.allocator.buffer(string: line)
            channel.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        }
    }

    struct State {
        var resourceVersion = 100
        var compactedBelow = 0
        var collections: [String: Collection] = [:]
        var kinds: [String: (apiVersion: String, kind: String)] = [:]
        var history: [Event] = []
        var watchers: [ObjectIdentifier: Watcher] = [:]
        var faults: [Fault] = []
        var forbidden: Set<String> = []
        var tokens: Set<String> = []
        var requests: [RecordedRequest] = []
        var discovery: [DiscoveredResource] = []
        var stopped = false

        /// Appends to history and sends to matching watchers, under the server's lock so every
        /// watcher sees events in resourceVersion order.
        mutating func record(_ event: Event) {
            history.append(event)
            for (_, w) in watchers where w.collection == event.collection && (w.namespace == nil || w.namespace == event.namespace) {
                w.send(event.line)
            }
        }
    }

    func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }

    @discardableResult
    private func mutate<T>(_ body: (inout State) -> T) -> T {
        withState(body)
    }
}

/// Where an object lives: its collection (`group/plural`) and `namespace/name`.
struct ResourceKey {
    var apiVersion: String
    var kind: String
    var namespace: String?
    var name: String

    static let clusterScoped: Set<String> = ["ClusterTriggerAuthentication", "ClusterCloudEventSource", "Namespace"]

    init(apiVersion: String, kind: String, namespace: String?, name: String) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = Self.clusterScoped.contains(kind) ? nil : (namespace ?? "default")
        self.name = name
    }

    init?(object: Node) {
        guard let apiVersion = object["apiVersion"]?.stringValue, let kind = object["kind"]?.stringValue,
              let name = object["metadata"]?["name"]?.stringValue else { return nil }
        self.init(apiVersion: apiVersion, kind: kind, namespace: object["metadata"]?["namespace"]?.stringValue, name: name)
    }

    var group: String { apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : "" }
    var plural: String { kind.lowercased() + "s" }
    var collection: String { "\(group)/\(plural)" }
    var objectKey: String { "\(namespace ?? "")/\(name)" }
}
