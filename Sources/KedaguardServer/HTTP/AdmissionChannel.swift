import KedaguardCore
import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import NIOTLS

/// The webhook's connection setup: a handshake deadline, TLS from the reloadable certificate
/// store, then HTTP/1.1, or HTTP/2 when it is switched on and the client picks it through ALPN.
/// Hummingbird's own TLS channels take a fixed configuration and have no handshake deadline,
/// hence this one. HTTP/1.1 (what kube-apiserver speaks to webhooks) is NIO's HTTP/1.1 request
/// decoder with `AdmissionHTTP1Handler` answering on the event loop; HTTP/2 is Hummingbird's.
/// HummingbirdCore's `Server` runs the listener either way: accepting, quiescing connections on
/// graceful shutdown, and waiting for each connection's `handle(value:)` to return.
struct AdmissionChannel: ServerChildChannel {
    enum Negotiated: Sendable {
        case http1
        case http2(HTTP2Channel.Value)
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    private let responder: AdmissionResponder
    private let sslContext: NIOSSLContext
    private let http2: HTTP2Channel?
    private let limits: ConnectionLimits

    init(responder: AdmissionResponder, certificates: CertificateStore, limits: ConnectionLimits, enableHTTP2: Bool) throws {
        self.responder = responder
        self.limits = limits
        let tls = certificates.serverConfiguration(alpn: enableHTTP2 ? ["h2", "http/1.1"] : ["http/1.1"])
        self.sslContext = try NIOSSLContext(configuration: tls)
        // Per stream, from its head (a stream exists only once its headers are complete).
        let streamConfiguration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestDeadlineHandler(readTimeout: TimeAmount(limits.requestReadTimeout),
                                                               hardBodyLimit: limits.hardBodyLimit)],
            idleTimeout: TimeAmount(limits.idleTimeout))
        self.http2 = enableHTTP2
            ? HTTP2Channel(responder: responder.http2StreamResponder, configuration: HTTP2ChannelConfiguration(
                idleTimeout: limits.idleTimeout, gracefulCloseTimeout: .seconds(5), streamConfiguration: streamConfiguration))
            : nil
    }

    /// HTTP/1.1 on a channel whose TLS handshake is done or under way (or, in tests, on a
    /// channel without TLS). The read deadline runs below the HTTP decoder, from a request's
    /// first byte.
    static func addHTTP1Handlers(to channel: any Channel, responder: AdmissionResponder, limits: ConnectionLimits) throws {
        let sync = channel.pipeline.syncOperations
        let readDeadline = RequestReadDeadlineHandler(readTimeout: TimeAmount(limits.requestReadTimeout))
        try sync.addHandler(readDeadline)
        // Hummingbird's header limits.
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderFieldSize = 80 * 1024
        decoderLimits.maxHeaderListSize = 80 * 1024
        decoderLimits.maxHeaderFieldCount = 1000
        // Just the decoder: pipelining, quiescing and malformed requests are the handler's (see
        // AdmissionHTTP1Handler for why), and it writes its answers' bytes itself.
        try sync.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: decoderLimits)))
        try sync.addHandler(AdmissionHTTP1Handler(responder: responder, readDeadline: readDeadline,
                                                  idleTimeout: TimeAmount(limits.idleTimeout), hardBodyLimit: limits.hardBodyLimit))
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            let sync = channel.pipeline.syncOperations
            try sync.addHandler(NIOSSLServerHandler(context: sslContext))
            try sync.addHandler(HandshakeDeadlineHandler(timeout: TimeAmount(limits.handshakeTimeout)))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        guard let http2 else {
            return channel.eventLoop.makeCompletedFuture {
                try Self.addHTTP1Handlers(to: channel, responder: responder, limits: limits)
                return Value(negotiated: channel.eventLoop.makeSucceededFuture(.http1), channel: channel)
            }
        }
        let alpn = NIOTypedApplicationProtocolNegotiationHandler<Negotiated> { result, channel in
            switch result {
            case .negotiated("h2"):
                return http2.setup(channel: channel, logger: logger).map { .http2($0) }
            case .negotiated("http/1.1"), .fallback:
                return channel.eventLoop.makeCompletedFuture {
                    try Self.addHTTP1Handlers(to: channel, responder: self.responder, limits: self.limits)
                    return .http1
                }
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
            case .http1:
                // The handlers do the work; the server waits for the connection to end. Past the
                // graceful-shutdown period the task is cancelled: close it then.
                let channel = value.channel
                await withTaskCancellationHandler {
                    try? await channel.closeFuture.get()
                } onCancel: {
                    channel.close(promise: nil)
                }
            case .http2(let http2Value):
                await http2?.handle(value: http2Value, logger: logger)
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
