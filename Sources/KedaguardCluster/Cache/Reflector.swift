import Foundation
import KedaguardCore

/// Receives what a reflector reads, in order. Called from one task per reflector.
public protocol ReflectorSink: Sendable {
    /// A full list starts; what it does not return by `endList` no longer exists.
    func beginList() async
    /// One page of the list.
    func listed(_ objects: [KubeObject]) async
    func endList() async
    /// An ADDED, MODIFIED or DELETED watch event.
    func changed(_ kind: WatchEvent.Kind, _ object: KubeObject) async
}

/// Timing of list and watch: defaults follow client-go's reflector.
public struct ReflectorSettings: Sendable {
    public var pageSize: Int
    /// A watch asks the server to end it after a random time in this range, spreading
    /// reconnects of many replicas.
    public var watchTimeoutSeconds: ClosedRange<Int>
    public var backoffInitial: Duration
    public var backoffMax: Duration

    public init(pageSize: Int = 500, watchTimeoutSeconds: ClosedRange<Int> = 300...600,
                backoffInitial: Duration = .milliseconds(800), backoffMax: Duration = .seconds(30)) {
        self.pageSize = pageSize
        self.watchTimeoutSeconds = watchTimeoutSeconds
        self.backoffInitial = backoffInitial
        self.backoffMax = backoffMax
    }
}

/// Exponential backoff with jitter: each delay is drawn from [d/2, d], d doubling up to `max`.
struct Backoff {
    let initial: Duration
    let max: Duration
    private(set) var attempt = 0

    init(initial: Duration, max: Duration) {
        self.initial = initial
        self.max = max
    }

    mutating func next() -> Duration {
        var d = initial
        for _ in 0..<min(attempt, 30) where d < max { d = d * 2 }
        if d > max { d = max }
        attempt += 1
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return .milliseconds(Int(ms / 2 + Double.random(in: 0...1) * ms / 2))
    }

    mutating func reset() { attempt = 0 }
}

/// What a reflector reports about its progress.
enum ReflectorEvent: Sendable {
    /// A full list completed: the sink holds the whole collection.
    case synced(objects: Int, resourceVersion: String)
    /// The server no longer has the version we hold (410): listing again.
    case expired
    /// A watch stream opened: the connection is healthy again.
    case watching
    /// A bookmark moved the resume point.
    case bookmark(resourceVersion: String)
    case failed(KubeAPIError)
}

/// Keeps a sink in step with one collection: list (paginated), then watch from the list's
/// resourceVersion with bookmarks; after a dropped stream, watch again from the last
/// resourceVersion seen; when the server says that version is gone (410 Gone / Expired, as a
/// status or as an ERROR event), list again. Errors back off with jitter; 429 waits as long as
/// Retry-After says.
struct Reflector: Sendable {
    let client: KubeClient
    let resource: APIResource
    /// nil: all namespaces (and cluster-scoped resources).
    let namespace: String?
    let sink: any ReflectorSink
    let settings: ReflectorSettings
    let report: @Sendable (ReflectorEvent) -> Void

    func run() async {
        var backoff = Backoff(initial: settings.backoffInitial, max: settings.backoffMax)
        // nil: list first. Updated by every event, so it survives a stream that drops.
        var resourceVersion: String?
        while !Task.isCancelled {
            do {
                if resourceVersion == nil {
                    resourceVersion = try await relist()
                    backoff.reset()
                }
                let started = ContinuousClock.now
                let events = try await watch(from: &resourceVersion!)
                // A stream that ends at once without events is a failure in disguise (a proxy
                // closing it): do not reconnect in a tight loop.
                if events == 0, ContinuousClock.now - started < .seconds(1) {
                    try await Task.sleep(for: backoff.next())
                } else {
                    backoff.reset()
                }
            } catch is CancellationError {
                return
            } catch let error as KubeAPIError {
                if let status = error.status, status.isExpired {
                    // The version we hold is gone from the server's history: start over.
                    report(.expired)
                    resourceVersion = nil
                    continue
                }
                report(.failed(error))
                let delay: Duration
                if let status = error.status, status.code == 429 || status.code >= 500, let seconds = status.retryAfterSeconds {
                    delay = .seconds(Swift.max(1, Swift.min(seconds, 600))) + .milliseconds(Int.random(in: 0...250))
                    _ = backoff.next()
                } else {
                    delay = backoff.next()
                }
                do { try await Task.sleep(for: delay) } catch { return }
            } catch {
                report(.failed(.transport(String(describing: error))))
                do { try await Task.sleep(for: backoff.next()) } catch { return }
            }
        }
    }

    /// Lists every page into the sink; returns the list's resourceVersion.
    private func relist() async throws -> String {
        await sink.beginList()
        var count = 0
        let rv = try await client.listAll(resource, namespace: namespace, pageSize: settings.pageSize) { page in
            try Task.checkCancellation()
            let objects = page.items.compactMap { Self.object($0, resource) }
            count += objects.count
            await sink.listed(objects)
        }
        await sink.endList()
        report(.synced(objects: count, resourceVersion: rv))
        return rv
    }

    /// Follows one watch stream; `rv` tracks the last resourceVersion seen, so a dropped stream
    /// resumes where it stopped. Returns the number of events.
    private func watch(from rv: inout String) async throws -> Int {
        let timeout = Int.random(in: settings.watchTimeoutSeconds)
        let stream = try await client.watch(resource, namespace: namespace, resourceVersion: rv, timeoutSeconds: timeout)
        report(.watching)
        var count = 0
        for try await event in stream {
            try Task.checkCancellation()
            count += 1
            switch event.kind {
            case .added, .modified, .deleted:
                if let object = Self.object(event.object, resource) { await sink.changed(event.kind, object) }
                if let version = event.resourceVersion, !version.isEmpty { rv = version }
            case .bookmark:
                if let version = event.resourceVersion, !version.isEmpty {
                    rv = version
                    report(.bookmark(resourceVersion: version))
                }
            case .error:
                throw KubeAPIError.status(APIStatus(node: event.object, httpCode: 500) ?? APIStatus(code: 500, message: "watch error"))
            }
        }
        return count
    }

    /// List items come without apiVersion and kind; the extractors need both.
    static func object(_ node: Node, _ resource: APIResource) -> KubeObject? {
        guard var entries = node.entries else { return nil }
        if node["apiVersion"]?.stringValue == nil || node["kind"]?.stringValue == nil {
            entries.removeAll { $0.key == "apiVersion" || $0.key == "kind" }
            entries.insert(Node.Entry(key: "kind", value: .string(resource.kind)), at: 0)
            entries.insert(Node.Entry(key: "apiVersion", value: .string(resource.apiVersion)), at: 0)
            return KubeObject(node: Node(.mapping(entries), at: node.position))
        }
        return KubeObject(node: node)
    }
}
