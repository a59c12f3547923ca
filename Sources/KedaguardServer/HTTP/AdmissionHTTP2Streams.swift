import Hummingbird
import HummingbirdCore
import NIOCore

extension AdmissionResponder {
    /// The responder as Hummingbird's HTTP/2 streams call it: one stream, one request. HTTP/2
    /// has no `Connection` header, and a draining server sends GOAWAY when the listener stops, so
    /// the reply's `close` is not used here.
    var http2StreamResponder: HTTPChannelHandler.Responder {
        { request, responseWriter, channel in
            let exchange = self.begin(AdmissionRequestHead(
                isPost: request.method == .post, path: request.uri.path, query: request.uri.query,
                contentType: request.headers[.contentType], contentLength: request.headers[.contentLength].flatMap { Int($0) },
                closeRequested: false))
            let reply: AdmissionReply
            if let early = self.answerBeforeBody(exchange) {
                reply = early
            } else {
                var request = request
                do {
                    let buffer = try await request.collectBody(upTo: self.maxBodyBytes)
                    let body = Array(buffer.readableBytesView)
                    if let isolation = EventLoopIsolation(channel.eventLoop) {
                        reply = await isolation.run { await self.answer(exchange, body: body) }
                    } else {
                        reply = await self.answer(exchange, body: body)
                    }
                } catch is NIOTooManyBytesError {
                    reply = self.answerBodyTooLarge(exchange)
                } catch {
                    reply = self.answerUnreadableBody(exchange, error: error)
                }
            }
            var headers: HTTPFields = [.contentType: reply.contentType]
            if let allow = reply.allow { headers[.allow] = allow }
            let response = Response(status: .init(code: reply.status), headers: headers,
                                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
            try await responseWriter.write(response: response.head, body: response.body)
        }
    }
}
