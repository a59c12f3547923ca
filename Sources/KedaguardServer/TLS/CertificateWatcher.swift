import Foundation
import Logging
import ServiceLifecycle

/// Polls `--cert-dir` and swaps in a changed pair. Polling (rather than inotify) copes with the
/// symlink swap Kubernetes uses to update mounted Secrets, and costs two small reads per period.
/// A pair that does not load is logged once and ignored: the old one keeps serving.
public struct CertificateWatcher: Service {
    let files: CertificateFiles
    let store: CertificateStore
    let interval: Duration
    let metrics: WebhookMetrics
    let logger: Logger

    public init(files: CertificateFiles, store: CertificateStore, interval: Duration, metrics: WebhookMetrics, logger: Logger) {
        self.files = files
        self.store = store
        self.interval = interval
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        var rejectedDigest: String?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            if Task.isShuttingDownGracefully { return }
            rejectedDigest = checkOnce(rejectedDigest: rejectedDigest)
        }
    }

    /// Reloads if the files changed; returns the digest of a pair that failed, to log it once.
    @discardableResult
    public func checkOnce(rejectedDigest: String? = nil) -> String? {
        let bytes: (cert: [UInt8], key: [UInt8])
        do {
            bytes = try files.readBytes()
        } catch {
            // Mid-swap or briefly missing: try again next period.
            logger.debug("certificate files not readable", metadata: ["error": "\(error)"])
            return rejectedDigest
        }
        let digest = CertificatePair.digest(bytes.cert, bytes.key)
        guard digest != store.pair.digest, digest != rejectedDigest else { return rejectedDigest }
        do {
            let pair = try CertificatePair(certificatePEM: bytes.cert, keyPEM: bytes.key)
            store.replace(with: pair)
            metrics.certificateReload(succeeded: true)
            metrics.certificateLoaded(notValidAfter: pair.notValidAfter)
            logger.info("serving certificate reloaded", metadata: [
                "subject": .string(pair.subject),
                "not_after": .string(ISO8601DateFormatter().string(from: pair.notValidAfter)),
            ])
            return nil
        } catch {
            metrics.certificateReload(succeeded: false)
            logger.error("new certificate files rejected; still serving the previous pair", metadata: [
                "cert": .string(files.certificatePath), "key": .string(files.keyPath), "error": .string("\(error)"),
            ])
            return digest
        }
    }
}
