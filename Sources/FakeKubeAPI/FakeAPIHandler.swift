import Foundation
import KedaguardCore
import NIOCore
import NIOHTTP1

/// One connection of the fake API server: routes each request to list, get or watch.
final class FakeAPIHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: FakeKubeAPI
    private var head: HTTPRequestHead?
    private var watching = false

    init(server: FakeKubeAPI) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            handle(head, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let id = ObjectIdentifier(context.channel)
        server.withState { _ = $0.watchers.removeValue(forKey: id) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: Routing

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let (path, query) = Self.split(head.uri)
        let request = FakeKubeAPI.RecordedRequest(path: path, query: query, authorization: head.headers.first(name: "Authorization"),
                                                    at: .now)
        let verdict = server.withState { s -> Verdict in
            s.requests.append(request)
            if !s.tokens.isEmpty {
                let auth = request.authorization ?? ""
                guard auth.hasPrefix("Bearer "), s.tokens.contains(String(auth.dropFirst(7))) else { return .status(401, "Unauthorized", "Unauthorized", nil) }
            }
            if let i = s.faults.firstIndex(where: { f in
                f.times > 0 && (f.pathContains.isEmpty || path.contains(f.pathContains)) && (f.watch == nil || f.watch == request.isWatch)
            }) {
                s.faults[i].times -= 1
                let f = s.faults[i]
                if s.faults[i].times == 0 { s.faults.remove(at: i) }
                return .status(f.status, f.reason.isEmpty ? HTTPResponseStatus(statusCode: f.status).reasonPhrase : f.reason, "injected fault", f.retryAfter)
            }
            return .serve
        }
        if case .status(let code, let reason, let message, let retryAfter) = verdict {
            return respondStatus(context, code: code, reason: reason, message: message, retryAfter: retryAfter)
        }
        if head.method == .GET, let document = server.discoveryDocument(path: path) {
            return respond(context, status: .ok, body: document)
        }
        guard head.method == .GET, let route = Route(path: path) else {
            return respondStatus(context, code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        if server.withState({ $0.forbidden.contains(route.plural) }) {
            return respondStatus(context, code: 403, reason: "Forbidden",
                                 message: "\(route.plural).\(route.group) is forbidden: User cannot list resource \"\(route.plural)\" in API group \"\(route.group)\"")
        }
        if let name = route.name {
            return get(context, route: route, name: name)
        }
        if request.isWatch {
            return watch(context, route: route, query: query)
        }
        list(context, route: route, query: query)
    }

    enum Verdict {
        case serve
        case status(Int, String, String, Int?)
    }

    struct Route {
        var group: String
        var version: String
        var namespace: String?
        var plural: String
        var name: String?

        init?(path: String) {
            let parts = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
            var rest: ArraySlice<String>
            if parts.first == "api", parts.count >= 3 {
                group = ""
                version = parts[1]
                rest = parts[2...]
            } else if parts.first == "apis", parts.count >= 4 {
                group = parts[1]
                version = parts[2]
                rest = parts[3...]
            } else {
                return nil
            }
            if rest.first == "namespaces", rest.count >= 3 {
                namespace = rest.dropFirst().first
                rest = rest.dropFirst(2)
            }
            guard let plural = rest.first, rest.count <= 2 else { return nil }
            self.plural = plural
            self.name = rest.count == 2 ? rest.last : nil
        }

        var collection: String { "\(group)/\(plural)" }
    }

    static func split(_ uri: String) -> (String, [String: String]) {
        guard let q = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            let key = String(kv[0])
            let value = kv.count > 1 ? String(kv[1]).removingPercentEncoding ?? String(kv[1]) : ""
            query[key] = value
        }
        return (String(uri[..<q]), query)
    }

    // MARK: Answers

    private func get(_ context: ChannelHandlerContext, route: Route, name: String) {
        let key = "\(route.namespace ?? "")/\(name)"
        let json = server.withState { $0.collections[route.collection]?.objects[key]?.fullJSON }
        guard let json else {
            return respondStatus(context, code: 404, reason: "NotFound", message: "\(route.plural).\(route.group) \"\(name)\" not found")
        }
        respond(context, status: .ok, body: json)
    }

    private func list(_ context: ChannelHandlerContext, route: Route, query: [String: String]) {
        let requested = Int(query["limit"] ?? "") ?? 0
        let limit = requested > 0 ? min(requested, server.options.maxPageSize) : Int.max
        enum Outcome {
            case page(String)
            case expired
        }
        let outcome = server.withState { s -> Outcome in
            var snapshot = s.resourceVersion
            var after: String?
            if let token = query["continue"], !token.isEmpty,
               let decoded = Data(base64Encoded: token).map({ String(decoding: $0, as: UTF8.self) }),
               let bar = decoded.firstIndex(of: "|"), let rv = Int(decoded[..<bar]) {
                if rv < s.compactedBelow { return .expired }
                snapshot = rv
                after = String(decoded[decoded.index(after: bar)...])
            }
            var collection = s.collections[route.collection] ?? FakeKubeAPI.Collection()
            let keys = collection.sortedKeys()
            s.collections[route.collection] = collection
            let prefix = route.namespace.map { "\($0)/" } ?? ""
            var start = Self.lowerBound(keys, prefix)
            if let after { start = max(start, Self.upperBound(keys, after)) }
            var end = prefix.isEmpty ? keys.count : Self.lowerBound(keys, prefix.dropLast() + "0")
            end = max(start, end)
            let stop = limit == Int.max ? end : min(end, start + limit)
            var items: [String] = []
            items.reserveCapacity(stop - start)
            for k in keys[start..<stop] { if let o = collection.objects[k] { items.append(o.listJSON) } }
            var metadata = #""resourceVersion":"\#(snapshot)""#
            if stop < end, let last = keys[start..<stop].last {
                let token = Data("\(snapshot)|\(last)".utf8).base64EncodedString()
                metadata += #","continue":"\#(token)","remainingItemCount":\#(end - stop)"#
            }
            let (apiVersion, kind) = s.kinds[route.collection] ?? (route.group.isEmpty ? route.version : "\(route.group)/\(route.version)", "Unknown")
            return .page(#"{"kind":"\#(kind)List","apiVersion":"\#(apiVersion)","metadata":{\#(metadata)},"items":["# + items.joined(separator: ",") + "]}")
        }
        switch outcome {
        case .page(let body): respond(context, status: .ok, body: body)
        case .expired:
            respondStatus(context, code: 410, reason: "Expired",
                          message: "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
        }
    }

    private func watch(_ context: ChannelHandlerContext, route: Route, query: [String: String]) {
        let channel = context.channel
        let from = query["resourceVersion"] ?? ""
        let bookmarks = query["allowWatchBookmarks"] == "true"
        let expiredAsEvent = server.options.expiredWatchAsEvent
        let ns = route.namespace
        enum Start {
            case expired
            case stream([String])
        }
        let start = server.withState { s -> Start in
            var backlog: [String] = []
            if from.isEmpty || from == "0" {
                // No version: start with the current state as ADDED events.
                var collection = s.collections[route.collection] ?? FakeKubeAPI.Collection()
                for k in collection.sortedKeys() where ns == nil || k.hasPrefix("\(ns!)/") {
                    if let o = collection.objects[k] { backlog.append(o.eventLine("ADDED")) }
                }
                s.collections[route.collection] = collection
            } else {
                guard let rv = Int(from), rv >= s.compactedBelow else { return .expired }
                for e in s.history where e.rv > rv && e.collection == route.collection && (ns == nil || e.namespace == ns) {
                    backlog.append(e.line)
                }
            }
            // Registered under the lock that orders events: nothing between backlog and live.
            s.watchers[ObjectIdentifier(channel)] = FakeKubeAPI.Watcher(channel: channel, collection: route.collection, namespace: ns, bookmarks: bookmarks)
            return .stream(backlog)
        }
        let expiredStatus = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: \#(from) (\#(server.resourceVersion))","reason":"Expired","code":410}"#
        if case .expired = start, !expiredAsEvent {
            return respondStatus(context, code: 410, reason: "Expired", message: "too old resource version: \(from)")
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Transfer-Encoding", value: "chunked")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        watching = true
        switch start {
        case .expired:
            server.withState { _ = $0.watchers.removeValue(forKey: ObjectIdentifier(channel)) }
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: #"{"type":"ERROR","object":\#(expiredStatus)}"# + "\n")))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        case .stream(let backlog):
            for line in backlog { context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: line)))), promise: nil) }
            context.flush()
        }
        if let seconds = Int(query["timeoutSeconds"] ?? ""), seconds > 0 {
            let server = self.server
            context.eventLoop.scheduleTask(in: .seconds(Int64(seconds))) {
                let removed = server.withState { $0.watchers.removeValue(forKey: ObjectIdentifier(channel)) }
                if removed != nil { channel.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil) }
            }
        }
    }

    private func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus, body: String, extra: [(String, String)] = []) {
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        for (k, v) in extra { headers.add(name: k, value: v) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func respondStatus(_ context: ChannelHandlerContext, code: Int, reason: String, message: String, retryAfter: Int? = nil) {
        var details = ""
        if let retryAfter { details = #","details":{"retryAfterSeconds":\#(retryAfter)}"# }
        let body = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":\#(JSONWriter.quoted(message)),"reason":\#(JSONWriter.quoted(reason)),"code":\#(code)\#(details)}"#
        respond(context, status: HTTPResponseStatus(statusCode: code), body: body, extra: retryAfter.map { [("Retry-After", String($0))] } ?? [])
    }

    static func lowerBound(_ keys: [String], _ value: String) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func upperBound(_ keys: [String], _ value: String) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
