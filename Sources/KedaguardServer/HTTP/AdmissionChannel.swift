import KedaguardCore
import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// The webhook's connection setup: a handshake deadline, TLS from the reloadable certificate
/// store, then HTTP/1.1, or HTTP/2 when it is switched on and the client picks it through ALPN.
/// Hummingbird's own TLS channels take a fixed configuration and have no handshake deadline,
/// hence this one; the HTTP layers are Hummingbird's.
struct AdmissionChannel: HTTPChannelHandler {
    enum Negotiated: Sendable {
        case http1(HTTP1Channel.Value)
        case http2(HTTP2Channel.Value)
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    private let sslContext: NIOSSLContext
    private let http1: HTTP1Channel
    private let http2: HTTP2Channel?
    private let handshakeTimeout: TimeAmount
    private let readTimeout: TimeAmount

    init(responder: @escaping HTTPChannelHandler.Responder, certificates: CertificateStore, limits: ConnectionLimits,
         enableHTTP2: Bool) throws {
        self.responder = responder
        let tls = certificates.serverConfiguration(alpn: enableHTTP2 ? ["h2", "http/1.1"] : ["http/1.1"])
        self.sslContext = try NIOSSLContext(configuration: tls)
        self.handshakeTimeout = TimeAmount(limits.handshakeTimeout)
        self.readTimeout = TimeAmount(limits.requestReadTimeout)
        // HTTP/1.1: the read deadline runs below the HTTP decoder (from a request's first byte);
        // HTTP/2: per stream, from its head (a stream exists only once its headers are complete).
        self.http1 = HTTP1Channel(responder: responder, configuration: HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestDeadlineHandler(readTimeout: nil, hardBodyLimit: limits.hardBodyLimit)],
            idleTimeout: TimeAmount(limits.idleTimeout)))
        let streamConfiguration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestDeadlineHandler(readTimeout: TimeAmount(limits.requestReadTimeout),
                                                               hardBodyLimit: limits.hardBodyLimit)],
            idleTimeout: TimeAmount(limits.idleTimeout))
        self.http2 = enableHTTP2
            ? HTTP2Channel(responder: responder, configuration: HTTP2ChannelConfiguration(
                idleTimeout: limits.idleTimeout, gracefulCloseTimeout: .seconds(5), streamConfiguration: streamConfiguration))
            : nil
    }

    /// HTTP/1.1 on a channel whose TLS handshake is done or under way.
    private func setupHTTP1(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(RequestReadDeadlineHandler(readTimeout: readTimeout))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            let sync = channel.pipeline.syncOperations
            try sync.addHandler(NIOSSLServerHandler(context: sslContext))
            try sync.addHandler(HandshakeDeadlineHandler(timeout: handshakeTimeout))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        guard let http2 else {
            return setupHTTP1(channel: channel, logger: logger).map {
                Value(negotiated: channel.eventLoop.makeSucceededFuture(.http1($0)), channel: channel)
            }
        }
        let alpn = NIOTypedApplicationProtocolNegotiationHandler<Negotiated> { result, channel in
            switch result {
            case .negotiated("h2"):
                return http2.setup(channel: channel, logger: logger).map { .http2($0) }
            case .negotiated("http/1.1"), .fallback:
                return self.setupHTTP1(channel: channel, logger: logger).map { .http1($0) }
            case .negotiated:
                return channel.close().flatMapThrowing { throw NIOTLSUnexpectedProtocol() }
            }
        }
        do {
            try channel.pipeline.syncOperations.addHandler(alpn)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return channel.eventLoop.makeSucceededFuture(Value(negotiated: alpn.protocolNegotiationResult, channel: channel))
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http1(let http1Value): await http1.handle(value: http1Value, logger: logger)
            case .http2(let http2Value): await http2?.handle(value: http2Value, logger: logger)
            }
        } catch {
            logger.debug("connection ended before a protocol was agreed", metadata: ["error": "\(error)"])
        }
    }
}

struct NIOTLSUnexpectedProtocol: Error {}

/// Timeouts and sizes that keep one client from holding the server.
public struct ConnectionLimits: Sendable {
    /// Time for the TLS handshake after the TCP connection opens.
    public var handshakeTimeout: Duration
    /// Time from a request's first header byte to the end of its body.
    public var requestReadTimeout: Duration
    /// A connection with no request in progress for this long is closed. kube-apiserver (Go's
    /// transport) drops idle connections after 90 s itself.
    public var idleTimeout: Duration
    /// Body bytes after which the connection is closed outright.
    public var hardBodyLimit: Int

    public init(handshakeTimeout: Duration = .seconds(10), requestReadTimeout: Duration = .seconds(10),
                idleTimeout: Duration = .seconds(120), hardBodyLimit: Int = AdmissionSettings.defaultMaxBodyBytes + 1024 * 1024) {
        self.handshakeTimeout = handshakeTimeout
        self.requestReadTimeout = requestReadTimeout
        self.idleTimeout = idleTimeout
        self.hardBodyLimit = hardBodyLimit
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
