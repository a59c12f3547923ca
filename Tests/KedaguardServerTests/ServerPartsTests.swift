import Foundation
import KedaguardCore
import KedaguardServer
import Logging
import NIOConcurrencyHelpers
import Testing

struct ServerPartsTests {
    @Test("listen addresses in controller-runtime's style", arguments: [
        (":8080", "0.0.0.0:8080"), ("127.0.0.1:9443", "127.0.0.1:9443"), ("[::1]:8081", "[::1]:8081"), ("localhost:0", "localhost:0"),
    ])
    func listenAddress(text: String, expected: String) throws {
        #expect(try ListenAddress.parse(text)?.description == expected)
    }

    @Test func disabledAndInvalidAddresses() throws {
        #expect(try ListenAddress.parse("0") == nil)
        for bad in ["8080", ":http", "::1:80", "[::1:80", ":70000", ""] {
            #expect(throws: ListenAddress.ParseError.self) { try ListenAddress.parse(bad) }
        }
    }

    @Test func jsonLogLinesAreJSON() throws {
        let lines = NIOLockedValueBox<[String]>([])
        var handler = JSONLogHandler(label: "test") { line in lines.withLockedValue { $0.append(line) } }
        handler.logLevel = .debug
        let logger = Logger(label: "test") { _ in handler }
        logger.info("admission review", metadata: [
            "uid": "u-1", "duration_ms": .stringConvertible(0.25), "rules": .array(["a", "b"]), "quote": "say \"hi\"\nbye",
        ])
        logger.debug("second")
        let got = lines.withLockedValue { $0 }
        #expect(got.count == 2)
        #expect(got.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().firstIndex(of: "\n") == nil })
        let first = try #require(parseJSON(got[0]))
        #expect(first["msg"]?.stringValue == "admission review")
        #expect(first["level"]?.stringValue == "info")
        #expect(first["uid"]?.stringValue == "u-1")
        #expect(first["duration_ms"]?.numberValue?.double == 0.25)
        #expect(first["rules"]?[1]?.stringValue == "b")
        #expect(first["quote"]?.stringValue == "say \"hi\"\nbye")
        #expect(first["ts"]?.stringValue?.isEmpty == false)
    }

    @Test func selfSignedCertificateCoversLocalNames() throws {
        let certs = try SelfSignedCertificates.generate(dnsNames: ["localhost", "kedaguard.kedaguard.svc"])
        #expect(certs.caPEM.contains("BEGIN CERTIFICATE"))
        #expect(certs.keyPEM.contains("PRIVATE KEY"))
        let pair = try certs.pair()
        #expect(pair.subject.contains("localhost"))
    }
}
